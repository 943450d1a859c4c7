import { clearWith, type PermitOutcome } from '../labs/permitAuction/clearAll';
import type { FirmType, Schedule } from '../labs/permitAuction/fields';
import { toSchedule } from '../labs/permitAuction/play';
import { permitAuctionSchema, type PermitAuctionConfig } from '../labs/permitAuction/schema';
import { defaultsOf } from '../config/schema';
import { multiUnitMechanismIds, multiUnitMechanisms } from '../mechanisms/multiUnitRegistry';
import { createOutcome, type MultiUnitMechanismId, type StepBids } from '../mechanisms/multiUnit';
import { demandReduction } from '../metrics/demandReduction';
import { permitValue, stepListsToBids, truthfulTwoTier } from '../valuations/abatement';
import type { RoundSummary } from './protocol';

/**
 * Clearing one classroom round with the permit lab's own code: the lab config (`PermitAuctionConfig`) of the
 * round's market, `clearWith` for the outcome and its metrics, `demandReduction` per class of bidder. Pure.
 */

/** One firm in a round's market: its seat, class, type and two-tier bid [pH, qH, pL, qL] (already validated). */
export interface MarketFirm {
  seat: number;
  kind: 'student' | 'ppo';
  firm: FirmType;
  bid: readonly number[];
}

/** The market rules of a round. */
export interface MarketRules {
  mechanism: MultiUnitMechanismId;
  supply: number;
  reserve: number;
  priceRule: PermitAuctionConfig['priceRule'];
}

/** What clearing a round gives: the lab's outcome, the truthful benchmark and each student's truthful comparison. */
export interface RoundClearing {
  /** Market firms in the order cleared (index j of every array below). */
  firms: MarketFirm[];
  outcome: PermitOutcome;
  /** Every firm bidding its truthful two-tier bid, same mechanism. */
  truthful: PermitOutcome;
  /**
   * Per firm j: permits, payment and profit had firm j alone bid truthfully (the others' bids unchanged), as the
   * lab's play mode compares (`play.ts` `playRound`); computed for students only (null for PPO firms).
   */
  alone: ({ permits: number; payment: number; profit: number } | null)[];
}

/** The permit lab's config for a market of `firms` bidding `schedules` (clear mode; the lab's defaults elsewhere). */
export function labConfigOf(rules: MarketRules, firms: FirmType[], schedules: Schedule[]): PermitAuctionConfig {
  return {
    ...defaultsOf(permitAuctionSchema),
    mode: 'clear',
    mechanism: rules.mechanism,
    priceRule: rules.priceRule,
    tieRule: 'pro-rata',
    supply: rules.supply,
    reserve: rules.reserve,
    firms,
    bids: schedules,
  };
}

/**
 * Clear a round's market. `seed` is the lab's clearing seed (it only drives random tie-breaking, which sessions do
 * not use). An empty market clears to nothing at the reserve.
 */
export function clearRound(rules: MarketRules, market: MarketFirm[], seed: number): RoundClearing {
  const types = market.map((m) => m.firm);
  const schedules = market.map((m) => toSchedule(m.bid));
  const truthfulSchedules = types.map((f) => toSchedule(truthfulTwoTier(f)));
  const config = labConfigOf(rules, types, schedules);
  const outcome = clearWith(config, rules.mechanism, seed, schedules);
  const truthful = clearWith({ ...config, bids: truthfulSchedules }, rules.mechanism, seed, truthfulSchedules);
  return { firms: market, outcome, truthful, alone: aloneTruthful(rules, market, outcome) };
}

/**
 * For each student j: the same auction with j's bid replaced by its truthful two-tier bid (the others' unchanged),
 * j's permits, payment and profit, by the registry mechanism's own `clear`.
 *
 * Trap (speed, exactness): firm j's outcome depends on the other firms only through the multiset of their steps,
 * not on which firm holds which step — the allocation fills steps by price with ties shared pro-rata to quantity;
 * j's uniform or pay-as-bid payment is its own fills times prices; j's VCG payment is the value of the others'
 * unfilled step units it displaces (`vcgMultiUnit.ts`). So each counterfactual clears a two-bidder market: "the
 * others" as one schedule of all their steps sorted by price (a valid, non-increasing schedule) and firm j's
 * truthful bid. That is O(steps) per student instead of a full N-firm clearing (the 300-student room would
 * need 300 clearings of 600 steps, each quadratic in the allocation's insertion sort and in VCG's payments).
 */
