import { createRng } from '../../math/rng';
import type { FinalMetrics, RunContext } from '../types';
import { CLASSIC_RULES, evenPlan, POLICY_LABELS } from './allocation';
import { DEFAULT_ECONOMY, drawFirms } from './economy';
import { evaluateAll, evaluationSeeds, type RuleSummary } from './evaluate';
import type { CarbonMarketConfig } from './schema';
import type { MarketSettings } from './simulate';
import { compareSchedules, meanYearlyIssue, planOf } from './schedules';
import { CarbonTrainer, type TrainOptions } from './train';
import { yearlyRows } from './yearly';

/** Steps per linear part of each firm's allowance schedule in the market. */
export const MARKET_STEPS = 8;

/** The economy a config describes: N firm types drawn from the seed, the config's budget, penalty and objective. */
export function marketSettings(config: CarbonMarketConfig, seed: number): MarketSettings {
  const economy = { ...DEFAULT_ECONOMY, penalty: config.penalty };
  return {
    firms: drawFirms(config.firms, economy, createRng(seed)),
    years: config.years,
    budget: config.budget,
    maxYearShare: config.maxYearShare,
    economy,
    objective: { equalityWeight: config.equalityWeight, productivityWeight: config.productivityWeight, kappa: config.kappa, overdrawPenalty: config.overdrawPenalty },
    smallSample: config.smallSample,
    marketSteps: MARKET_STEPS,
  };
}

/** Training options a config describes (validation: 16 episodes every 10 updates). */
export function trainOptions(config: CarbonMarketConfig): TrainOptions {
  return {
    iterations: config.iterations,
    episodesPerUpdate: config.episodes,
    firms: config.firmAgents,
    schedule: config.schedule,
    firmIterations: config.firmIterations,
    validateEvery: 10,
    validationEpisodes: 16,
    ppo: { lr: config.lr },
  };
}

/** The learned regulator against the best classic rule on the same evaluation seeds. */
export interface LearnedVsClassic {
  learned: number;
  learnedStd: number;
  bestClassicRule: string;
  bestClassic: number;
  bestClassicStd: number;
  /** learned − best classic (objective units). */
  margin: number;
  /** Seeds on which the learned objective ≥ the best classic rule's. */
  seedsWon: number;
  seeds: number;
  note: string;
}

/** Compare the learned summary with the best classic one (by mean objective), seed by seed. */
export function learnedVsClassic(summaries: readonly RuleSummary[]): LearnedVsClassic | null {
  const learned = summaries.find((s) => s.policy === 'learned');
  const classic = summaries.filter((s) => s.policy !== 'learned');
  if (!learned || classic.length === 0) return null;
  const best = classic.reduce((a, b) => (b.objective > a.objective ? b : a));
  const seedsWon = learned.objectives.filter((x, k) => x >= best.objectives[k]).length;
  const margin = learned.objective - best.objective;
  const name = POLICY_LABELS[best.policy];
  const largest = Math.max(...summaries.map((s) => Math.abs(s.objective)));
  const vanishing = largest < 1e-3 * Math.max(1, learned.productivity);
  const note = vanishing
    ? `Every rule's objective is about 0 (largest ${largest.toExponential(1)}): the shortfall term exp(−κ·Σ shortfall) wipes it out because the budget is far below what the firms need (learned shortfall ${learned.shortfall.toFixed(0)} tons). Nothing is learned from a flat objective; raise the budget, lower κ or use fewer firms.`
    : margin >= 0
      ? `The learned regulator's objective is ${learned.objective.toFixed(1)} ± ${learned.objectiveStd.toFixed(1)} against ${best.objective.toFixed(1)} ± ${best.objectiveStd.toFixed(1)} for the best classic rule (${name}); it is at least as high on ${seedsWon} of ${learned.objectives.length} evaluation seeds.`
      : `The learned regulator falls short of the best classic rule (${name}: ${best.objective.toFixed(1)} ± ${best.objectiveStd.toFixed(1)} against ${learned.objective.toFixed(1)} ± ${learned.objectiveStd.toFixed(1)}). Its policy starts at equal shares on an even schedule and keeps the best policy seen on validation seeds, so with too few updates it stays near that start; more updates or episodes per update usually close the gap.`;
  return { learned: learned.objective, learnedStd: learned.objectiveStd, bestClassicRule: best.policy, bestClassic: best.objective, bestClassicStd: best.objectiveStd, margin, seedsWon, seeds: learned.objectives.length, note };
}

/**
 * The carbon-market run loop (pure TypeScript; backend 'ts'). Draws the economy from the seed, evaluates the classic
 * rules on the evaluation seeds (snapshots `comparison` and `years` right away), trains the regulator (and PPO firms) by PPO
 * (`train` series: `{update, objective, firmProfit, phase, validation?}`, plus `{update: 0, validation}` for the starting policy), restores the best validated regulator, then
 * evaluates every rule on the same seeds. Snapshots: `firms` (types), `comparison` (`RuleSummary[]`), `years`
 * (`{policy: yearlyRows}` for every rule), `learnedVsClassic`. Final metrics: the chosen policy's `productivity`,
 * `equality`, `emissions`, `shortfall`, `objective`, `allowancePrice`, plus `byRule` and the comparison.
 */
