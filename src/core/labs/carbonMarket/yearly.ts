import type { SeriesRow } from '../types';
import type { EpisodeTrace } from './simulate';

/**
 * Year-by-year means over the K episodes of a trace, one row per year (year = 1…T): `issued`, `requested`
 * (allowances), `price` (currency per allowance), `emissions`, `shortfall`, `cumulativeShortfall` (tons),
 * `productivity` (mean wealth, currency), `equality`, `objective`, and per firm i: `alloc{i}` (allowances given),
 * `hold{i}` (after trading), `output{i}` (units), `emis{i}` (tons), `wealth{i}` (currency), `intensity{i}` (tons per unit).
 */
export function yearlyRows(tr: EpisodeTrace): SeriesRow[] {
  const { K, N, T } = tr;
  const rows: SeriesRow[] = [];
  for (let t = 0; t < T; t++) {
    const row: SeriesRow = { year: t + 1 };
    const scalar: [string, Float64Array][] = [
      ['issued', tr.issued], ['requested', tr.requested], ['price', tr.price], ['emissions', tr.totalEmissions],
      ['shortfall', tr.shortfall], ['cumulativeShortfall', tr.cumulativeShortfall], ['productivity', tr.productivity],
      ['equality', tr.equality], ['objective', tr.objective],
    ];
    for (const [name, a] of scalar) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[t * K + k];
      row[name] = s / K;
    }
    const perFirm: [string, Float64Array][] = [
      ['alloc', tr.allocation], ['hold', tr.holdings], ['output', tr.output], ['emis', tr.emissions], ['wealth', tr.wealth], ['intensity', tr.intensity],
    ];
    for (const [name, a] of perFirm) {
      for (let i = 0; i < N; i++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += a[(t * K + k) * N + i];
        row[`${name}${i}`] = s / K;
      }
    }
    rows.push(row);
  }
  return rows;
}
