import type { AllPayReading } from '../../mechanisms/allPayRank';
import { allPayDesignEquilibrium } from '../../equilibria/allPayDesign';
import { makeDiscreteGame, type BidLearnerReport, type DiscreteBidLearner, type ValueModel } from '../../learning/discreteBidLearner';
import { FictitiousPlay } from '../../learning/fictitiousPlay';
import { EpsilonGreedyBandit } from '../../learning/epsilonGreedyBandit';
import { PpoBidLearner } from '../../learning/ppoBidLearner';

/**
 * One design evaluation of the all-pay design lab (Gemp et al. 2022, *Sci. Rep.* 12:16937, Fig. 4): fix the
 * rule (w, 1 − w, 0, …) under one reading, let the bidders learn on the discretized game, and read off the
 * revenue R(w) of the learned strategies. A sweep over w of these results is what the lab's surrogate R(w) is
 * fitted to.
 *
 * Revenue, exploitability and the bid function are exact under the final strategies (enumeration in
 * `learning/discreteBidLearner.ts`), so they carry no evaluation noise; the randomness of a run is the
 * learner's (exploration, bandit samples), all from `seed`.
 */
export interface DesignSimulationConfig {
  reading: AllPayReading;
  /** Weight of the top rank position, [1/2, 1]. */
  w: number;
  /** Number of bidders n, 2–5 in the lab. */
  bidders: number;
  /** `'uniform'`: U[0, 1] at cell midpoints; `'integers'`: 0–9 scaled to j/9 (see `ValueModel`). */
  values: ValueModel;
  learner: 'fictitious-play' | 'epsilon-greedy' | 'ppo';
  /** Learner iterations (FP: best-response rounds; bandit: batches of `roundsPerIteration` contests; PPO: updates on 256 contests). */
  iterations: number;
  /** FP: uniform-random iterations first; bandit: horizon of the linear ε decay. */
  explorationIterations: number;
  /** Grid sizes (defaults: 21 value levels, 51 bid levels, bidMax 1 or 1/w — see `DiscreteGameConfig`). */
  grid?: { valueLevels?: number; bidLevels?: number; bidMax?: number };
  /** FP: one shared strategy (default false). */
  symmetric?: boolean;
  /** Bandit: ε (default 1 with the linear schedule, 0.1 constant), final ε (default 0.05), schedule (default linear). */
  epsilon?: number;
  epsilonMin?: number;
  schedule?: 'constant' | 'linear';
  /** Bandit: contests per iteration (default 100). */
  roundsPerIteration?: number;
  /** Keep every k-th report in `history` (default: about 200 rows). */
  historyEvery?: number;
}

/** One row of a design run's history. */
export interface DesignHistoryRow {
  iteration: number;
  revenue: number;
  exploitability: number;
  strategyChange: number;
}

export interface DesignSimulationResult {
  /** Expected revenue per contest under the learned strategies, value units (exact). */
  revenue: number;
  /** Learned mean bid per value level (averaged over learning bidders), value units. */
  bidFunction: { values: number[]; bids: number[] };
  /** Final exploitability (max best-response gain of a bidder), value units. */
  exploitability: number;
  history: DesignHistoryRow[];
  /**
   * Closed-form BNE of the continuous U[0, 1] game at the same (reading, w, n), for the overlay:
   * revenue and b(v) at the learned value levels. `null` for the integer values (no closed form here).
   */
  theory: { revenue: number; bids: number[] } | null;
}

/** Build the learner a config asks for (exported for the lab's runner and the tests). */
export function makeDesignLearner(config: DesignSimulationConfig, seed: number): DiscreteBidLearner {
  const game = makeDiscreteGame({
    reading: config.reading,
    w: config.w,
    bidders: config.bidders,
    values: config.values,
    valueLevels: config.grid?.valueLevels,
    bidLevels: config.grid?.bidLevels,
    bidMax: config.grid?.bidMax,
  });
  if (config.learner === 'fictitious-play') {
    return new FictitiousPlay(game, { seed, explorationIterations: config.explorationIterations, symmetric: config.symmetric });
  }
  // PPO explores through its Gaussian policy (σ learned); `explorationIterations` does not apply.
  if (config.learner === 'ppo') return new PpoBidLearner(game, { seed });
  const schedule = config.schedule ?? 'linear';
  return new EpsilonGreedyBandit(game, {
    seed,
    schedule,
    epsilon: config.epsilon ?? (schedule === 'linear' ? 1 : 0.1),
    epsilonMin: config.epsilonMin ?? 0.05,
    explorationIterations: config.explorationIterations,
    roundsPerIteration: config.roundsPerIteration,
  });
}

/**
 * Run one design (see the module comment). `onProgress` sees every iteration's report (the caller throttles).
 */
export function simulateDesign(
  config: DesignSimulationConfig,
  seed: number,
  onProgress?: (report: BidLearnerReport) => void,
): DesignSimulationResult {
  const iterations = Math.floor(config.iterations);
  if (!(iterations >= 1)) throw new Error(`iterations must be ≥ 1, got ${config.iterations}`);
  const learner = makeDesignLearner(config, seed);
  const every = Math.max(1, Math.floor(config.historyEvery ?? Math.ceil(iterations / 200)));
  const history: DesignHistoryRow[] = [];
  let last: BidLearnerReport | null = null;
  for (let t = 0; t < iterations; t++) {
    last = learner.step();
    if (!Number.isFinite(last.revenue) || !Number.isFinite(last.exploitability)) {
      throw new Error(`non-finite figures at iteration ${last.iteration}`);
    }
    onProgress?.(last);
    if (last.iteration % every === 0 || t === iterations - 1) {
      history.push({ iteration: last.iteration, revenue: last.revenue, exploitability: last.exploitability, strategyChange: last.strategyChange });
    }
  }
  const report = last!;
  const values = Array.from(learner.game.values);
  const eq = config.values === 'uniform' ? allPayDesignEquilibrium(config.reading, config.w, config.bidders) : null;
  return {
    revenue: report.revenue,
    bidFunction: { values, bids: Array.from(report.bidFunction) },
    exploitability: report.exploitability,
    history,
    theory: eq ? { revenue: eq.revenue, bids: values.map((v) => eq.bid(v)) } : null,
  };
}
