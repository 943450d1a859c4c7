import type { AllPayReading } from '../mechanisms/allPayRank';

/**
 * Symmetric Bayes–Nash equilibria of the rank-order all-pay rule (w, 1 − w, 0, …) of the all-pay design lab
 * (see `mechanisms/allPayRank.ts` for the two readings), for n ≥ 2 risk-neutral bidders with i.i.d. values
 * v ~ U[0, 1]. Bids and revenue are in value units.
 *
 * Notation: in a symmetric, strictly increasing equilibrium a bidder who bids like type x is ranked first with
 * probability G(x) = x^(n−1) and second with probability H(x) = (n − 1)·x^(n−2)·(1 − x) (for n = 2 "second" is
 * the losing position, H(x) = 1 − x; the formula covers it with x⁰ = 1).
 *
 * **Prize split** (Moldovanu & Sela 2001, *AER* 91(3); Barut & Kovenock 1998, *EJPE* 14: rank-order contests
 * with prizes V1 = w, V2 = 1 − w, V3… = 0 and linear costs). The expected prize of type x is
 * P(x) = w·G(x) + (1 − w)·H(x) = A·x^(n−1) + B·x^(n−2) with A = w − (1 − w)(n − 1), B = (1 − w)(n − 1).
 * Utility v·P(x) − b(x); the first-order condition at x = v gives b'(v) = v·P'(v), b(0) = 0, so
 *   b(v) = ∫₀^v x·P'(x) dx = v·P(v) − ∫₀^v P = A·(n − 1)/n·vⁿ + B·(n − 2)/(n − 1)·v^(n−1).
 * P'(x) = (n − 1)·x^(n−3)·[(1 − w)(n − 2) + x·(w − (1 − w)(n − 1))] (n = 2: P' = 2w − 1); the bracket is linear
 * in x with value (1 − w)(n − 2) ≥ 0 at 0 and 2w − 1 ≥ 0 at 1, so P is increasing for w ≥ 1/2 (the expected
 * prize increases with rank), b is increasing, and ∂/∂x [v·P(x) − b(x)] = P'(x)(v − x) makes x = v a global
 * best response. w = 1: b(v) = (n − 1)/n·vⁿ (the all-pay auction, Krishna §3.2.2). n = 2: b(v) = (2w − 1)/2·v².
 * Expected revenue n·E[b(V)] = A·(n − 1)/(n + 1) + B·(n − 2)/(n − 1) = (n − 3 + 2w)/(n + 1)
 * (equivalently E[w·φ(V₍₁₎) + (1 − w)·φ(V₍₂₎)] with the virtual value φ(v) = 2v − 1). It rises in w
 * (slope 2/(n + 1)): the single prize w = 1 is revenue-optimal, as Moldovanu & Sela find for linear costs.
 * n = 3: revenue w/2.
 *
 * **Payment split** (derived here; revenue equivalence, Krishna §3.1). The highest bid wins the item and pays
 * w·b, the second pays (1 − w)·b. A type-x bidder wins with probability G(x) and expects to pay
 * m(x) = b(x)·c(x), c(x) = w·G(x) + (1 − w)·H(x). Utility v·G(x) − m(x); the envelope condition gives
 * m'(v) = v·G'(v), m(0) = 0, so m(v) = (n − 1)/n·vⁿ (the expected payment of the standard auctions) and
 *   b(v) = (n − 1)/n·vⁿ / c(v) = (n − 1)/n · v² / [w·v + (1 − w)(n − 1)(1 − v)].
 * The denominator is linear and positive on (0, 1]; b'(v) ∝ v·[2(1 − w)(n − 1) + v·(w − (1 − w)(n − 1))] > 0,
 * so b is increasing, the ranking by bids is the ranking by values, and ∂/∂x [v·G(x) − m(x)] = G'(x)(v − x)
 * makes x = v a global best response (bids above b(1) win for sure and pay more; b(1) = (n − 1)/(n·w)).
 * w = 1: b(v) = (n − 1)/n·v, the first-price equilibrium. **Expected revenue is (n − 1)/(n + 1) for every w**
 * (the allocation is efficient and the lowest type gets 0), so under this reading the BNE is flat in w and any
 * w-dependence in simulations comes from learning dynamics or discretization. Note b(v) can exceed v
 * (b(1) = 4/3 for n = 3, w = 1/2): learners need a bid grid reaching (n − 1)/(n·w).
 */
