import type { Rng } from '../math/rng';

/**
 * Multi-unit sealed-bid auctions of S identical units (carbon permits) among N firms, batched over K
 * auctions. Each firm submits a step demand schedule: T steps (price p_t, quantity q_t) with prices
 * non-increasing in t, meaning "q_t more units, each worth p_t to me". Two-tier bids [pH, qH, pL, qL] are
 * T = 2; per-unit bids are steps of quantity 1. Quantities may be fractional.
 *
 * Layout (row-major typed arrays): firm i's step t in auction k sits at index (k·N + i)·T + t.
 * Schedules are validated at the boundary (`validateSchedules`); mechanisms assume valid input and never
 * "fix" it.
 */
export interface StepBids {
  /** Auctions in the batch. */
  K: number;
  /** Firms per auction. */
  N: number;
  /** Steps per schedule (pad unused steps with quantity 0). */
  T: number;
  /** Step prices `[K, N, T]` (currency per unit), non-increasing in t. */
  prices: Float64Array;
  /** Step quantities `[K, N, T]` (units), ≥ 0. */
  quantities: Float64Array;
}

/** How the clearing price of a uniform-price auction is set. */
export type PriceRule = 'first-rejected' | 'last-accepted';
/** How supply is shared among steps tied at the marginal price. */
export type TieRule = 'pro-rata' | 'random';

export interface MultiUnitSettings {
  /** Units for sale S (> 0). */
  supply: number;
  /** Reserve price: steps bidding less are rejected (default 0); a step priced 0 never wins. */
  reserve: number;
  /** Uniform price only: first rejected bid (RGGI) or last accepted bid (EU ETS). */
  priceRule: PriceRule;
  tieRule: TieRule;
  /** Needed when `tieRule` is `random` (the run's seeded stream). */
  rng?: Rng;
}

/** Result of clearing K auctions. Pass one in to reuse its buffers (no per-auction allocation). */
export interface MultiUnitOutcome {
  /** Units won on each step `[K, N, T]`. */
  fills: Float64Array;
  /** Units won by each firm `[K, N]`. */
  allocation: Float64Array;
  /** Payment of each firm `[K, N]` (currency). */
  payments: Float64Array;
  /**
   * Price per auction `[K]`: the uniform price for uniform pricing; for pay-as-bid and VCG the stop-out price
   * (lowest accepted bid), shown for reference. The reserve when nothing is sold.
   */
  price: Float64Array;
  /** Highest price with unfilled demand at or above the reserve, or the reserve when all of it was filled `[K]`. */
  firstRejected: Float64Array;
  /** Price of the marginal accepted step (lowest accepted bid), or the reserve when nothing was accepted `[K]`. */
  lastAccepted: Float64Array;
}

export type MultiUnitMechanismId = 'uniform' | 'discriminatory' | 'vcg';

export interface MultiUnitMechanism {
  id: MultiUnitMechanismId;
  title: string;
  /** The name the UI and run labels use (column headings, history), e.g. "Pay as bid". */
  shortTitle: string;
  /** What winners pay, in one sentence (shown in the UI). */
  rule: string;
  clear(bids: StepBids, settings: MultiUnitSettings, out?: MultiUnitOutcome): MultiUnitOutcome;
}

/** Allocate (or reuse) outcome buffers for a batch. */
export function createOutcome(K: number, N: number, T: number, reuse?: MultiUnitOutcome): MultiUnitOutcome {
  // Reused buffers need no zeroing: `allocate` writes every fill and allocation, mechanisms every payment.
  if (reuse && reuse.fills.length === K * N * T && reuse.allocation.length === K * N && reuse.price.length === K) return reuse;
  return {
    fills: new Float64Array(K * N * T),
    allocation: new Float64Array(K * N),
    payments: new Float64Array(K * N),
    price: new Float64Array(K),
    firstRejected: new Float64Array(K),
    lastAccepted: new Float64Array(K),
  };
}

/** Scratch buffers of the allocation kernel, kept per schedule size so clearing allocates nothing per auction. */
let scratchOrder = new Int32Array(0);
function order(size: number): Int32Array {
  if (scratchOrder.length < size) scratchOrder = new Int32Array(size);
  return scratchOrder;
}

/**
 * The allocation every mechanism here shares: sort the eligible steps (price ≥ reserve and > 0, quantity > 0) of an
 * auction by price, highest first, and fill them until the supply runs out; the steps tied at the marginal
 * price share what is left pro-rata to their quantities, or in a seeded random order. This is the
 * allocation that maximizes declared value (greedy on non-increasing step schedules), so it is also VCG's.
 *
 * Calls `onAuction(k, base, m, ord)` after each auction is filled (ord[0..m) are the eligible steps of
 * auction k, sorted; step index = base + ord[j]), so mechanisms can price without sorting again.
 */
