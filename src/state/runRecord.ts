import type { FinalMetrics, SeriesRow } from '../core/labs/types';

/**
 * How a run ended (or that it is still going). `interrupted`: the page closed or reloaded while it ran; its record
 * holds the curve up to its last checkpoint. Only stored records have it, never a run of the open page.
 */
export type RunStatus = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled' | 'interrupted';

/**
 * One run as kept in memory and in the run history (IndexedDB): the `(lab, config, seed)` triple, what it
 * streamed (series rows by series name, latest snapshots by name) and how it ended.
 */
export interface RunRecord {
  id: string;
  lab: string;
  /** Short human label, e.g. "first-price N=3 seed 7". */
  label: string;
  config: Record<string, unknown>;
  seed: number;
  /** Version of the settings format `config` was written in (the link format's `v`), so stored records migrate like links. */
  v?: number;
  status: RunStatus;
  backend: string;
  /** Reason the backend was chosen, shown in the backend chip. */
  backendReason?: string;
  startedAt: number;
  finishedAt?: number;
  /** Rows of each time series, e.g. `series.train = [{step, w0, w1, …}]`. */
  series: Record<string, SeriesRow[]>;
  /** Latest value of each snapshot, e.g. `snapshots.bidFunctions`. */
  snapshots: Record<string, unknown>;
  final?: FinalMetrics;
  error?: string;
  /** Group id for the runs of one N sweep. */
  sweepId?: string;
}
