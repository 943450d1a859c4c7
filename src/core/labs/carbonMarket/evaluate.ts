import { createRng, type Rng } from '../../math/rng';
import { ALL_POLICIES, evenPlan, type IssuancePlan, type PolicyId } from './allocation';
import { AllowanceMarket } from './market';
import { classicGovernment, createTrace, simulate, type EpisodeTrace, type FirmBehaviour, type Government, type MarketSettings } from './simulate';

/** Research-luck streams of evaluation episode `seed` (one per seed; the same for every rule). */
export function evaluationRngs(seeds: readonly number[]): Rng[] {
  return seeds.map((s) => createRng(0x5eed0000 ^ s));
}

/** The evaluation seeds 1…n (fixed, disjoint from training's streams). */
export function evaluationSeeds(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** Mean and sample standard deviation (n − 1) of a list (std 0 for one value). */
export function meanStd(x: readonly number[]): { mean: number; std: number } {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const v = n > 1 ? x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, std: Math.sqrt(v) };
}

/** Final-year figures of one rule over the evaluation seeds: means, standard deviations and per-seed objectives. */
export interface RuleSummary {
  policy: PolicyId;
  /** Mean wealth per firm at the end (currency). */
  productivity: number;
  /** 1 − Gini of final wealth (small-sample factor per settings). */
  equality: number;
  /** Total emissions over the horizon (tons). */
  emissions: number;
  /** Cumulative shortfall over the horizon (tons). */
  shortfall: number;
  /** Final government objective. */
  objective: number;
  /**
   * Mean over seeds of final equality × productivity (currency): the objective without its emissions factor
   * e^(−κ·Σ shortfall) (and with weights 1), so a rule that pays for shortfall is compared on what it does for wealth.
   */
  equalityProductivity: number;
  objectiveStd: number;
  /** Mean allowance price over years and seeds (currency per allowance). */
  allowancePrice: number;
  /** Allowances issued over the horizon (never above the budget). */
  issued: number;
  /** The objective on each evaluation seed, in seed order. */
  objectives: number[];
}

/** Summarize the last year of a trace (K episodes = the evaluation seeds). */
export function summarizeTrace(policy: PolicyId, tr: EpisodeTrace): RuleSummary {
  const { K, T } = tr;
  const last = (T - 1) * K;
  const objectives: number[] = [];
  let prod = 0;
  let eq = 0;
  let short = 0;
  let em = 0;
  let price = 0;
  let issued = 0;
  let ep = 0;
  for (let k = 0; k < K; k++) {
    objectives.push(tr.objective[last + k]);
    ep += (tr.equality[last + k] * tr.productivity[last + k]) / K;
    prod += tr.productivity[last + k] / K;
    eq += tr.equality[last + k] / K;
    short += tr.cumulativeShortfall[last + k] / K;
    for (let t = 0; t < T; t++) {
      em += tr.totalEmissions[t * K + k] / K;
      price += tr.price[t * K + k] / (K * T);
      issued += tr.issued[t * K + k] / K;
    }
  }
  const { mean, std } = meanStd(objectives);
  return { policy, productivity: prod, equality: eq, emissions: em, shortfall: short, objective: mean, equalityProductivity: ep, objectiveStd: std, allowancePrice: price, issued, objectives };
}

/**
 * Evaluate every rule on the same evaluation seeds (common random numbers): the classic rules' `Government`s and,
 * when given, the learned regulator playing its mean. Firms: rule-based (`firms = null`) or the trained firms'
 * mean behaviour; the classic rules issue on `plan` (default even). Returns the summaries and each rule's trace.
 */
export function evaluateAll(
  s: MarketSettings,
  seeds: readonly number[],
  learned: ((K: number) => Government) | null,
  firms: ((K: number) => FirmBehaviour) | null,
  policies: readonly PolicyId[] = ALL_POLICIES,
  plan: IssuancePlan = evenPlan,
): { summaries: RuleSummary[]; traces: Partial<Record<PolicyId, EpisodeTrace>> } {
  const K = seeds.length;
  const market = new AllowanceMarket(K, s.firms.length, s.marketSteps);
  const summaries: RuleSummary[] = [];
  const traces: Partial<Record<PolicyId, EpisodeTrace>> = {};
  for (const policy of policies) {
    if (policy === 'learned' && !learned) continue;
    const gov = policy === 'learned' ? learned!(K) : classicGovernment(policy, plan);
    const tr = simulate(s, gov, firms ? firms(K) : null, evaluationRngs(seeds), createTrace(K, s.firms.length, s.years), market);
    traces[policy] = tr;
    summaries.push(summarizeTrace(policy, tr));
  }
  return { summaries, traces };
}