export function allocate(
  bids: StepBids,
  s: MultiUnitSettings,
  out: MultiUnitOutcome,
  onAuction?: (k: number, base: number, m: number, ord: Int32Array) => void,
): void {
  const { K, N, T, prices, quantities } = bids;
  const NT = N * T;
  const ord = order(NT);
  const { fills, allocation, firstRejected, lastAccepted } = out;
  const reserve = s.reserve;
  const random = s.tieRule === 'random';
  if (random && !s.rng) throw new Error('tieRule "random" needs the run\'s rng');
  for (let k = 0; k < K; k++) {
    const base = k * NT;
    // Eligible steps, insertion-sorted by price (descending; equal prices keep firm/step order).
    let m = 0;
    for (let j = 0; j < NT; j++) {
      fills[base + j] = 0;
      const p = prices[base + j];
      // Eligible: positive quantity at a positive price ≥ reserve (a bid of 0 means "no demand", even at reserve 0).
      if (quantities[base + j] > 0 && p >= reserve && p > 0) {
        let h = m++;
        while (h > 0 && prices[base + ord[h - 1]] < p) {
          ord[h] = ord[h - 1]!;
          h--;
        }
        ord[h] = j;
      }
    }
    let remaining = s.supply;
    const eps = 1e-12 * (s.supply > 1 ? s.supply : 1);
    let i = 0;
    let lastPrice = NaN;
    let rejected = reserve;
    while (i < m) {
      const p = prices[base + ord[i]];
      let j = i;
      let groupQ = 0;
      while (j < m && prices[base + ord[j]] === p) groupQ += quantities[base + ord[j++]];
      if (remaining <= 0) {
        rejected = p;
        break;
      }
      if (groupQ <= remaining + eps) {
        for (let h = i; h < j; h++) fills[base + ord[h]] = quantities[base + ord[h]]!;
        remaining -= groupQ;
        // Decimal quantities leave float residue (0.3 − 0.1 − 0.2 = 5.6e−17): treat it as "supply exhausted".
        if (remaining <= eps) remaining = 0;
        lastPrice = p;
      } else {
        // Marginal group: some of its demand stays unfilled, so it also sets the first rejected price.
        if (random) {
          for (let h = j - 1; h > i; h--) {
            const r = i + s.rng!.int(h - i + 1);
            const t = ord[h];
            ord[h] = ord[r]!;
            ord[r] = t;
          }
          for (let h = i; h < j && remaining > 0; h++) {
            const f = Math.min(quantities[base + ord[h]], remaining);
            fills[base + ord[h]] = f;
            remaining -= f;
          }
        } else {
          const share = remaining / groupQ;
          for (let h = i; h < j; h++) fills[base + ord[h]] = quantities[base + ord[h]] * share;
          remaining = 0;
        }
        lastPrice = p;
        rejected = p;
        break;
      }
      i = j;
    }
    firstRejected[k] = rejected;
    lastAccepted[k] = Number.isNaN(lastPrice) ? reserve : lastPrice;
    const arow = k * N;
    for (let f = 0; f < N; f++) {
      let a = 0;
      for (let t = 0; t < T; t++) a += fills[base + f * T + t];
      allocation[arow + f] = a;
    }
    onAuction?.(k, base, m, ord);
  }
}

/** A problem with a submitted schedule, naming the firm and step. */
export interface ScheduleIssue {
  firm: number;
  step: number;
  message: string;
}

/**
 * Boundary check of schedules (UI, CLI, URL): prices and quantities finite and ≥ 0, prices non-increasing
 * within each schedule. Returns every problem found; an empty list means the mechanisms may run.
 */
export function validateSchedules(bids: StepBids): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  const { K, N, T, prices, quantities } = bids;
  if (prices.length !== K * N * T || quantities.length !== K * N * T) {
    return [{ firm: -1, step: -1, message: `schedules have ${prices.length} prices and ${quantities.length} quantities; expected K·N·T = ${K * N * T}` }];
  }
  for (let k = 0; k < K; k++)
    for (let i = 0; i < N; i++)
      for (let t = 0; t < T; t++) {
        const j = (k * N + i) * T + t;
        const p = prices[j];
        const q = quantities[j];
        const where = `firm ${i + 1}, step ${t + 1}${K > 1 ? ` (auction ${k + 1})` : ''}`;
        if (!Number.isFinite(p) || p < 0) issues.push({ firm: i, step: t, message: `${where}: price ${p} must be a finite number ≥ 0` });
        if (!Number.isFinite(q) || q < 0) issues.push({ firm: i, step: t, message: `${where}: quantity ${q} must be a finite number ≥ 0` });
        if (t > 0 && p > prices[j - 1]) {
          issues.push({ firm: i, step: t, message: `${where}: price ${p} is above the previous step's ${prices[j - 1]}; prices must not increase (e.g. pL ≤ pH)` });
        }
      }
  return issues;
}
