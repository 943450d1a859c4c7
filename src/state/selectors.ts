import type { RunEvent } from '../core/labs/types';
import { activeSlot, type LabState } from './store';
import type { RunRecord } from './runRecord';

export type ProgressEvent = Extract<RunEvent, { type: 'progress' }>;

/** Runs of the visible lab's latest Run press, in order (never another lab's). */
export function currentRuns(s: LabState): RunRecord[] {
  return activeSlot(s).currentRunIds.map((id) => s.runs[id]).filter((r): r is RunRecord => !!r && r.lab === s.lab);
}

/** The visible lab's settings. */
export const selectConfig = (s: LabState): Record<string, unknown> => activeSlot(s).config;
/** The visible lab's seed. */
export const selectSeed = (s: LabState): number => activeSlot(s).seed;
/** The built-in preset the visible lab's settings came from, if unchanged. */
export const selectPresetId = (s: LabState): string | null => activeSlot(s).presetId;
/** The visible lab's per-field form problems. */
export const selectFieldIssues = (s: LabState): Record<string, string> => activeSlot(s).fieldIssues;
/** History records overlaid on the visible lab's charts. */
export const selectOverlayIds = (s: LabState): string[] => activeSlot(s).overlayIds;

/** Whether any lab has a run that is not over (queued, running or paused): leaving the page would cut it off. */
export const selectAnyRunInProgress = (s: LabState): boolean =>
  Object.values(s.runs).some((r) => r.status === 'queued' || r.status === 'running' || r.status === 'paused');

/** Aggregate progress of the current runs (a sweep counts all of its runs). */
export interface AggregateProgress {
  done: number;
  total: number;
  /** Work units per second of the runs now running. */
  rate: number;
  /** Seconds left at the current rate, or NaN. */
  etaSeconds: number;
  active: boolean;
  paused: boolean;
  status: 'idle' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';
  runsDone: number;
  runsTotal: number;
  /** Runs computing now, and runs waiting for a worker (a pool narrower than the job runs its parts in turn). */
  runsRunning: number;
  runsQueued: number;
}

export function aggregateProgress(runs: RunRecord[]): AggregateProgress {
  let done = 0;
  let total = 0;
  let rate = 0;
  let runsDone = 0;
  // A run that has not reported yet (queued, no `steps` key) counts as the mean size of those that have, so a
  // multi-run job's bar and ETA do not jump as queued runs start.
  // A run's own reported total wins over `config.steps` (a lab may count more units than its `steps` key, e.g. two phases).
  const known = runs.map((r) => (r.snapshots.progress as ProgressEvent | undefined)?.total || Number(r.config.steps) || 0).filter((t) => t > 0);
  const typical = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
  for (const r of runs) {
    const p = r.snapshots.progress as ProgressEvent | undefined;
    const t = p?.total || Number(r.config.steps) || typical;
    total += t;
    const finished = r.status === 'done' || r.status === 'failed' || r.status === 'cancelled';
    done += finished && r.status === 'done' ? t : (p?.done ?? 0);
    if (finished) runsDone++;
    // Runs in parallel workers add up; the ETA uses the combined rate.
    if (r.status === 'running' && p) rate += p.unitsPerSecond;
  }
  const active = runs.some((r) => r.status === 'running' || r.status === 'queued' || r.status === 'paused');
  const paused = active && runs.every((r) => r.status !== 'running');
  const last = runs.find((r) => r.status === 'failed') ?? runs.find((r) => r.status === 'cancelled');
  const status: AggregateProgress['status'] = !runs.length
    ? 'idle'
    : active
      ? paused
        ? 'paused'
        : 'running'
      : (last?.status as 'failed' | 'cancelled' | undefined) ?? 'done';
  const runsRunning = runs.filter((r) => r.status === 'running').length;
  const runsQueued = runs.filter((r) => r.status === 'queued').length;
  return { done, total, rate, etaSeconds: rate > 0 ? (total - done) / rate : NaN, active, paused, status, runsDone, runsTotal: runs.length, runsRunning, runsQueued };
}
