import type { ConfigIssue, ConfigOf, ConfigSchema } from '../config/schema';
import type { HistoryColumn, LabStreams, OverlaySpec } from './outputs';

/** A built-in, named experiment: partial config over the defaults plus a seed. */
export interface Preset<C = Record<string, unknown>> {
  /** Stable id used in URLs and `npm run lab -- <lab> --preset <id>`. */
  id: string;
  title: string;
  /** What a student should see happen. */
  description: string;
  config: Partial<C>;
  seed: number;
}

/**
 * The pure half of a lab's registry entry: id, title, config schema (defaults and bounds), presets and
 * cross-field rules. The runner (learn layer) and the view (ui layer) register under the same id.
 */
export interface LabDefinition<S extends ConfigSchema = ConfigSchema> {
  id: string;
  title: string;
  /** One line for the lab picker. */
  summary: string;
  schema: S;
  presets: readonly Preset<ConfigOf<S>>[];
  /** Cross-field rules (e.g. one upper bound per bidder): returns a consistent config and what was changed. */
  normalize(config: ConfigOf<S>): { config: ConfigOf<S>; issues: ConfigIssue[] };
  /** Short label of a run for legends and the history table, e.g. "first price · N=3 · linear". */
  label(config: ConfigOf<S>, seed: number): string;
  /**
   * Split a config into the runs it stands for (e.g. an N sweep); a plain config gives itself. `seed` is the
   * experiment's seed, for labs whose split is random (the all-pay design lab samples its designs).
   */
  expand(config: ConfigOf<S>, seed?: number): ConfigOf<S>[];
  /**
   * Optional final phase: when every expanded run is done, the config of one more run that combines their
   * results (e.g. fit a surrogate to the designs' revenues), or null when this config has none. The store and
   * the CLI run it last; its final metrics are the job's. Labs without it end when their runs end.
   */
  combine?(config: ConfigOf<S>, parts: readonly { config: ConfigOf<S>; metrics: FinalMetrics }[]): ConfigOf<S> | null;
  /**
   * Final metrics of a multi-run job without a final phase (what the CLI prints and the history keeps): combine
   * the runs `expand` made, in order.
   */
  summarize(runs: readonly { config: ConfigOf<S>; metrics: FinalMetrics }[]): Record<string, unknown>;
  /** Short label of one run of a multi-run job for progress lines and legends, e.g. "uniform" or "N=3". */
  partLabel(config: ConfigOf<S>): string;
  /** What a run's progress counts, plural (e.g. "steps", "auctions", "rounds"): the progress bar's and the CLI's unit. */
  progressUnit(config: ConfigOf<S>): string;
  /**
   * The schema keys that do not apply to this config (e.g. the hidden-layer width of a linear policy): the form
   * hides them and `--help` marks them, so both say the same about which settings matter.
   */
  inapplicable(config: ConfigOf<S>): readonly string[];
  /** Whether the display pace (units per second) applies to this config's runs; default true. */
  paced?(config: ConfigOf<S>): boolean;
  /** The series and snapshots its runs stream (see `outputs.ts`): exports and the conformance suite read them. */
  streams: LabStreams;
  /** The run history's headline columns for this lab (its own figures, not another lab's). */
  historyColumns: readonly HistoryColumn[];
  /** What a past run draws over the lab's main chart. */
  overlay: OverlaySpec;
  /**
   * Overrides that make any of its configs a run of a few seconds (fewer steps, smaller batches): the conformance
   * suite runs every preset with them, and the end-to-end tests use them.
   */
  smoke: Partial<ConfigOf<S>>;
  /**
   * Whether the runs of this config are compared live side by side (e.g. three mechanisms on the same draws): the
   * worker pool then runs them all at once (up to 4) instead of queueing them on a small machine.
   */
  sideBySide?(config: ConfigOf<S>): boolean;
  /**
   * What one run of this config costs, known before it starts (pure: no clock, no tfjs): `seconds` of wall clock on
   * one whole core of the 2-core development machine (the lab's model over the bench rates in
   * `core/jobs/rates.ts`), `bytes` of peak working memory in the worker that runs it (the largest set of tensors or
   * typed arrays the run loop holds at once, from the shapes it allocates), and `drivers`: the config fields that
   * drive `bytes`, biggest `share` first (shares sum to 1; empty when none can be lowered), so a refusal can name
   * them. `config` is one run (a part `expand` made); `estimateJob` (`core/jobs/estimate.ts`) adds up a job.
   */
  estimate(config: ConfigOf<S>): { seconds: number; bytes: number; drivers: { field: string; share: number }[] };
}

/** Metric values a run reports at the end: numbers, lists of numbers, strings, or null where undefined. */
export type FinalMetrics = Record<string, number | number[] | string | null | Record<string, unknown> | readonly Record<string, unknown>[]>;

/** A row of a time series: `x` plus named metric values. */
export type SeriesRow = Record<string, number>;

/**
 * What a run streams to its client (throttled to ≤ ~20 events per second by `createThrottledEmitter`).
 * Plain data only: these cross the worker boundary by structured clone.
 */
export type RunEvent =
  | { type: 'progress'; done: number; total: number; unitsPerSecond: number; elapsedSeconds: number; phase: string }
  | { type: 'points'; series: string; rows: SeriesRow[] }
  | { type: 'snapshot'; name: string; data: unknown }
  | { type: 'final'; metrics: FinalMetrics }
  | { type: 'log'; level: 'info' | 'warn'; message: string };

/** The environment a run loop sees: emit events, and yield at checkpoints (pause, cancel, pace). */
export interface RunContext {
  emit(event: RunEvent): void;
  /** Call between chunks of work: yields to the event loop, waits while paused, throws `RunCancelled` when cancelled, and sleeps to respect the pace. */
  checkpoint(unitsDone: number): Promise<void>;
  /** The compute backend in use ("ts", "cpu", "wasm", "webgl", "webgpu"), for reporting. */
  backend: string;
}
