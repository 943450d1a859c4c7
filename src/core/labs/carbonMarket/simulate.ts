import type { Rng } from '../../math/rng';
import { evenPlan, proportionalWeights, type ClassicRule, type IssuancePlan } from './allocation';
import { improvedIntensity, produce, researchSuccessProbability, ruleResearchBudget, type EconomyParams, type FirmType } from './economy';
import { AllowanceMarket } from './market';
import { equality, governmentObjective, meanOf, type ObjectiveWeights } from './metrics';

/** Everything fixed during an episode. */
export interface MarketSettings {
  firms: readonly FirmType[];
  /** Years T (integer ≥ 1). */
  years: number;
  /** Allowances the regulator may issue over the whole horizon. */
  budget: number;
  /** Largest share of `budget` issued in one year (0–1; default 0.25). */
  maxYearShare: number;
  economy: EconomyParams;
  objective: ObjectiveWeights;
  /** Equality with the small-sample factor N/(N − 1) (default true). */
  smallSample: boolean;
  /** Linear steps per demand schedule in the market (default 8). */
  marketSteps: number;
}

/** What policies observe at the start of year t (0-based) of K episodes; arrays `[K]` or `[K, N]`. Read-only. */
export interface EpisodeState {
  K: number;
  N: number;
  T: number;
  t: number;
  /** Yearly cap = maxYearShare · budget (allowances). */
  cap: number;
  remaining: Float64Array;
  wealth: Float64Array;
  intensity: Float64Array;
  lastEmissions: Float64Array;
  lastOutput: Float64Array;
  /** Last year's allowance price (0 before year 1). */
  lastPrice: Float64Array;
}

/** A regulator: writes each episode's request `[K]` (allowances) and weights `[K, N]` (rows sum to 1). */
export interface Government {
  /** Full auctioning: the issue is sold, not given (weights are ignored). */
  readonly auction: boolean;
  decide(s: EpisodeState, request: Float64Array, weights: Float64Array): void;
}

/**
 * Firms' strategic choices (PPO firms); rule-based firms are `null`: truthful schedules and the rule's research
 * budget. Writes bid multipliers `[K, N]` (1 = truthful) and research multipliers `[K, N]` (× the rule's budget).
 */
export interface FirmBehaviour {
  act(s: EpisodeState, bidMultiplier: Float64Array, researchMultiplier: Float64Array): void;
}

/** Per-year record of K episodes: `[T, K]` and `[T, K, N]` arrays (index (t·K + k)·N + i). */
export interface EpisodeTrace {
  K: number;
  N: number;
  T: number;
  requested: Float64Array;
  issued: Float64Array;
  price: Float64Array;
  totalEmissions: Float64Array;
  shortfall: Float64Array;
  cumulativeShortfall: Float64Array;
  overdrawn: Float64Array;
  productivity: Float64Array;
  equality: Float64Array;
  objective: Float64Array;
  allocation: Float64Array;
  holdings: Float64Array;
  emissions: Float64Array;
  output: Float64Array;
  wealth: Float64Array;
  intensity: Float64Array;
  research: Float64Array;
  /** Firm profit of the year: revenue − penalties + market cash − research (currency). */
  profit: Float64Array;
  /** Objective before year 1 `[K]` (initial wealths, no shortfall). */
  objective0: Float64Array;
}

export function createTrace(K: number, N: number, T: number): EpisodeTrace {
  const a = () => new Float64Array(T * K);
  const b = () => new Float64Array(T * K * N);
  return {
    K, N, T,
    requested: a(), issued: a(), price: a(), totalEmissions: a(), shortfall: a(), cumulativeShortfall: a(), overdrawn: a(),
    productivity: a(), equality: a(), objective: a(),
    allocation: b(), holdings: b(), emissions: b(), output: b(), wealth: b(), intensity: b(), research: b(), profit: b(),
    objective0: new Float64Array(K),
  };
}

/**
 * Simulate K independent episodes of T years in lockstep (K = batch for training, or one per evaluation seed).
 * Year t of episode k: (1) the government asks for r and weights w; the economy issues min(r, remaining) and counts
 * the excess as overdrawn; (2) free allocation a_i = issue·w_i, or under auctioning the issue is sold
 * (`AllowanceMarket.auction`); (3) the call market clears (`AllowanceMarket.clearPool`); (4) each firm produces its
 * best response to its holdings (`economy.produce`), paying the penalty on any shortfall; (5) it spends on research
 * (rule budget × multiplier), succeeding with probability 1 − e^(−I/I₀) (one uniform per firm per year from
 * `rngs[k]`, drawn whether or not it invests, so rules compared on the same seeds face the same luck).
 * Wealth += operating profit + market cash − research. Metrics after each year: productivity (mean wealth),
 * equality (1 − Gini), the objective (`metrics.governmentObjective`) on cumulative shortfall and overdraw.
 */
