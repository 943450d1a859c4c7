import type { FinalMetrics, SeriesRow } from './types';

/**
 * What a lab's runs produce, declared once per lab: the time series they stream, the snapshots they send, the
 * headline figures of the run history, and what a past run draws over the lab's main chart. Exports, the history
 * table, overlays and the lab conformance suite all read these declarations instead of assuming one lab's names.
 */

/** One time series a lab's runs stream (`points` events), e.g. learn-to-bid's `train` rows over `step`. */
export interface SeriesSpec {
  name: string;
  /** What it holds, in words (CSV file names, export menus). */
  title: string;
  /** The row key of its x axis (`step`, `update`, `w` …). */
  x: string;
}

/** The series and snapshot names a lab's runs may emit; anything else is a bug the conformance suite reports. */
export interface LabStreams {
  series: readonly SeriesSpec[];
  snapshots: readonly string[];
}

/** One headline column of the run history: a label with its unit, and how to read it from a run's final figures. */
export interface HistoryColumn {
  label: string;
  /** The figure, or null when the run has none (a failed run, another mode of the lab). */
  value(final: FinalMetrics | undefined): number | readonly number[] | string | null;
}

/**
 * What a past run draws over the lab's main chart when its overlay box is ticked: the `y` of its `series` rows
 * against `x` (the main chart's x key), named `label` in the legend.
 */
export interface OverlaySpec {
  series: string;
  x: string;
  y(row: SeriesRow): number | undefined;
  label: string;
}

/** A finite number from a final figure, else null. */
export function finalNumber(x: FinalMetrics[string] | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** A list of numbers from a final figure, else null. */
export function finalList(x: FinalMetrics[string] | undefined): readonly number[] | null {
  return Array.isArray(x) && x.every((v) => typeof v === 'number') ? x : null;
}
