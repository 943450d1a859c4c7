import type { BidFunction } from './singleItem';

/** Points of the composite Simpson rule over each bidder's support (odd). */
const SIMPSON_POINTS = 2001;

/** ∫_0^a f(v) dv by the composite Simpson rule on `SIMPSON_POINTS` points. */
function simpson(f: (v: number) => number, a: number): number {
  const m = SIMPSON_POINTS - 1;
  const h = a / m;
  let s = f(0) + f(a);
  for (let k = 1; k < m; k++) s += (k % 2 ? 4 : 2) * f(k * h);
  return (s * h) / 3;
}

/**
 * P(b(v) ≤ x) for v ~ U[0, a] and a non-decreasing bid function b: the largest v with b(v) ≤ x, over a, found by
 * bisection (60 halvings: exact to the last bits of a double).
 */
function bidCdf(b: BidFunction, a: number, x: number): number {
  if (b(a) <= x) return 1;
  if (b(0) > x) return 0;
  let lo = 0;
  let hi = a;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (b(mid) <= x) lo = mid;
    else hi = mid;
  }
  return lo / a;
}

/**
 * Expected revenue and each bidder's expected utility (value units per auction) in a first-price auction where
 * bidder i with value v_i ~ U[0, a_i] bids b_i(v_i), for non-decreasing bid functions (an equilibrium, say):
 *   u_i = (1/a_i) ∫_0^{a_i} (v − b_i(v)) Π_{j≠i} G_j(b_i(v)) dv,   revenue = Σ_i (1/a_i) ∫_0^{a_i} b_i(v) Π_{j≠i} G_j(b_i(v)) dv,
 * with G_j(x) = P(b_j(v_j) ≤ x) (Krishna, *Auction Theory*, 2nd ed., §2.3 and §4.3: expected payment = bid × P(win)).
 * Numerical: Simpson's rule on 2001 points per bidder and bisection for the inverse bids (error ≪ 1e-6 for the
 * smooth uniform-prior equilibria; tested against the symmetric closed forms).
 */
export function firstPriceOutcome(bids: readonly BidFunction[], upper: readonly number[]): { revenue: number; utilities: number[] } {
  const n = bids.length;
  const winProbability = (i: number, x: number) => {
    let p = 1;
    for (let j = 0; j < n; j++) if (j !== i) p *= bidCdf(bids[j], upper[j], x);
    return p;
  };
  let revenue = 0;
  const utilities = bids.map((b, i) => {
    const a = upper[i];
    revenue += simpson((v) => b(v) * winProbability(i, b(v)), a) / a;
    return simpson((v) => (v - b(v)) * winProbability(i, b(v)), a) / a;
  });
  return { revenue, utilities };
}
