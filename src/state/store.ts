import { create } from 'zustand';
import { parseField, type ConfigIssue } from '../core/config/schema';
import { findLab, labs } from '../core/labs/registry';
import type { RunEvent } from '../core/labs/types';
import { decodeExperiment, encodeExperiment, presetExperiment, type Experiment } from '../presets/urlCodec';
import { defaultPoolSize, type RunHandle, type RunOutcome } from '../workers/client';
import type { BackendRequest, WorkerEvent } from '../workers/protocol';

export type { BackendRequest };
import { deleteRun, listRuns, saveRun } from './historyDb';
import { getPool } from './pool';
import type { RunRecord } from './runRecord';

/** A message for the banner (bad link, failed run …). */
export interface Notice {
  id: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

export interface LabState {
  // ── experiment (serialisable; mirrored in the URL hash) ──
  lab: string;
  config: Record<string, unknown>;
  seed: number;
  /** Which built-in preset the config came from (cleared on edit). */
  presetId: string | null;

  // ── runs (ephemeral) ──
  runs: Record<string, RunRecord>;
  /** Runs of the latest Run press (one, or several for a sweep), in order. */
  currentRunIds: string[];

  // ── history (IndexedDB) and overlays ──
  history: RunRecord[];
  overlayIds: string[];

  // ── ui ──
  backend: BackendRequest;
  /** Steps per second cap for a readable pace (0 = full speed). */
  pace: number;
  notices: Notice[];
  /** Per-field problems from the form (kept until the field is valid again). */
  fieldIssues: Record<string, string>;
}

/** Default display pace: a 2,000-step run takes about 4 s, slow enough to watch w fall, fast enough not to wait. */
export const DEFAULT_PACE = 500;

const handles = new Map<string, RunHandle>();
/** Runs a worker has picked up (a paused run that never started goes back to `queued` on resume). */
const started = new Set<string>();
let noticeId = 0;
let runCounter = 0;

function initialState(): LabState {
  const lab = labs[0]!;
  const e = presetExperiment(lab.id, lab.presets[0]!.id)!;
  return {
    lab: e.lab,
    config: e.config,
    seed: e.seed,
    presetId: lab.presets[0]!.id,
    runs: {},
    currentRunIds: [],
    history: [],
    overlayIds: [],
    backend: 'auto',
    pace: DEFAULT_PACE,
    notices: [],
    fieldIssues: {},
  };
}

export const useLabStore = create<LabState>()(() => initialState());

const set = useLabStore.setState;
const get = useLabStore.getState;

// ───────────────────────── notices ─────────────────────────

export function notify(level: Notice['level'], text: string): void {
  set((s) => ({ notices: [...s.notices.slice(-4), { id: ++noticeId, level, text }] }));
}
export function dismissNotice(id: number): void {
  set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

// ───────────────────────── experiment ─────────────────────────

/** Load an experiment (from a link, a preset or history); `messages` go to the banner. */
export function loadExperiment(e: Experiment, messages: string[] = [], presetId: string | null = null): void {
  set({ lab: e.lab, config: e.config, seed: e.seed, presetId, fieldIssues: {} });
  if (messages.length) notify('warn', `This link had problems; fixed what could be fixed. ${messages.join(' · ')}`);
  void refreshHistory();
}

/** Decode a URL hash into the store (never throws; bad links fall back to defaults with a message). */
export function loadFromHash(hash: string): void {
  const { experiment, messages, fallback } = decodeExperiment(hash);
  loadExperiment(experiment, fallback ? [`Could not read the link, so the defaults are shown.`, ...messages] : messages, matchingPreset(experiment));
}

/** The built-in preset an experiment is exactly (so a preset link shows its title and description). */
export function matchingPreset(e: Experiment): string | null {
  const lab = findLab(e.lab);
  const key = encodeExperiment(e);
  return lab?.presets.find((p) => encodeExperiment(presetExperiment(lab.id, p.id)!) === key)?.id ?? null;
}

export function selectLab(labId: string): void {
  const lab = findLab(labId);
  if (!lab) return;
  const e = presetExperiment(lab.id, lab.presets[0]!.id)!;
  loadExperiment(e, [], lab.presets[0]!.id);
}

export function applyPreset(presetId: string): void {
  const e = presetExperiment(get().lab, presetId);
  if (e) loadExperiment(e, [], presetId);
}

/**
 * Set one config field from a form control. Valid input is applied (after the lab's cross-field rules);
 * invalid input keeps the previous value and records a message for that field, so nothing is lost.
 */
export function setField(key: string, raw: unknown): ConfigIssue | undefined {
  const lab = findLab(get().lab);
  const field = lab?.schema[key];
  if (!lab || !field) return { field: key, message: `${key}: unknown setting` };
  const { value, issue } = parseField(key, field, raw);
  // Unreadable input (not a number, bad list or JSON) keeps the previous value: nothing typed is applied blindly.
  const unreadable = issue && (field.kind === 'numberArray' || field.kind === 'json' || /not a number|not allowed|not a boolean/.test(issue.message));
  if (unreadable) {
    set((s) => ({ fieldIssues: { ...s.fieldIssues, [key]: issue.message } }));
    return issue;
  }
  const { config } = lab.normalize({ ...get().config, [key]: value } as never);
  // Leaving a field without changing it (Tab through the form) must not clear the preset.
  if (!issue && JSON.stringify(config) === JSON.stringify(get().config)) {
    if (get().fieldIssues[key]) set((s) => { const f = { ...s.fieldIssues }; delete f[key]; return { fieldIssues: f }; });
    return undefined;
  }
  set((s) => {
    const fieldIssues = { ...s.fieldIssues };
    if (issue) fieldIssues[key] = issue.message;
    else delete fieldIssues[key];
    return { config: config as Record<string, unknown>, presetId: null, fieldIssues };
  });
  return issue;
}

export function setSeed(raw: unknown): void {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 2147483647) {
    set((s) => ({ fieldIssues: { ...s.fieldIssues, seed: 'seed: expected an integer in [0, 2147483647]' } }));
    return;
  }
  set((s) => {
    const fieldIssues = { ...s.fieldIssues };
    delete fieldIssues.seed;
    return { seed: n, presetId: n === s.seed ? s.presetId : null, fieldIssues };
  });
}

export function setBackend(backend: BackendRequest): void {
  set({ backend });
}

export function setPace(pace: number): void {
  set({ pace });
  for (const id of get().currentRunIds) handles.get(id)?.setPace(pace);
}

// ───────────────────────── runs ─────────────────────────

function updateRun(id: string, f: (r: RunRecord) => RunRecord): void {
  flushEvents();
  set((s) => (s.runs[id] ? { runs: { ...s.runs, [id]: f(s.runs[id]!) } } : {}));
}

/**
 * Worker events are buffered and folded into the store at most every `UI_FLUSH_MS`, in one update for all
 * runs: the charts then re-render ≤ 2 times a second however fast the workers stream, which keeps the page's
 * main-thread tasks short.
 */
export const UI_FLUSH_MS = 500;
let pendingEvents: { id: string; e: WorkerEvent }[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function queueEvent(id: string, e: WorkerEvent): void {
  pendingEvents.push({ id, e });
  flushTimer ??= setTimeout(flushEvents, UI_FLUSH_MS);
}

function flushEvents(): void {
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  if (!pendingEvents.length) return;
  const batch = pendingEvents;
  pendingEvents = [];
  set((s) => {
    const runs = { ...s.runs };
    for (const { id, e } of batch) if (runs[id]) runs[id] = applyEvent(runs[id]!, e);
    return { runs };
  });
}

/** Fold one streamed event into a run record (pure; exported for tests). */
export function applyEvent(r: RunRecord, e: WorkerEvent | RunEvent): RunRecord {
  switch (e.type) {
    case 'points':
      return { ...r, series: { ...r.series, [e.series]: [...(r.series[e.series] ?? []), ...e.rows] } };
    case 'snapshot':
      return { ...r, snapshots: { ...r.snapshots, [e.name]: e.data } };
    case 'progress':
      return { ...r, snapshots: { ...r.snapshots, progress: e } };
    case 'final':
      return { ...r, final: e.metrics };
    case 'backend':
      return { ...r, backend: e.backend.name, backendReason: e.backend.reason };
    case 'log':
      return r;
  }
}

/** Start the current experiment (several runs for a sweep) in the worker pool. */
export function startRun(): string[] {
  const s = get();
  const lab = findLab(s.lab);
  if (!lab) return [];
  cancelAll();
  const configs = lab.expand(s.config as never, s.seed) as Record<string, unknown>[];
  const sweepId = configs.length > 1 ? `sweep-${Date.now()}` : undefined;
  const ids: string[] = [];
  const records: Record<string, RunRecord> = {};
  for (const config of configs) {
    const id = `run-${Date.now().toString(36)}-${(++runCounter).toString(36)}`;
    ids.push(id);
    records[id] = {
      id,
      lab: s.lab,
      label: lab.label(config as never, s.seed),
      config,
      seed: s.seed,
      status: 'queued',
      backend: s.backend,
      startedAt: Date.now(),
      series: {},
      snapshots: {},
      sweepId,
    };
  }
  // Finished runs that are no longer on screen live in the history (IndexedDB); drop them from memory.
  set((st) => {
    const kept: Record<string, RunRecord> = {};
    for (const [id, r] of Object.entries(st.runs)) if (r.status === 'running' || r.status === 'queued' || r.status === 'paused') kept[id] = r;
    return { runs: { ...kept, ...records }, currentRunIds: ids };
  });
  // Runs compared live side by side (e.g. three mechanisms) run at once even where the pool is narrower.
  // Runs compared live side by side run at once even where the pool is narrower; then each gets a share of a
  // core so that together they leave one core to the page (2 cores, 3 runs: a third of a core each).
  let cpuShare = 1;
  if (ids.length > 1 && lab.sideBySide?.(s.config as never)) {
    getPool().widen(ids.length);
    const free = Math.max(1, defaultPoolSize());
    if (ids.length > free) cpuShare = free / ids.length;
  }
  const outcomes = ids.map((id) => submitRun(records[id]!, s.backend, s.pace, cpuShare));
  if (lab.combine) void Promise.all(outcomes).then((os) => startFinalPhase(lab, s.config, s.seed, s.backend, ids, configs, os, sweepId));
  return ids;
}

function submitRun(rec: RunRecord, backend: BackendRequest, pace: number, cpuShare = 1): Promise<RunOutcome> {
  const id = rec.id;
  const handle = getPool().submit(
    { runId: id, lab: rec.lab, config: rec.config, seed: rec.seed, backend, pace, ...(cpuShare < 1 ? { cpuShare } : {}) },
    (e) => queueEvent(id, e),
    () => {
      started.add(id);
      updateRun(id, (r) => ({ ...r, status: r.status === 'paused' ? 'paused' : 'running', startedAt: Date.now() }));
    },
  );
  handles.set(id, handle);
  return handle.outcome.then((o) => {
    finishRun(id, o);
    return o;
  });
}

/**
 * A lab's final phase (`LabDefinition.combine`): once every run of a Run press is done — and that press is still
 * the current one — one more run combines their final metrics (e.g. the all-pay design lab's surrogate fit). It
 * joins the press's runs, so the view, pause and cancel treat it like the others. Any run that did not finish
 * (cancelled, failed) skips it.
 */
function startFinalPhase(
  lab: NonNullable<ReturnType<typeof findLab>>,
  config: Record<string, unknown>,
  seed: number,
  backend: BackendRequest,
  ids: string[],
  configs: Record<string, unknown>[],
  outcomes: RunOutcome[],
  sweepId: string | undefined,
): void {
  if (get().currentRunIds.join() !== ids.join()) return;
  if (!outcomes.every((o) => o.status === 'done')) return;
  const parts = configs.map((c, i) => ({ config: c, metrics: (outcomes[i] as { metrics: Record<string, unknown> }).metrics }));
  const finalConfig = lab.combine!(config as never, parts as never) as Record<string, unknown> | null;
  if (!finalConfig) return;
  const id = `run-${Date.now().toString(36)}-${(++runCounter).toString(36)}`;
  const rec: RunRecord = {
    id, lab: lab.id, label: lab.label(finalConfig as never, seed), config: finalConfig, seed,
    status: 'queued', backend, startedAt: Date.now(), series: {}, snapshots: {}, sweepId,
  };
  set((st) => ({ runs: { ...st.runs, [id]: rec }, currentRunIds: [...st.currentRunIds, id] }));
  void submitRun(rec, backend, get().pace);
}

function finishRun(id: string, o: RunOutcome): void {
  handles.delete(id);
  started.delete(id);
  updateRun(id, (r) => ({
    ...r,
    status: o.status,
    finishedAt: Date.now(),
    final: o.status === 'done' ? o.metrics : r.final,
    error: o.status === 'failed' ? o.error : undefined,
  }));
  const r = get().runs[id];
  if (!r) return;
  if (o.status === 'failed') notify('error', `Run “${r.label}” failed: ${o.error}. The curve so far is kept.`);
  if (o.status === 'done' || o.status === 'failed') void saveRun(r).then(refreshHistory);
}

export function pauseRuns(): void {
  for (const id of get().currentRunIds) {
    handles.get(id)?.pause();
    updateRun(id, (r) => (r.status === 'running' || r.status === 'queued' ? { ...r, status: 'paused' } : r));
  }
}

export function resumeRuns(): void {
  for (const id of get().currentRunIds) {
    handles.get(id)?.resume();
    updateRun(id, (r) => (r.status === 'paused' ? { ...r, status: started.has(id) ? 'running' : 'queued' } : r));
  }
}

export function cancelAll(): void {
  for (const id of get().currentRunIds) handles.get(id)?.cancel();
}

/** Test hook: crash the worker of a run (proves a dead worker fails only its run). */
export function crashWorkerOf(runId: string): void {
  getPool().crashWorkerOf(runId);
}

// ───────────────────────── history ─────────────────────────

export async function refreshHistory(): Promise<void> {
  const history = await listRuns(get().lab);
  set((s) => ({ history, overlayIds: s.overlayIds.filter((id) => history.some((h) => h.id === id)) }));
}

export function toggleOverlay(id: string): void {
  set((s) => ({ overlayIds: s.overlayIds.includes(id) ? s.overlayIds.filter((x) => x !== id) : [...s.overlayIds, id] }));
}

export async function removeFromHistory(id: string): Promise<void> {
  await deleteRun(id);
  await refreshHistory();
}

/** Load a past run's experiment into the form (to rerun or tweak it). */
export function loadFromHistory(id: string): void {
  const r = get().history.find((h) => h.id === id);
  if (!r) return;
  const lab = findLab(r.lab);
  if (!lab) return;
  loadExperiment({ lab: r.lab, config: r.config, seed: r.seed }, []);
}
