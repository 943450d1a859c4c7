/**
 * Carbon-market lab benches.
 *  - `carbon-market`: simulated firm-years per second with rule-based firms (`simulate`: allocation, the
 *    uniform-price call market over batched schedules, production, research), for K episodes in lockstep × N firms
 *    × T = 10 years, under equal shares (one clearing a year) and full auctioning (two). Warm-up 0.3 s, then
 *    repeated for ≥ 1.5 s.
 *  - `carbon-market-train`: the default preset's regulator training (N = 5, T = 10, 64 episodes per update) until
 *    the acceptance level: the mean policy's objective on the 16 evaluation seeds ≥ the best classic rule's on the
 *    same seeds, checked every 10 updates. `secondsToAcceptance` is wall clock from the trainer's construction
 *    (including the checks); `updatesToAcceptance`; then the full default run (100 updates) `trainSeconds`, and
 *    its final `learned`, `bestClassic` and `margin` on the evaluation seeds. Target: < 180 s on the 2-core machine.
 */
import { CLASSIC_RULES, type PolicyId } from '../../core/labs/carbonMarket/allocation';
import { evaluateAll, evaluationSeeds } from '../../core/labs/carbonMarket/evaluate';
import { marketSettings, trainOptions } from '../../core/labs/carbonMarket/run';
import { carbonMarketSchema, type CarbonMarketConfig } from '../../core/labs/carbonMarket/schema';
import { classicGovernment, createTrace, simulate } from '../../core/labs/carbonMarket/simulate';
import { CarbonTrainer } from '../../core/labs/carbonMarket/train';
import { defaultsOf } from '../../core/config/schema';
import { createRng } from '../../core/math/rng';
import type { BenchLine } from './line';
import type { LabBench } from './types';

export type CarbonBenchParams =
  | { kind: 'simulate'; rule: 'equal' | 'auction'; episodes: number; firms: number }
  | { kind: 'train'; firmAgents: 'rule' | 'ppo'; maxUpdates: number };

const defaults = (): CarbonMarketConfig => defaultsOf(carbonMarketSchema);
/** The classic rules as policy ids (every classic rule is one), so a summary's `policy` can be looked up. */
const classicRules: readonly PolicyId[] = CLASSIC_RULES;

function measureSimulate(p: Extract<CarbonBenchParams, { kind: 'simulate' }>): BenchLine {
  const config = { ...defaults(), firms: p.firms };
  const s = marketSettings(config, 1);
  const trace = createTrace(p.episodes, p.firms, s.years);
  const rngs = Array.from({ length: p.episodes }, (_, k) => createRng(k));
  const gov = classicGovernment(p.rule);
  const run = () => simulate(s, gov, null, rngs, trace);
  let t0 = performance.now();
  while (performance.now() - t0 < 300) run();
  let reps = 0;
  t0 = performance.now();
  while (performance.now() - t0 < 1500 || reps < 3) {
    run();
    reps++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const firmYears = reps * p.episodes * p.firms * s.years;
  return { bench: 'carbon-market', rule: p.rule, episodes: p.episodes, firms: p.firms, years: s.years, firmYearsPerSecond: firmYears / seconds, episodesPerSecond: (reps * p.episodes) / seconds, seconds };
}

function measureTrain(p: Extract<CarbonBenchParams, { kind: 'train' }>): BenchLine {
  const config = { ...defaults(), firmAgents: p.firmAgents };
  const s = marketSettings(config, 1);
  const seeds = evaluationSeeds(config.evalSeeds);
  const t0 = performance.now();
  const trainer = new CarbonTrainer(s, { ...trainOptions(config), iterations: p.maxUpdates }, 1);
  const firms = trainer.firms;
  // Every rule on the evaluation seeds against the firms as they are now (trained PPO firms play their mean).
  const compare = () => {
    const all = evaluateAll(s, seeds, (K) => trainer.government.government('mean', K, null, null), firms ? (K) => firms.behaviour('mean', K, s.economy.penalty, null, null) : null).summaries;
    const learned = all.find((r) => r.policy === 'learned')!.objective;
    const bestClassic = Math.max(...all.filter((r) => classicRules.includes(r.policy)).map((r) => r.objective));
    return { learned, bestClassic };
  };
  const accepted = (c: { learned: number; bestClassic: number }) => c.learned >= c.bestClassic;
  let secondsToAcceptance: number | null = null;
  let updatesToAcceptance: number | null = null;
  let trainSeconds = 0;
  while (!trainer.done) {
    trainer.step();
    const govUpdates = trainer.updatesDone - (trainer.total - p.maxUpdates);
    if (secondsToAcceptance === null && govUpdates > 0 && govUpdates % 10 === 0 && accepted(compare())) {
      secondsToAcceptance = (performance.now() - t0) / 1000;
      updatesToAcceptance = trainer.updatesDone;
    }
    if (trainer.updatesDone === trainer.total - p.maxUpdates + config.iterations) trainSeconds = (performance.now() - t0) / 1000;
  }
  trainer.restoreBest();
  const { learned, bestClassic } = compare();
  return {
    bench: 'carbon-market-train',
    firmAgents: p.firmAgents,
    firms: config.firms,
    years: config.years,
    episodesPerUpdate: config.episodes,
    defaultUpdates: config.iterations + (firms ? config.firmIterations : 0),
    secondsToAcceptance,
    updatesToAcceptance,
    trainSeconds,
    learned,
    bestClassic,
    margin: learned - bestClassic,
    targetSeconds: 180,
  };
}

export const carbonMarketBench: LabBench<CarbonBenchParams> = {
  names: ['carbon-market', 'carbon-market-train'],
  plan: (quick) =>
    quick
      ? [
          { kind: 'simulate', rule: 'equal', episodes: 64, firms: 5 },
          { kind: 'train', firmAgents: 'rule', maxUpdates: 100 },
        ]
      : [
          { kind: 'simulate', rule: 'equal', episodes: 64, firms: 5 },
          { kind: 'simulate', rule: 'auction', episodes: 64, firms: 5 },
          { kind: 'simulate', rule: 'equal', episodes: 1024, firms: 5 },
          { kind: 'simulate', rule: 'equal', episodes: 64, firms: 20 },
          { kind: 'train', firmAgents: 'rule', maxUpdates: 100 },
          { kind: 'train', firmAgents: 'ppo', maxUpdates: 100 },
        ],
  nameOf: (p) => (p.kind === 'simulate' ? 'carbon-market' : 'carbon-market-train'),
  describe: (p) => (p.kind === 'simulate' ? `carbon-market simulate ${p.rule} K=${p.episodes} N=${p.firms}` : `carbon-market-train ${p.firmAgents} firms`),
  measure: async (p) => [p.kind === 'simulate' ? measureSimulate(p) : measureTrain(p)],
};
