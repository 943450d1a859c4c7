/**
 * The one restore path for run records from outside the page's memory: the run history (IndexedDB) and an
 * imported runs file. Whatever is stored (an older version's record, a hand-edited file, a corrupt entry) either
 * becomes a {@link RunRecord} that every view, overlay and export can trust, or is refused with a reason; it never
 * reaches React or a worker as it is.
 */
import { preview } from '../core/config/schema';
import type { FinalMetrics, SeriesRow } from '../core/labs/types';
import { restoreExperiment } from '../presets/restore';
import { PRESET_VERSION } from '../presets/urlCodec';
import { findLab } from '../core/labs/registry';
import type { RunRecord, RunStatus } from './runRecord';

/** A restored record, with a sentence per problem that was repaired. */
export type RestoredRun = { ok: true; record: RunRecord; messages: string[] } | { ok: false; reason: string };

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'paused', 'done', 'failed', 'cancelled', 'interrupted'];
/** Longest text kept from a stored label, backend name or error. */
const MAX_TEXT = 500;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const text = (x: unknown): string | undefined => (typeof x === 'string' ? x.slice(0, MAX_TEXT) : undefined);

/** Series rows: arrays of objects whose numeric cells are kept (anything else in a row is dropped). */
function restoreSeries(raw: unknown, messages: string[]): Record<string, SeriesRow[]> {
  const out: Record<string, SeriesRow[]> = {};
  if (raw === undefined) return out;
  if (!isObject(raw)) {
    messages.push(`series ${preview(raw)} is not a table; dropped`);
    return out;
  }
  for (const [name, rows] of Object.entries(raw)) {
    if (!Array.isArray(rows)) {
      messages.push(`series "${preview(name)}" is not a list of rows; dropped`);
      continue;
    }
    let dropped = 0;
    const kept: SeriesRow[] = [];
    for (const row of rows) {
      if (!isObject(row)) {
        dropped++;
        continue;
      }
      const clean: SeriesRow = {};
      for (const [k, v] of Object.entries(row)) if (typeof v === 'number') clean[k] = v;
      kept.push(clean);
    }
    if (dropped) messages.push(`series "${preview(name)}": ${dropped} unreadable rows dropped`);
    out[name] = kept;
  }
  return out;
}

/** A final-metrics value as `FinalMetrics` allows: number, list of numbers, string, null, or a plain object. */
function restoreMetricValue(v: unknown): FinalMetrics[string] | undefined {
  if (v === null || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'number')) return v;
    // Lists of plain objects (the all-pay fit's curve and ascent path): kept when every entry is one.
    return v.every(isObject) ? v : undefined;
  }
  if (isObject(v)) return v;
  return undefined;
}

function restoreFinal(raw: unknown, messages: string[]): FinalMetrics | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) {
    messages.push(`final figures ${preview(raw)} are not a table; dropped`);
    return undefined;
  }
  const out: FinalMetrics = {};
  for (const [k, v] of Object.entries(raw)) {
    const value = restoreMetricValue(v);
    if (value === undefined) messages.push(`final figure "${preview(k)}" is unreadable; dropped`);
    else out[k] = value;
  }
  return out;
}

/**
 * Restore one stored run record. Refused (with the reason) when it has no usable id, names no registered lab, or
 * has no settings or seed; otherwise its settings are read as a link's are (clamped and reported), its label is
 * made anew from them when it is not text, a status it cannot have is read as `failed`, and series, snapshots and
 * final figures keep only what has the right shape. Never throws.
 */
export function restoreRunRecord(raw: unknown): RestoredRun {
  try {
    if (!isObject(raw)) return { ok: false, reason: `not a run record (${preview(raw)})` };
    const id = text(raw.id);
    if (!id) return { ok: false, reason: `it has no id (${preview(raw.id)})` };
    const restored = restoreExperiment({ v: raw.v, lab: raw.lab, config: raw.config, seed: raw.seed });
    if (!restored.ok) return { ok: false, reason: restored.reason };
    const { experiment } = restored;
    const messages = [...restored.messages];
    const lab = findLab(experiment.lab)!;
    const status = STATUSES.find((s) => s === raw.status);
    // A record written while its run was still going is a checkpoint of a run the page's closing cut off.
    const settled: RunStatus = status === undefined ? 'failed' : status === 'running' || status === 'queued' || status === 'paused' ? 'interrupted' : status;
    if (status === undefined) messages.push(`status ${preview(raw.status)} is unknown; read as failed`);
    const startedAt = finite(raw.startedAt) ? raw.startedAt : 0;
    const snapshots = isObject(raw.snapshots) ? raw.snapshots : {};
    const record: RunRecord = {
      id,
      v: PRESET_VERSION,
      lab: experiment.lab,
      label: text(raw.label) ?? lab.label(experiment.config, experiment.seed),
      config: experiment.config,
      seed: experiment.seed,
      status: settled,
      backend: text(raw.backend) ?? 'unknown',
      startedAt,
      series: restoreSeries(raw.series, messages),
      snapshots,
    };
    const backendReason = text(raw.backendReason);
    if (backendReason !== undefined) record.backendReason = backendReason;
    if (finite(raw.finishedAt)) record.finishedAt = raw.finishedAt;
    const final = restoreFinal(raw.final, messages);
    if (final) record.final = final;
    const error = text(raw.error);
    if (error !== undefined) record.error = error;
    const sweepId = text(raw.sweepId);
    if (sweepId !== undefined) record.sweepId = sweepId;
    return { ok: true, record, messages };
  } catch (e) {
    return { ok: false, reason: `it could not be read (${e instanceof Error ? e.message : String(e)})` };
  }
}
