/**
 * Uniform-stride decimation of series for charts and storage: keep at most `max` points, always including the
 * first and the last, spread as evenly as integer indices allow. Plain subsampling (no averaging, no
 * min/max envelope): every kept row is a row the run really emitted, so a decimated curve never shows a value
 * that was not observed.
 */

/**
 * Indices to keep when thinning a sequence of `length` items to at most `max` items.
 *
 * - `length ≤ max` (or `max` is NaN or +∞): every index `0 … length − 1`.
 * - `max ≥ 2`: `round(i · (length − 1) / (max − 1))` for `i = 0 … max − 1` — strictly increasing, starts at
 *   `0`, ends at `length − 1`, exactly `max` entries (the stride is > 1, so rounding never repeats an index).
 * - `max = 1`: `[length − 1]` (the latest point is the most informative single point); `max ≤ 0`: `[]`.
 *
 * `length` and `max` are floored; negative or NaN `length` counts as 0.
 *
 * @param length number of items in the sequence
 * @param max largest number of indices to return
 * @returns ascending indices into the sequence
 */
export function decimateIndices(length: number, max: number): number[] {
  const n = Number.isFinite(length) && length > 0 ? Math.floor(length) : 0;
  const cap = Number.isNaN(max) ? Infinity : Math.floor(max);
  if (n <= cap) return Array.from({ length: n }, (_, i) => i);
  if (cap <= 0) return [];
  if (cap === 1) return [n - 1];
  const stride = (n - 1) / (cap - 1);
  const out = new Array<number>(cap);
  for (let i = 0; i < cap; i++) out[i] = Math.round(i * stride);
  out[cap - 1] = n - 1; // guard against floating-point drift on the last index
  return out;
}

/**
 * Thin `rows` to at most `max` rows by uniform stride, keeping the first and last row (see
 * {@link decimateIndices} for the exact rule). Returns the input array itself when nothing needs dropping,
 * otherwise a new array holding the same row objects (rows are not copied).
 *
 * @param rows the series, in order (e.g. `SeriesRow[]` by step)
 * @param max largest number of rows to keep (e.g. 2000 for stored runs)
 */
export function decimateRows<T>(rows: readonly T[], max: number): T[] {
  if (rows.length <= max || Number.isNaN(max)) return rows as T[];
  return decimateIndices(rows.length, max).map((i) => rows[i]);
}