export interface AllPayDesignEquilibrium {
  /** Equilibrium bid b(v), value units, for v in [0, 1]. */
  bid: (v: number) => number;
  /** Expected revenue per contest, value units. */
  revenue: number;
  /** Expected payment of a bidder of type v, value units. */
  expectedPayment: (v: number) => number;
}

function checkArgs(w: number, bidders: number): void {
  if (!Number.isInteger(bidders) || bidders < 2) throw new Error(`bidders must be an integer ≥ 2, got ${bidders}`);
  if (!(w >= 0.5 && w <= 1)) throw new Error(`w must be in [1/2, 1], got ${w}`);
}

/**
 * Closed-form symmetric BNE of the rule (w, 1 − w, 0, …) for U[0, 1] values (derivations in the module comment).
 * Both readings have one for w ∈ [1/2, 1] and n ≥ 2; the function returns `null` only for arguments outside
 * that range (kept nullable so the lab can draw "no theory" for other priors later).
 */
export function allPayDesignEquilibrium(reading: AllPayReading, w: number, bidders: number): AllPayDesignEquilibrium | null {
  if (!Number.isInteger(bidders) || bidders < 2 || !(w >= 0.5 && w <= 1)) return null;
  const n = bidders;
  if (reading === 'prize-split') {
    const A = w - (1 - w) * (n - 1);
    const B = (1 - w) * (n - 1);
    const bid = (v: number) => A * ((n - 1) / n) * v ** n + B * ((n - 2) / (n - 1)) * v ** (n - 1);
    return { bid, expectedPayment: bid, revenue: prizeSplitRevenue(w, n) };
  }
  const pay = (v: number) => ((n - 1) / n) * v ** n;
  const bid = (v: number) => {
    if (v <= 0) return 0;
    return (((n - 1) / n) * v * v) / (w * v + (1 - w) * (n - 1) * (1 - v));
  };
  return { bid, expectedPayment: pay, revenue: (n - 1) / (n + 1) };
}

/** Prize-split equilibrium revenue (n − 3 + 2w)/(n + 1), U[0, 1] values; throws outside w ∈ [1/2, 1], n ≥ 2. */
export function prizeSplitRevenue(w: number, bidders: number): number {
  checkArgs(w, bidders);
  return (bidders - 3 + 2 * w) / (bidders + 1);
}

/**
 * Rank probabilities of a bidder ranked as type x ∈ [0, 1] among n − 1 opponents playing a common increasing
 * strategy with U[0, 1] values: `first` = G(x) = x^(n−1), `second` = H(x) = (n − 1)·x^(n−2)·(1 − x).
 */
export function rankProbabilities(x: number, bidders: number): { first: number; second: number } {
  const n = bidders;
  return { first: x ** (n - 1), second: (n - 1) * x ** (n - 2) * (1 - x) };
}

/**
 * Numerical best response of a type-v bidder against n − 1 opponents at a symmetric increasing bid function
 * `bid` (U[0, 1] values), by grid search over `gridSize` bids in [0, bidMax]: the rank probabilities of bid b
 * are exact given the opponents' bid CDF F_b(b) = bid⁻¹(b) (inverted by bisection). Returns the best grid bid
 * and its expected utility. Ties with opponents have probability 0 (continuous opponents).
 */
export function gridBestResponse(
  reading: AllPayReading,
  w: number,
  bidders: number,
  bid: (v: number) => number,
  v: number,
  gridSize = 2001,
  bidMax = 1,
): { bid: number; utility: number } {
  const n = bidders;
  const top = bid(1);
  const inverse = (b: number): number => {
    if (b >= top) return 1;
    let lo = 0;
    let hi = 1;
    for (let it = 0; it < 60; it++) {
      const mid = (lo + hi) / 2;
      if (bid(mid) < b) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  let best = { bid: 0, utility: -Infinity };
  for (let g = 0; g < gridSize; g++) {
    const b = (bidMax * g) / (gridSize - 1);
    const x = inverse(b);
    const { first, second } = rankProbabilities(x, n);
    const u =
      reading === 'prize-split'
        ? v * (w * first + (1 - w) * second) - b
        : v * first - b * (w * first + (1 - w) * second);
    if (u > best.utility + 1e-15) best = { bid: b, utility: u };
  }
  return best;
}
