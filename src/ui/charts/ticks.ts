/**
 * Axis domains, ticks and tick labels, from d3-scale (`nice`, `ticks`: steps of 1, 2, 5 × 10ⁿ) and d3-format
 * (labels with just the decimals the step needs), computed here so recharts skips its own tick search, which
 * dominated chart updates while runs stream.
 */
import { formatLocale, formatSpecifier, precisionFixed } from 'd3-format';
import { scaleLinear, scaleLog } from 'd3-scale';

/** Tick labels as the rest of the app prints numbers: "." decimals, spaces between thousands, "−" for minus. */
const locale = formatLocale({ decimal: '.', thousands: ' ', grouping: [3], currency: ['', ''], minus: '−' });
const format = locale.format;

/** A computed axis: its domain, its ticks and the label of each tick. */
export interface Axis {
  domain: [number, number];
  ticks: number[];
  /** Tick label: as many decimals as the tick step needs, "−" for minus, never "−0". */
  format: (v: number) => string;
}

export interface AxisOptions {
  /** Keep `[min, max]` as the domain (an x axis that ends at the run's length) instead of rounding it out. */
  exact?: boolean;
  /** Whole-number quantities (steps, rounds, firms): integer ticks only, labelled without decimals. */
  integer?: boolean;
}

const integerLabel = format(',.0f');


/** A label formatter that prints round-off of zero as "0" (never "−0.00"). */
function withoutNegativeZero(f: (v: number) => string): (v: number) => string {
  return (v) => f(Math.abs(v) < 1e-12 ? 0 : v);
}

/**
 * A linear axis over `[min, max]` with about `count` ticks. The domain is rounded out to nice steps unless
 * `exact`; a flat range is padded (5 % of its value, or ±0.5 around 0); a missing range gives [0, 1].
 */
export function niceAxis(min: number, max: number, count = 5, options: AxisOptions = {}): Axis {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) [min, max] = [0, 1];
  if (max - min < 1e-9) {
    const pad = Math.abs(max) > 1e-9 ? Math.abs(max) * 0.05 : 0.5;
    min -= pad;
    max += pad;
  }
  let scale = scaleLinear().domain([min, max]);
  if (!options.exact) scale = scale.nice(count);
  const [lo, hi] = scale.domain() as [number, number];
  if (options.integer) {
    const ticks = scale.ticks(count).filter((t) => Number.isInteger(t));
    return { domain: [lo, hi], ticks: ticks.length ? ticks : [Math.ceil(lo)], format: withoutNegativeZero(integerLabel) };
  }
  return explicitAxis([lo, hi], scale.ticks(count));
}

/** An axis with the ticks given (e.g. efficiency 0.8 … 1, never above 1), labelled with the decimals their step needs. */
export function explicitAxis(domain: [number, number], ticks: number[]): Axis {
  const step = Number((ticks.length > 1 ? ticks[1] - ticks[0] : Math.abs(domain[1] - domain[0]) || 1).toPrecision(12));
  const spec = formatSpecifier(',f');
  spec.precision = precisionFixed(step);
  return { domain, ticks, format: withoutNegativeZero(format(spec.toString())) };
}

/** Ticks 1, 2, 5 × 10ⁿ within [min, max] for a log axis (e.g. β from 10 to 500); never a 0 or negative tick. */
export function logTicks(min: number, max: number): Axis {
  const lo = Number.isFinite(min) && min > 0 ? min : 1;
  const hi = Number.isFinite(max) && max > lo ? max : lo * 10;
  const scale = scaleLog().domain([lo, hi]);
  const all = scale.ticks();
  const marks = all.filter((t) => [1, 2, 5].includes(Math.round(t / 10 ** Math.floor(Math.log10(t) + 1e-9))));
  const ticks = marks.length >= 2 ? marks : all.length >= 2 ? all : [lo, hi];
  const label = format(hi >= 10 ? '~s' : '~g');
  return { domain: [Math.min(lo, ticks[0]), Math.max(hi, ticks.at(-1)!)], ticks, format: (v) => label(v) };
}

/** Min and max of `key` over rows (NaN-safe); `extra` values (theory lines) widen the range. */
export function extent(rowsList: readonly (readonly Record<string, number>[])[], keys: readonly string[], extra: readonly number[] = []): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const rows of rowsList)
    for (const r of rows)
      for (const k of keys) {
        const v = r[k];
        if (v !== undefined && Number.isFinite(v)) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
  for (const v of extra) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  return [lo, hi];
}

/** Decimals that tell ticks `step` apart (0.25 → 2, 0.1 → 1, 500 → 0). */
export function decimalsFor(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 2;
  for (let d = 0; d <= 8; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return d;
  return 8;
}

/**
 * Width (px) a vertical axis needs for its tick labels and its rotated title: the longest label at ~0.6 em per
 * character (tabular digits of the UI's sans-serif), plus the tick marks and a band of one line for the title,
 * at least `min`. `fontPx` is the rendered tick size (12 px on a laptop, 18 px in presenter mode).
 */
export function axisWidth(axis: Axis, fontPx: number, min = 62): number {
  const chars = Math.max(0, ...axis.ticks.map((t) => axis.format(t).length));
  return Math.max(min, Math.ceil(chars * 0.6 * fontPx + 8 + 1.6 * fontPx));
}
