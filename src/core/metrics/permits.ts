import type { MultiUnitOutcome, StepBids } from '../mechanisms/multiUnit';
import { abatementCost, permitValue, type Firm } from '../valuations/abatement';
import { demandReduction } from './demandReduction';

/**
 * Metrics of multi-unit permit auctions among firms with quadratic abatement costs (`valuations/abatement.ts`):
 * the efficient (competitive) allocation, allocative efficiency and the Demand Reduction Index.
 * Firms are `Firm[]` (one auction); bids are `StepBids` (`[K, N, T]`), read at auction `k` (default 0).
 */

/** Efficient allocation of S permits and its shadow price. */
export interface EfficientAllocation {
  /** Permits per firm q_i (units), length N; Σ q_i = min(S, Σ e_i). */
  allocation: number[];
  /** Shadow price λ ≥ 0 (currency per unit): the common marginal value of every firm holding 0 < q_i < e_i. */
  lambda: number;
}

/**
 * The value-maximizing allocation of S permits (max Σ V_i(q_i) s.t. Σ q_i ≤ S, 0 ≤ q_i ≤ e_i) by water-filling
 * over the true marginal-value curves c_i·(e_i − q): q_i = clamp(e_i − λ/c_i, 0, e_i), with λ ≥ 0 such that
 * Σ q_i = S; λ = 0 and q_i = e_i when Σ e_i ≤ S. This is the competitive equilibrium of the permit market
 * (Montgomery 1972): every firm abates until its marginal abatement cost equals the permit price λ.
 *
 * λ is found exactly: firm i demands nothing above its breakpoint λ_i = c_i·e_i; sorting the breakpoints from
 * the top, on each interval between consecutive ones the demand Σ_{active} (e_i − λ/c_i) is linear in λ and is
 * solved in closed form. Edge cases: S ≤ 0 gives q = 0 and λ = max_i c_i·e_i (the lowest price at which nobody
 * demands a permit); firms with c_i = 0 have zero marginal value, get nothing at λ > 0 and, at λ = 0, share
 * whatever the other firms leave, in proportion to e_i (any split is efficient).
 */
export function efficientAllocation(firms: readonly Firm[], supply: number): EfficientAllocation {
  if (Number.isNaN(supply)) throw new Error('supply must be a number');
  const N = firms.length;
  let total = 0;
  for (const f of firms) total += f.e;
  if (supply >= total) return { allocation: firms.map((f) => f.e), lambda: 0 };
  if (supply <= 0) {
    let top = 0;
    for (const f of firms) top = Math.max(top, f.c * f.e);
    return { allocation: new Array<number>(N).fill(0), lambda: top };
  }
  const active: number[] = [];
  for (let i = 0; i < N; i++) if (firms[i].c > 0 && firms[i].e > 0) active.push(i);
  active.sort((a, b) => firms[b].c * firms[b].e - firms[a].c * firms[a].e);
  let lambda = 0;
  let sumE = 0;
  let sumInv = 0;
  for (let j = 0; j < active.length; j++) {
    const f = firms[active[j]];
    sumE += f.e;
    sumInv += 1 / f.c;
    const next = j + 1 < active.length ? firms[active[j + 1]].c * firms[active[j + 1]].e : 0;
    const lam = (sumE - supply) / sumInv;
    if (lam >= next) {
      lambda = lam;
      break;
    }
  }
  const allocation = firms.map((f) => (f.c > 0 ? Math.min(f.e, Math.max(0, f.e - lambda / f.c)) : 0));
  if (lambda === 0) {
    // Zero-cost firms share what the others leave (c = 0: every split is efficient).
    let used = 0;
    let zeroE = 0;
    for (let i = 0; i < N; i++) {
      used += allocation[i];
      if (!(firms[i].c > 0)) zeroE += firms[i].e;
    }
    const left = Math.max(0, supply - used);
    if (zeroE > 0) for (let i = 0; i < N; i++) if (!(firms[i].c > 0)) allocation[i] = Math.min(firms[i].e, (firms[i].e * left) / zeroE);
  }
  return { allocation, lambda };
}

/**
 * The competitive (Walrasian) permit price: the λ of `efficientAllocation`, where supply S meets the true demand
 * Σ_i clamp(e_i − p/c_i, 0, e_i) (currency per unit; 0 when Σ e_i ≤ S). The price truthful bidding would set in a
 * continuum of units; the reference price of the quantity-based DRI.
 */
export function competitivePrice(firms: readonly Firm[], supply: number): number {
  return efficientAllocation(firms, supply).lambda;
}