export function simulate(
  s: MarketSettings,
  gov: Government,
  firmBehaviour: FirmBehaviour | null,
  rngs: readonly Rng[],
  trace: EpisodeTrace,
  market?: AllowanceMarket,
): EpisodeTrace {
  const K = rngs.length;
  const N = s.firms.length;
  const T = s.years;
  const p = s.economy;
  const cap = s.maxYearShare * s.budget;
  const mk = market && market.K === K && market.N === N && market.steps === s.marketSteps ? market : new AllowanceMarket(K, N, s.marketSteps);
  const state: EpisodeState = {
    K, N, T, t: 0, cap,
    remaining: new Float64Array(K).fill(s.budget),
    wealth: new Float64Array(K * N),
    intensity: new Float64Array(K * N),
    lastEmissions: new Float64Array(K * N),
    lastOutput: new Float64Array(K * N),
    lastPrice: new Float64Array(K),
  };
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < N; i++) {
      const f = s.firms[i];
      state.wealth[k * N + i] = f.w0;
      state.intensity[k * N + i] = f.e0;
      state.lastEmissions[k * N + i] = f.e0 * f.Q;
      state.lastOutput[k * N + i] = f.Q;
    }
    trace.objective0[k] = governmentObjective(equality(state.wealth, s.smallSample, k * N, N), meanOf(state.wealth, k * N, N), 0, 0, s.objective);
  }
  const request = new Float64Array(K);
  const weights = new Float64Array(K * N);
  const endowment = new Float64Array(K * N);
  const bidMult = new Float64Array(K * N).fill(1);
  const researchMult = new Float64Array(K * N).fill(1);
  const issued = new Float64Array(K);
  const cumShort = new Float64Array(K);
  const cumOver = new Float64Array(K);
  const marketCash = new Float64Array(K * N);
  for (let t = 0; t < T; t++) {
    state.t = t;
    gov.decide(state, request, weights);
    if (firmBehaviour) firmBehaviour.act(state, bidMult, researchMult);
    for (let k = 0; k < K; k++) {
      const r = Math.max(0, request[k]);
      const give = Math.min(r, state.remaining[k], cap);
      issued[k] = give;
      cumOver[k] = cumOver[k] + Math.max(0, r - state.remaining[k]);
      state.remaining[k] = Math.max(0, state.remaining[k] - give);
      const row = t * K + k;
      trace.requested[row] = r;
      trace.issued[row] = give;
      for (let i = 0; i < N; i++) endowment[k * N + i] = gov.auction ? 0 : give * weights[k * N + i];
    }
    mk.writeSchedules(s.firms, state.intensity, p.penalty, firmBehaviour ? bidMult : null);
    marketCash.fill(0);
    if (gov.auction) {
      mk.auction(issued, p.penalty);
      for (let j = 0; j < K * N; j++) {
        endowment[j] = mk.holdings[j]!;
        marketCash[j] = mk.cash[j]!;
      }
      // Bids stay as written: the auction's winners now trade among themselves in the call market.
    }
    mk.clearPool(endowment, p.penalty);
    for (let k = 0; k < K; k++) {
      const row = t * K + k;
      const rng = rngs[k];
      let emissions = 0;
      let short = 0;
      for (let i = 0; i < N; i++) {
        const j = k * N + i;
        const f = s.firms[i];
        const e = state.intensity[j];
        const h = mk.holdings[j];
        const prod = produce(f, e, h, p.penalty);
        const cash = marketCash[j] + mk.cash[j];
        const carbonPrice = prod.shortfall > 0 ? p.penalty : mk.price[k];
        const yearsLeft = T - t - 1;
        const budgetI = ruleResearchBudget(carbonPrice, prod.output, e, yearsLeft, p) * researchMult[j];
        const spend = Math.max(0, Math.min(budgetI, state.wealth[j] + prod.operatingProfit + cash));
        const u = rng.next();
        const profit = prod.operatingProfit + cash - spend;
        state.wealth[j] = state.wealth[j] + profit;
        const tj = row * N + i;
        trace.allocation[tj] = endowment[j]!;
        trace.holdings[tj] = h;
        trace.emissions[tj] = prod.emissions;
        trace.output[tj] = prod.output;
        trace.research[tj] = spend;
        trace.profit[tj] = profit;
        trace.wealth[tj] = state.wealth[j]!;
        if (u < researchSuccessProbability(spend, p.researchScale)) state.intensity[j] = improvedIntensity(e, p);
        trace.intensity[tj] = state.intensity[j]!;
        state.lastEmissions[j] = prod.emissions;
        state.lastOutput[j] = prod.output;
        emissions += prod.emissions;
        short += prod.shortfall;
      }
      if (gov.auction) for (let i = 0; i < N; i++) trace.allocation[row * N + i] = 0;
      cumShort[k] = cumShort[k] + short;
      state.lastPrice[k] = mk.price[k]!;
      const eq = equality(state.wealth, s.smallSample, k * N, N);
      const prodv = meanOf(state.wealth, k * N, N);
      trace.price[row] = mk.price[k]!;
      trace.totalEmissions[row] = emissions;
      trace.shortfall[row] = short;
      trace.cumulativeShortfall[row] = cumShort[k]!;
      trace.overdrawn[row] = cumOver[k]!;
      trace.productivity[row] = prodv;
      trace.equality[row] = eq;
      trace.objective[row] = governmentObjective(eq, prodv, cumShort[k], cumOver[k], s.objective);
    }
  }
  return trace;
}

/** A classic rule as a `Government`: yearly issue from `plan` (default the even schedule), weights per `allocation.ts`. */
export function classicGovernment(rule: ClassicRule, plan: IssuancePlan = evenPlan): Government {
  const ones = new Float64Array(0);
  return {
    auction: rule === 'auction',
    decide(st, request, weights) {
      const { K, N } = st;
      const basis = rule === 'grandfathering' ? st.lastEmissions : rule === 'benchmarking' ? st.lastOutput : ones;
      for (let k = 0; k < K; k++) {
        request[k] = plan(st.remaining[k], st.t, st.T, st.cap);
        if (basis === ones) weights.fill(1 / N, k * N, k * N + N);
        else proportionalWeights(basis, k * N, N, weights, k * N);
      }
    },
  };
}