function aloneTruthful(rules: MarketRules, market: MarketFirm[], actual: PermitOutcome): RoundClearing['alone'] {
  const mechanism = multiUnitMechanisms[rules.mechanism];
  const settings = { supply: rules.supply, reserve: rules.reserve, priceRule: rules.priceRule, tieRule: 'pro-rata' as const };
  // Every step of the market with its owner, sorted by price, highest first.
  const steps: { owner: number; p: number; q: number }[] = [];
  market.forEach((m, j) => {
    steps.push({ owner: j, p: m.bid[0], q: m.bid[1] }, { owner: j, p: m.bid[2], q: m.bid[3] });
  });
  steps.sort((a, b) => b.p - a.p);
  const T = Math.max(2, steps.length - 2);
  const bids: StepBids = { K: 1, N: 2, T, prices: new Float64Array(2 * T), quantities: new Float64Array(2 * T) };
  const out = createOutcome(1, 2, T);
  return market.map((m, j) => {
    if (m.kind !== 'student') return null;
    const truthful = truthfulTwoTier(m.firm);
    // Already truthful: the counterfactual is the auction itself.
    if (truthful.every((x, i) => x === m.bid[i])) return { permits: actual.allocation[j], payment: actual.payments[j], profit: actual.profits[j] };
    let t = 0;
    for (const s of steps) {
      if (s.owner === j) continue;
      bids.prices[t] = s.p;
      bids.quantities[t++] = s.q;
    }
    for (; t < T; t++) {
      bids.prices[t] = 0;
      bids.quantities[t] = 0;
    }
    bids.prices.fill(0, T);
    bids.quantities.fill(0, T);
    bids.prices[T] = truthful[0];
    bids.quantities[T] = truthful[1];
    // Padding steps repeat the last price with quantity 0, so the schedule stays non-increasing.
    for (let u = T + 1; u < 2 * T; u++) bids.prices[u] = truthful[2];
    bids.quantities[T + 1] = truthful[3];
    mechanism.clear(bids, settings, out);
    const permits = out.allocation[1];
    const payment = out.payments[1];
    return { permits, payment, profit: permitValue(m.firm, permits) - payment };
  });
}

/** Demand reduction of a subset of the market's firms (`demandReduction` at the whole market's competitive price), or null when empty. */
function classDri(c: RoundClearing, kind: MarketFirm['kind']): number | null {
  const idx = c.firms.flatMap((m, j) => (m.kind === kind ? [j] : []));
  if (idx.length === 0) return null;
  const bids = stepListsToBids(idx.map((j) => toSchedule(c.firms[j].bid)));
  return demandReduction(
    idx.map((j) => c.firms[j].firm),
    bids,
    c.outcome.competitivePrice,
  ).market;
}

/** The round's headline figures (see `RoundSummary` in `protocol.ts`). */
export function summarize(c: RoundClearing, round: number, drawIndex: number, mechanism: MultiUnitMechanismId): RoundSummary {
  return {
    round,
    drawIndex,
    mechanism,
    bidders: c.firms.length,
    humanBids: c.firms.filter((m) => m.kind === 'student').length,
    clearingPrice: c.outcome.price,
    competitivePrice: c.outcome.competitivePrice,
    revenue: c.outcome.revenue,
    efficiency: c.outcome.efficiency,
    unitsSold: c.outcome.unitsSold,
    dri: { humans: classDri(c, 'student'), ppo: classDri(c, 'ppo'), truthful: c.truthful.dri },
    truthful: { clearingPrice: c.truthful.price, revenue: c.truthful.revenue, efficiency: c.truthful.efficiency },
  };
}

/**
 * The market's bid steps merged: every step with positive price and quantity, sorted by price (highest first),
 * equal prices merged, as [price, cumulative quantity] (currency per permit, permits).
 */
export function aggregateBidSteps(bids: readonly (readonly number[])[]): [number, number][] {
  const steps: [number, number][] = [];
  for (const b of bids) {
    if (b[0] > 0 && b[1] > 0) steps.push([b[0], b[1]]);
    if (b[2] > 0 && b[3] > 0) steps.push([b[2], b[3]]);
  }
  steps.sort((a, b) => b[0] - a[0]);
  const out: [number, number][] = [];
  let total = 0;
  for (const [p, q] of steps) {
    total += q;
    if (out.length > 0 && out[out.length - 1][0] === p) out[out.length - 1][1] = total;
    else out.push([p, total]);
  }
  return out;
}

/**
 * The market's true demand D(p) = Σ_i max(0, e_i − p/c_i) (the inverse of each firm's marginal value c_i·(e_i − q),
 * `valuations/abatement.ts`) at its breakpoints p_i = c_i·e_i, highest first, plus p = 0 where D = Σ e_i: points
 * [price, quantity]; D is linear between consecutive points. Above the top breakpoint D = 0.
 */
export function trueDemandCurve(firms: readonly FirmType[]): [number, number][] {
  const active = firms.filter((f) => f.c > 0 && f.e > 0).sort((a, b) => b.c * b.e - a.c * a.e);
  const out: [number, number][] = [];
  let sumE = 0;
  let sumInv = 0;
  for (const f of active) {
    const p = f.c * f.e;
    out.push([p, Math.max(0, sumE - p * sumInv)]);
    sumE += f.e;
    sumInv += 1 / f.c;
  }
  out.push([0, sumE]);
  return out;
}

/**
 * Clear a synthetic market of `firms` truthful-ish firms once under every mechanism, so the first real round of a
 * class does not also pay for the JavaScript engine's warm-up of the clearing code (≈ 100 ms for 300 firms).
 */
export function warmUpClearing(firms = 300): void {
  const market: MarketFirm[] = Array.from({ length: firms }, (_, i) => {
    const firm = { c: 0.5 + (i % 10) / 10, e: 4 + (i % 7) / 2 };
    const t = truthfulTwoTier(firm);
    return { seat: i, kind: 'student', firm, bid: i % 2 ? t : [t[0], t[1], t[2] / 2, t[3]] };
  });
  for (const mechanism of multiUnitMechanismIds) clearRound({ mechanism, supply: 4 * firms, reserve: 0, priceRule: 'first-rejected' }, market, 1);
}