/**
 * Allocative efficiency: Σ_i V_i(q_i) / max_{Σq ≤ S} Σ_i V_i(q_i) (1 when the maximum is 0), with V_i the permit
 * value of `valuations/abatement.ts` and the maximum at `efficientAllocation`. In [0, 1] for feasible
 * allocations (Σ q_i ≤ S, q_i ≥ 0); the lab's primary success measure (the ratio of actual value
 * generated to the theoretical maximum value). `allocation` has length N (units).
 */
export function allocativeEfficiency(firms: readonly Firm[], allocation: ArrayLike<number>, supply: number): number {
  const best = efficientAllocation(firms, supply).allocation;
  let got = 0;
  let max = 0;
  for (let i = 0; i < firms.length; i++) {
    got += permitValue(firms[i], allocation[i]);
    max += permitValue(firms[i], best[i]);
  }
  return max > 0 ? got / max : 1;
}

/** ∫_lo^hi b(u) du for the step schedule at `base` (step t covers cumulative units [Q_{t−1}, Q_t); 0 beyond). */
function integrateBid(bids: StepBids, base: number, lo: number, hi: number): number {
  let start = 0;
  let area = 0;
  for (let t = 0; t < bids.T; t++) {
    const q = bids.quantities[base + t];
    const end = start + q;
    const a = Math.max(start, lo);
    const b = Math.min(end, hi);
    if (b > a) area += (b - a) * bids.prices[base + t];
    start = end;
    if (start >= hi) break;
  }
  return area;
}

/**
 * Demand Reduction Index of each firm in auction k (length N). With b(u) the bid price of unit u (the price of
 * the step covering cumulative unit u; units beyond the bid quantity count as price 0: a withheld unit is a bid
 * of 0) and the true tiers H = [0, e/2], L = [e/2, e]:
 *   p_T = mean of b(u) over tier T,  v̄_T = mean true marginal value over T (v̄_H = 0.75·c·e, v̄_L = 0.25·c·e),
 *   s_T = 1 − p_T / v̄_T (shading of tier T),  DRI_i = s_L − s_H.
 * 0 = no shading or uniform shading; 1 = the low tier fully withheld while the high tier is truthful; negative
 * when the high tier is shaded more. Firms with c·e = 0 (no value to reveal) get 0.
 * Demand reduction: Ausubel, Cramton, Pycia, Rostek & Weretka (2014), "Demand reduction and inefficiency in
 * multi-unit auctions", Rev. Econ. Stud. 81. A secondary measure (strategic shading of the low tier relative to the
 * high one): it reads 0 when both tiers are shaded alike and goes negative when a learner widens its high tier (as
 * VCG learners do), so the lab's headline is `demandReduction` (`metrics/demandReduction.ts`).
 */
export function driByFirm(firms: readonly Firm[], bids: StepBids, k = 0): number[] {
  const { N, T } = bids;
  return firms.map((f, i) => {
    if (!(f.c > 0 && f.e > 0) || i >= N) return 0;
    const base = (k * N + i) * T;
    const h = f.e / 2;
    const pH = integrateBid(bids, base, 0, h) / h;
    const pL = integrateBid(bids, base, h, f.e) / h;
    const sH = 1 - pH / (0.75 * f.c * f.e);
    const sL = 1 - pL / (0.25 * f.c * f.e);
    return sL - sH;
  });
}

/**
 * Market Demand Reduction Index: the mean of `driByFirm` weighted by true demand e_i,
 * Σ_i e_i·DRI_i / Σ_i e_i (0 when Σ e_i = 0).
 */
export function marketDri(firms: readonly Firm[], dri: readonly number[]): number {
  let w = 0;
  let s = 0;
  for (let i = 0; i < firms.length; i++) {
    w += firms[i].e;
    s += firms[i].e * dri[i];
  }
  return w > 0 ? s / w : 0;
}

/** Quantity-based Demand Reduction Index: withheld shares of true demand at the competitive price. */
export interface QuantityDri {
  /** Withheld share w_i ∈ [0, 1] of each firm (length N). */
  byFirm: number[];
  /** Σ_i D_i·w_i / Σ_i D_i (0 when Σ D_i = 0). */
  market: number;
}

/**
 * Quantity-based Demand Reduction Index of auction k, measured at the truthful clearing price p* =
 * `competitivePrice(firms, supply)`: true demand D_i = max(0, e_i − p* / c_i) (0 when c_i = 0), bid demand
 * B_i = Σ quantities of the firm's steps with price ≥ p*, withheld share w_i = 1 − min(1, B_i/D_i) (0 when
 * D_i = 0); market value weighted by D_i. The quantity view of demand reduction (Ausubel et al. 2014: bidders
 * reduce the quantity demanded at the market price).
 *
 * Trap: the truthful two-tier bid (`truthfulTwoTier`) is a coarse step approximation of the true demand curve, so
 * it "withholds" when 0.25·c_i·e_i < p* < 0.5·c_i·e_i (it bids e_i/2 at p* where true demand e_i − p* / c_i > e_i/2)
 * and when 0.75·c_i·e_i < p* < c_i·e_i (it bids nothing at p* where true demand is still positive). Step
 * schedules priced at the marginal value of each step's first unit never withhold.
 */
