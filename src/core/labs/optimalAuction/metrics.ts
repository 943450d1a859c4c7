import type { Rng } from '../../math/rng';
import type { MechanismOutcome } from './learner';

/**
 * Economic metrics of a (possibly randomized) single-item mechanism on a batch of truthful profiles.
 * Shapes: `values`, `alloc`, `pay` `[batch, n]` row-major; value units per auction.
 */
export interface OutcomeMetrics {
  /** E[Σ_i p_i]. */
  revenue: number;
  /** Allocative efficiency E[Σ_i a_i v_i] / E[max_i v_i] (1 = the item always goes to the highest value). */
  efficiency: number;
  /** Profiles × bidders where u_i = a_i v_i − p_i < −tol (ex-post IR violations; 0 by construction here). */
  irViolations: number;
  /** P(no sale) = E[1 − Σ_i a_i]. */
  noSale: number;
}

/** Tolerance of the IR check (value units): float32 rounding, not economics. */
export const IR_TOLERANCE = 1e-6;

export function outcomeMetrics(values: Float64Array, outcome: MechanismOutcome, batch: number, n: number): OutcomeMetrics {
  let revenue = 0;
  let welfare = 0;
  let best = 0;
  let ir = 0;
  let sold = 0;
  for (let k = 0; k < batch; k++) {
    let m = 0;
    for (let i = 0; i < n; i++) {
      const j = k * n + i;
      const v = values[j];
      const a = outcome.alloc[j];
      const p = outcome.pay[j];
      revenue += p;
      welfare += a * v;
      sold += a;
      m = Math.max(m, v);
      if (a * v - p < -IR_TOLERANCE) ir++;
    }
    best += m;
  }
  return { revenue: revenue / batch, efficiency: best > 0 ? welfare / best : 1, irViolations: ir, noSale: 1 - sold / batch };
}

/** Mean and max over bidders of the mean per-profile regret `[batch, n]` → per-bidder means `[n]`. */
export function regretSummary(regret: Float64Array, batch: number, n: number): { perBidder: number[]; mean: number; max: number } {
  const per = new Array<number>(n).fill(0);
  for (let k = 0; k < batch; k++) for (let i = 0; i < n; i++) per[i] += regret[k * n + i] / batch;
  return { perBidder: per, mean: per.reduce((a, b) => a + b, 0) / n, max: Math.max(...per) };
}

/**
 * The monotonicity probe: for each bidder i, `profiles` random profiles of the others (drawn by `sample`),
 * and i's own bid on an even grid of `points` values over [0, hi_i]. Returns the bid profiles
 * `[n · profiles · points, n]` (bidder-major, then profile, then grid point) for the mechanism to evaluate.
 */
export function monotonicityGrid(
  n: number,
  upper: readonly number[],
  profiles: number,
  points: number,
  sample: (rng: Rng, count: number) => Float64Array,
  rng: Rng,
): Float64Array {
  const others = sample(rng, n * profiles);
  const out = new Float64Array(n * profiles * points * n);
  let row = 0;
  for (let i = 0; i < n; i++)
    for (let p = 0; p < profiles; p++)
      for (let g = 0; g < points; g++, row++) {
        for (let j = 0; j < n; j++) out[row * n + j] = others[(i * profiles + p) * n + j]!;
        out[row * n + i] = (upper[i] * g) / (points - 1);
      }
  return out;
}

/**
 * Count monotonicity violations on the probe of `monotonicityGrid`: adjacent grid points where bidder i's
 * allocation falls as its own bid rises, a_i(b + Δ) < a_i(b) − tol. Myerson's lemma: an incentive-compatible
 * mechanism has a_i non-decreasing in b_i (Myerson 1981, Lemma 2), so any violation is a sign of regret.
 * `alloc` `[rows, n]` in the probe's order. Returns the count and the number of pairs checked.
 */
export function countMonotonicityViolations(
  alloc: Float64Array,
  n: number,
  profiles: number,
  points: number,
  tol = 1e-3,
): { violations: number; pairs: number } {
  let violations = 0;
  let row = 0;
  for (let i = 0; i < n; i++)
    for (let p = 0; p < profiles; p++, row += points)
      for (let g = 1; g < points; g++) if (alloc[(row + g) * n + i] < alloc[(row + g - 1) * n + i] - tol) violations++;
  return { violations, pairs: n * profiles * (points - 1) };
}