export async function runCarbonMarket(config: CarbonMarketConfig, seed: number, ctx: RunContext): Promise<FinalMetrics> {
  const s = marketSettings(config, seed);
  const seeds = evaluationSeeds(config.evalSeeds);
  ctx.emit({ type: 'snapshot', name: 'firms', data: s.firms });
  const started = performance.now();
  // The learned totals exist only after training: until then the classic rules run on the even schedule.
  const classic = evaluateAll(s, seeds, null, null, CLASSIC_RULES, planOf(config.classicSchedule, null) ?? evenPlan);
  ctx.emit({ type: 'snapshot', name: 'comparison', data: classic.summaries });
  const years: Record<string, unknown> = {};
  for (const [policy, tr] of Object.entries(classic.traces)) years[policy] = yearlyRows(tr);
  ctx.emit({ type: 'snapshot', name: 'years', data: { ...years } });

  const trainer = new CarbonTrainer(s, trainOptions(config), seed);
  const total = trainer.total;
  let firmYears = 0;
  ctx.emit({ type: 'points', series: 'train', rows: [{ update: 0, validation: trainer.initialValidation }] });
  const trainStart = performance.now();
  while (!trainer.done) {
    const st = trainer.step();
    firmYears += config.episodes * config.years * config.firms;
    const row: Record<string, number> = { update: st.update, objective: st.objective, firmProfit: st.firmProfit, phase: st.phase === 'firms' ? 0 : 1 };
    if (st.validation !== null) row.validation = st.validation;
    ctx.emit({ type: 'points', series: 'train', rows: [row] });
    const seconds = (performance.now() - started) / 1000;
    ctx.emit({ type: 'progress', done: st.update, total, unitsPerSecond: st.update / Math.max(seconds, 1e-6), elapsedSeconds: seconds, phase: st.phase === 'firms' ? 'training firms' : 'training regulator' });
    await ctx.checkpoint(st.update);
  }
  const trainingSeconds = (performance.now() - trainStart) / 1000;
  trainer.restoreBest();

  const firms = trainer.firms;
  const firmBehaviour = firms ? (K: number) => firms.behaviour('mean', K, s.economy.penalty, null, null) : null;
  const learnedGov = (K: number) => trainer.government.government('mean', K, null, null);
  const learnedOnly = evaluateAll(s, seeds, learnedGov, firmBehaviour, ['learned']);
  const learnedTrace = learnedOnly.traces.learned!;
  const plan = planOf(config.classicSchedule, meanYearlyIssue(learnedTrace))!;
  const classicAfter = evaluateAll(s, seeds, null, firmBehaviour, CLASSIC_RULES, plan);
  const all = { summaries: [...learnedOnly.summaries, ...classicAfter.summaries], traces: { ...learnedOnly.traces, ...classicAfter.traces } };
  for (const [policy, tr] of Object.entries(all.traces)) years[policy] = yearlyRows(tr);
  const schedules = compareSchedules(s, seeds, { summary: learnedOnly.summaries[0], trace: learnedTrace }, firmBehaviour);
  const vsBase = learnedVsClassic(all.summaries);
  const vs = vsBase ? { ...vsBase, note: `${vsBase.note} ${schedules.note}` } : null;
  ctx.emit({ type: 'snapshot', name: 'comparison', data: all.summaries });
  ctx.emit({ type: 'snapshot', name: 'years', data: years });
  ctx.emit({ type: 'snapshot', name: 'learnedVsClassic', data: vs });
  ctx.emit({ type: 'snapshot', name: 'schedules', data: schedules });

  const chosen = all.summaries.find((r) => r.policy === config.policy)!;
  const byRule: Record<string, unknown> = {};
  for (const r of all.summaries) {
    const { objectives: _omit, policy, ...rest } = r;
    byRule[policy] = rest;
  }
  const seconds = (performance.now() - started) / 1000;
  const metrics: FinalMetrics = {
    policy: config.policy,
    productivity: chosen.productivity,
    equality: chosen.equality,
    emissions: chosen.emissions,
    shortfall: chosen.shortfall,
    objective: chosen.objective,
    equalityProductivity: chosen.equalityProductivity,
    classicSchedule: config.classicSchedule,
    allowancePrice: chosen.allowancePrice,
    objectiveStd: chosen.objectiveStd,
    issued: chosen.issued,
    budget: config.budget,
    byRule,
    learnedVsClassic: vs ? { ...vs } : null,
    bySchedule: Object.fromEntries(
      ['even', 'front-loaded', 'learned'].map((sch) => [
        sch,
        Object.fromEntries(schedules.rows.filter((r) => r.schedule === sch).map((r) => [r.rule, { objective: r.objective, equalityProductivity: r.equalityProductivity, shortfall: r.shortfall, emissions: r.emissions, issued: r.issued }])),
      ]),
    ),
    marginSplit: { fromSchedule: schedules.fromSchedule, fromAllocation: schedules.fromAllocation, fromScheduleEP: schedules.fromScheduleEP, fromAllocationEP: schedules.fromAllocationEP },
    learnedYearlyIssue: schedules.learnedTotals,
    note: vs?.note ?? null,
    updates: total,
    trainingSeconds,
    firmYearsPerSecond: firmYears / Math.max(trainingSeconds, 1e-9),
    evaluationSeeds: seeds.length,
    backend: ctx.backend,
  };
  ctx.emit({ type: 'progress', done: total, total, unitsPerSecond: total / Math.max(seconds, 1e-6), elapsedSeconds: seconds, phase: 'done' });
  ctx.emit({ type: 'final', metrics });
  return metrics;
}