export function quantityDri(firms: readonly Firm[], bids: StepBids, supply: number, k = 0): QuantityDri {
  const p = competitivePrice(firms, supply);
  const { N, T } = bids;
  let wSum = 0;
  let dSum = 0;
  const byFirm = firms.map((f, i) => {
    const D = f.c > 0 ? Math.max(0, f.e - p / f.c) : 0;
    if (!(D > 0) || i >= N) return 0;
    const base = (k * N + i) * T;
    let B = 0;
    for (let t = 0; t < T; t++) if (bids.prices[base + t] >= p) B += bids.quantities[base + t];
    const w = 1 - Math.min(1, B / D);
    wSum += D * w;
    dSum += D;
    return w;
  });
  return { byFirm, market: dSum > 0 ? wSum / dSum : 0 };
}

/** Everything the permit lab shows about one cleared auction, as plain arrays and numbers (JSON-friendly). */
export interface PermitOutcomeMetrics {
  /** Permits won q_i (units), length N. */
  allocation: number[];
  /** Payments (currency), length N. */
  payments: number[];
  /** Profit V_i(q_i) − payment_i (currency), length N. */
  profits: number[];
  /** The auction's price (currency per unit; see `MultiUnitOutcome.price`). */
  price: number;
  /** Σ payments (currency). */
  revenue: number;
  /** Σ q_i (units). */
  unitsSold: number;
  /** `allocativeEfficiency` of the allocation. */
  efficiency: number;
  /** The headline Demand Reduction Index, `demandReduction(...).market` (`metrics/demandReduction.ts`; 0 for truthful two-tier bids). */
  dri: number;
  /** `demandReduction(...).byFirm`, length N. */
  driByFirm: number[];
  /** Secondary: `marketDri` of `driByFirm` (the price-based tier-shading index s_L − s_H, e-weighted). */
  driTierShading: number;
  /** Secondary: the function `driByFirm` (s_L − s_H per firm), length N. */
  driTierShadingByFirm: number[];
  /** `quantityDri(...).market`: demand-weighted withheld share at the competitive price. */
  driQuantity: number;
  /** `quantityDri(...).byFirm`, length N. */
  driQuantityByFirm: number[];
  /** `competitivePrice` (currency per unit). */
  competitivePrice: number;
  /** `efficientAllocation(...).allocation` (units), length N: the theory line beside the outcome. */
  efficientAllocation: number[];
  /** Σ_i C_i(e_i − q_i) (currency): the cost of the abatement the allocation forces. */
  totalAbatementCost: number;
}

/**
 * Outcome metrics of auction k (default 0) of a cleared batch: `firms` are that auction's N firms, `bids` the
 * submitted schedules and `outcome` the mechanism's result (`MultiUnitMechanism.clear`). See
 * `PermitOutcomeMetrics` for each figure and its source.
 */
export function permitOutcomeMetrics(
  firms: readonly Firm[],
  bids: StepBids,
  outcome: MultiUnitOutcome,
  supply: number,
  k = 0,
): PermitOutcomeMetrics {
  const N = firms.length;
  const allocation = Array.from(outcome.allocation.subarray(k * N, k * N + N));
  const payments = Array.from(outcome.payments.subarray(k * N, k * N + N));
  const profits = firms.map((f, i) => permitValue(f, allocation[i]) - payments[i]);
  const eff = efficientAllocation(firms, supply);
  const dris = driByFirm(firms, bids, k);
  const headline = demandReduction(firms, bids, competitivePrice(firms, supply), k);
  const qd = quantityDri(firms, bids, supply, k);
  let revenue = 0;
  let unitsSold = 0;
  let totalAbatementCost = 0;
  for (let i = 0; i < N; i++) {
    revenue += payments[i];
    unitsSold += allocation[i];
    totalAbatementCost += abatementCost(firms[i], allocation[i]);
  }
  return {
    allocation,
    payments,
    profits,
    price: outcome.price[k],
    revenue,
    unitsSold,
    efficiency: allocativeEfficiency(firms, allocation, supply),
    dri: headline.market,
    driByFirm: headline.byFirm,
    driTierShading: marketDri(firms, dris),
    driTierShadingByFirm: dris,
    driQuantity: qd.market,
    driQuantityByFirm: qd.byFirm,
    competitivePrice: eff.lambda,
    efficientAllocation: eff.allocation,
    totalAbatementCost,
  };
}
