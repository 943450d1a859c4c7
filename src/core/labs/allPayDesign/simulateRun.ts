import { allPayDesignEquilibrium } from '../../equilibria/allPayDesign';
import type { FinalMetrics, RunContext, SeriesRow } from '../types';
import { meanSd, roundSeed } from './designs';
import type { AllPayDesignConfig } from './schema';
import { makeDesignLearner, type DesignSimulationConfig } from './simulate';

/** Rows of the learning curve recorded per round (the first round's curve is streamed). */
export const CURVE_ROWS = 200;

/** The learner config of one design of the lab (maps the lab's keys onto `simulateDesign`'s). */
export function designSimulationConfig(config: AllPayDesignConfig, w: number): DesignSimulationConfig {
  return {
    reading: config.reading,
    w,
    bidders: config.bidders,
    values: config.values,
    learner: config.learner === 'bandit' ? 'epsilon-greedy' : config.learner === 'ppo' ? 'ppo' : 'fictitious-play',
    iterations: config.iterations,
    explorationIterations: config.exploration,
    grid: { valueLevels: config.valueLevels, bidLevels: config.bidLevels },
    epsilonMin: config.epsilonMin,
  };
}

/** Result of one round (one independent learning run) of a design. */
export interface RoundResult {
  revenue: number;
  exploitability: number;
  strategyChange: number;
  /** First iteration with exploitability ≤ the config's `tolerance` (null: never). */
  convergedAt: number | null;
  /** Iterations the round ran: FP stops at `convergedAt`; otherwise (or without convergence) the cap `iterations`. */
  iterationsRun: number;
  /** Wall-clock seconds from the round's start to `convergedAt` (null: never). */
  secondsToConverge: number | null;
  seconds: number;
  /** Mean bid per value level, `[V]`. */
  bids: number[];
}

/**
 * `mode=simulate`: evaluate one design w over `rounds` independent learning runs (seeds from `roundSeed`), the
 * unit of work of the design loop (each design runs as one of these on the worker pool).
 *
 * Streams: `points` series `learning` (the first round's curve: `{iteration, revenue, exploitability,
 * strategyChange}`, ≤ `CURVE_ROWS` rows) and `rounds` (`{round, revenue, exploitability}` as each round ends);
 * snapshot `bidFunction` (`{values, bids, equilibrium}`: mean learned bid per value level over the rounds so far,
 * and the closed-form BNE bid at the same values, null for integer values); progress in rounds.
 *
 * Final metrics: `w`, `revenue` (mean over rounds), `sd` (across rounds), `revenues`, `exploitability` (mean of
 * the rounds' final exploitability), `maxExploitability`, `strategyChange` (mean final), `convergedRounds`,
 * `meanConvergedAt` (iterations; null unless every round converged), `meanIterations` (iterations run: fictitious
 * play stops at exploitability ≤ `tolerance`, `iterations` being its cap), `tolerance`, `secondsToConverge` (first round),
 * `secondsPerRound`, `bidFunction` `{values, bids}`, `equilibriumBids`, `equilibriumRevenue` (null for integer
 * values), `iterations`, `rounds`.
 */
