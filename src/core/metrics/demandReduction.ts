import type { StepBids } from '../mechanisms/multiUnit';
import type { Firm } from '../valuations/abatement';

/**
 * The permit lab's headline Demand Reduction Index: the share of true demand a firm withholds at the competitive
 * price, read from its step bid through the units each step actually covers.
 *
 * Demand reduction is a bidder asking, at the market price, for less than it truly wants (Ausubel & Cramton 2002,
 * "Demand reduction and inefficiency in multi-unit auctions", Univ. of Maryland WP 96-07r; Ausubel, Cramton, Pycia,
 * Rostek & Weretka 2014, Rev. Econ. Stud. 81). In the linear supply-function equilibrium of a uniform-price auction
 * among N symmetric bidders with linear marginal values v(q) = c·(e − q) (Klemperer & Meyer 1989; Vives 2011,
 * Econometrica 79), each bidder demands (N − 2)/(N − 1) of its true demand at every price: it withholds 1/(N − 1).
 *
 * A two-step bid cannot draw a demand line, so reading "bid demand at the price" off the steps themselves
 * (`quantityDri`) charges truthful two-tier bids with ≈ 0.14 of withholding. This index reads each step as the
 * point of the demand curve it stands for: a step priced p_t over cumulative units [Q_{t−1}, Q_t) says "at price p_t
 * I want (Q_{t−1} + Q_t)/2", the unit whose true value equals the mean true value of the step's units when the
 * step is priced truthfully (v is linear, so its mean over a step is its value at the midpoint). Through those
 * points, plus (0, Q_T) (all priced units are wanted at a price of 0), the bid's demand X(p) is linear between
 * points and extended above the top step along the top segment (never below 0). With the firm's true demand
 * D(p) = max(0, e − p/c) at the competitive price p* (`competitivePrice` in `metrics/permits.ts`):
 *
 *   firm i:  w_i = 1 − X_i(p*) / D_i(p*)   (0 when D_i(p*) = 0),   market:  1 − Σ_i X_i(p*) / Σ_i D_i(p*)
 *
 * (the market figure is the D-weighted mean of w_i). Properties: truthful two-tier bids [0.75ce, e/2, 0.25ce, e/2]
 * read 0 (their three points lie on the true demand line; 0 to rounding, ≈ 1e−16); any step bid priced at the mean
 * value of the units it covers reads 0, whatever its breakpoints (what learners do under VCG, where that pricing
 * is a best response); the two-step approximation of the linear SFE bid reads exactly 1/(N − 1); shading prices
 * (both tiers alike or not) or quantities reads positive; asking for more than true demand reads negative.
 * Steps priced 0 or of quantity 0 demand nothing (a zero bid never wins) and are skipped; steps with one price are
 * merged. Units: shares of true demand (dimensionless).
 */
export interface DemandReduction {
  /** Withheld share w_i of each firm (length N; 0 where D_i(p*) = 0). */
  byFirm: number[];
  /** 1 − Σ X_i / Σ D_i at p* (0 when Σ D_i = 0). */
  market: number;
  /** True demand D_i(p*) of each firm (units), length N. */
  demand: number[];
  /** The bid's demand X_i(p*) as the steps read (units), length N (0 where D_i(p*) = 0). */
  bidDemand: number[];
}

/** Values this close to 0 are rounding of the interpolation (a truthful bid's points lie on D to ≈ 1e−16). */
const ROUNDING = 1e-12;

/** X(p): the demand the step schedule of firm slot `base` stands for at price p (see `DemandReduction`). */
export function stepDemandAt(bids: StepBids, base: number, p: number): number {
  // Points (price, quantity), in falling price order; prices of the schedule do not increase.
  const px: number[] = [];
  const qx: number[] = [];
  let start = 0;
  let Q = 0;
  for (let t = 0; t < bids.T; t++) {
    const price = bids.prices[base + t];
    const q = bids.quantities[base + t];
    if (!(price > 0 && q > 0)) continue;
    if (px.length > 0 && px[px.length - 1] === price) {
      Q += q;
      qx[qx.length - 1] = (start + Q) / 2; // one price, one step: the midpoint of the merged units
      continue;
    }
    start = Q;
    Q += q;
    px.push(price);
    qx.push((start + Q) / 2);
  }
  if (px.length === 0) return 0;
  px.push(0);
  qx.push(Q);
  if (p <= 0) return Q;
  // Above the top step: extend the top segment.
  let j = 0;
  while (j + 1 < px.length - 1 && px[j + 1] >= p) j++;
  // Segment between points j (higher price) and j + 1 (lower price).
  const x = qx[j] + ((qx[j + 1] - qx[j]) * (px[j] - p)) / (px[j] - px[j + 1]);
  return x > 0 ? x : 0;
}

/**
 * The headline demand-reduction index of auction k (default 0) at the competitive price p (currency per unit:
 * `competitivePrice(firms, supply)` of `metrics/permits.ts`): see `DemandReduction`.
 */
export function demandReduction(firms: readonly Firm[], bids: StepBids, p: number, k = 0): DemandReduction {
  const { N, T } = bids;
  let xSum = 0;
  let dSum = 0;
  const demand = firms.map(() => 0);
  const bidDemand = firms.map(() => 0);
  const byFirm = firms.map((f, i) => {
    const D = f.c > 0 ? Math.max(0, f.e - p / f.c) : 0;
    if (!(D > 0) || i >= N) return 0;
    const X = stepDemandAt(bids, (k * N + i) * T, p);
    demand[i] = D;
    bidDemand[i] = X;
    xSum += X;
    dSum += D;
    const w = 1 - X / D;
    return Math.abs(w) < ROUNDING ? 0 : w;
  });
  const market = dSum > 0 ? 1 - xSum / dSum : 0;
  return { byFirm, market: Math.abs(market) < ROUNDING ? 0 : market, demand, bidDemand };
}