export async function runSimulateDesign(config: AllPayDesignConfig, seed: number, ctx: RunContext): Promise<FinalMetrics> {
  const w = config.w;
  const sim = designSimulationConfig(config, w);
  const R = config.rounds;
  const T = config.iterations;
  const tol = config.tolerance;
  // Fictitious play runs until it is within the tolerance (the cap is `iterations`); the stochastic learners'
  // exploitability dips below it by chance, so they run their whole budget and only count the crossing.
  const stopWhenConverged = sim.learner === 'fictitious-play';
  const every = Math.max(1, Math.ceil(T / CURVE_ROWS));
  const eq = config.values === 'uniform' ? allPayDesignEquilibrium(sim.reading, w, config.bidders) : null;
  const started = performance.now();
  const results: RoundResult[] = [];
  let values: number[] = [];
  let bidSum: number[] = [];
  const progress = (done: number, phase: string) => {
    const seconds = (performance.now() - started) / 1000;
    ctx.emit({ type: 'progress', done, total: R, unitsPerSecond: done / Math.max(seconds, 1e-6), elapsedSeconds: seconds, phase });
  };
  for (let r = 0; r < R; r++) {
    const learner = makeDesignLearner(sim, roundSeed(seed, w, r));
    values = Array.from(learner.game.values);
    if (!bidSum.length) bidSum = values.map(() => 0);
    const t0 = performance.now();
    let convergedAt: number | null = null;
    let secondsToConverge: number | null = null;
    let rep = learner.step();
    const curve: SeriesRow[] = [];
    for (let t = 1; ; t++) {
      if (!Number.isFinite(rep.revenue) || !Number.isFinite(rep.exploitability)) throw new Error(`non-finite figures at iteration ${rep.iteration} (w = ${w})`);
      if (convergedAt === null && rep.iteration > config.exploration && rep.exploitability <= tol) {
        convergedAt = rep.iteration;
        secondsToConverge = (performance.now() - t0) / 1000;
      }
      const last = t === T || (stopWhenConverged && convergedAt !== null);
      if (r === 0 && (rep.iteration % every === 0 || last)) {
        curve.push({ iteration: rep.iteration, revenue: rep.revenue, exploitability: rep.exploitability, strategyChange: rep.strategyChange });
        if (curve.length >= 10 || last) ctx.emit({ type: 'points', series: 'learning', rows: curve.splice(0) });
      }
      // Progress in rounds, to 1/100 of a round (readable on the CLI's progress line).
      const done = r + Math.floor((100 * t) / T) / 100;
      if (t % 20 === 0) progress(done, `round ${r + 1} of ${R}`);
      await ctx.checkpoint(done);
      if (last) break;
      rep = learner.step();
    }
    const bids = Array.from(rep.bidFunction);
    results.push({
      revenue: rep.revenue,
      exploitability: rep.exploitability,
      strategyChange: rep.strategyChange,
      convergedAt,
      iterationsRun: rep.iteration,
      secondsToConverge,
      seconds: (performance.now() - t0) / 1000,
      bids,
    });
    bidSum = bidSum.map((s, v) => s + bids[v]);
    ctx.emit({ type: 'points', series: 'rounds', rows: [{ round: r + 1, revenue: rep.revenue, exploitability: rep.exploitability }] });
    ctx.emit({
      type: 'snapshot',
      name: 'bidFunction',
      data: { values, bids: bidSum.map((s) => s / (r + 1)), equilibrium: eq ? values.map((v) => eq.bid(v)) : null },
    });
    progress(r + 1, r + 1 === R ? 'done' : `round ${r + 2} of ${R}`);
  }
  const revenues = results.map((x) => x.revenue);
  const { mean, sd } = meanSd(revenues);
  const converged = results.filter((x) => x.convergedAt !== null);
  const metrics: FinalMetrics = {
    mode: 'simulate',
    w,
    revenue: mean,
    sd,
    revenues,
    exploitability: meanSd(results.map((x) => x.exploitability)).mean,
    maxExploitability: Math.max(...results.map((x) => x.exploitability)),
    strategyChange: meanSd(results.map((x) => x.strategyChange)).mean,
    convergedRounds: converged.length,
    meanConvergedAt: converged.length === R ? meanSd(converged.map((x) => x.convergedAt!)).mean : null,
    meanIterations: meanSd(results.map((x) => x.iterationsRun)).mean,
    tolerance: tol,
    secondsToConverge: results[0].secondsToConverge,
    secondsPerRound: meanSd(results.map((x) => x.seconds)).mean,
    bidFunction: { values, bids: bidSum.map((s) => s / R) },
    equilibriumBids: eq ? values.map((v) => eq.bid(v)) : null,
    equilibriumRevenue: eq ? eq.revenue : null,
    /** The cap. */
    iterations: T,
    rounds: R,
    backend: ctx.backend,
  };
  ctx.emit({ type: 'final', metrics });
  return metrics;
}
