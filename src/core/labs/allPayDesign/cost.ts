import { driversOf } from '../../jobs/estimate';
import { RATES } from '../../jobs/rates';
import { allPayDesignSchema, type AllPayDesignConfig } from './schema';

/**
 * Work of one learner iteration relative to the loops of `learning/discreteBidLearner.ts`: per bidder the rank
 * statistics (bid levels × ~n³/6 position updates) and the payoff and strategy tables (value × bid levels, a few
 * times): n · bidLevels · (2·valueLevels + n³/2). Integer values always use 10 levels.
 */
function iterationWork(bidders: number, valueLevels: number, bidLevels: number): number {
  return bidders * bidLevels * (2 * valueLevels + bidders ** 3 / 2);
}

/**
 * Iterations a round runs: the cap `iterations`, except that fictitious play stops once its exploitability is at
 * most `tolerance`, which on the lab's grids takes about 5/tolerance iterations (exploitability ≈ 5/t, measured for
 * n = 2–5 at w ∈ {1/2, 3/4, 1}), after the exploration iterations.
 */
function expectedIterations(c: AllPayDesignConfig): number {
  if (c.learner !== 'fictitious-play') return c.iterations;
  return Math.min(c.iterations, c.exploration + 5 / c.tolerance);
}

/**
 * Cost of one all-pay design run (`runAllPayDesign`): `mode=simulate` (one design, which is also each design of the
 * loop), `mode=fit` (the loop's final phase), or `mode=design` as a whole (every design one after another, then the
 * fit; `estimateJob` splits it into those runs instead).
 *
 * Seconds per round of `expectedIterations`: fictitious play at the `all-pay-design-loop` bench's rate (6 rounds of 800
 * iterations, n = 3, 21 × 51 grid), the bandit and PPO learners at the rates measured by hand with the CLI
 * (`RATES.allPayDesignCli`), each scaled by `iterationWork` against its reference grid; × `rounds`. The fit: the
 * same bench's `fitSeconds` (600 Adam epochs on ≤ 40 points and the ascent, independent of the config).
 * Bytes: the strategy tables, float64 bidders × valueLevels × bidLevels, a few copies; a few MB at most.
 * Drivers: bidLevels, valueLevels, bidders.
 */
export function estimateAllPayDesign(c: AllPayDesignConfig): { seconds: number; bytes: number; drivers: { field: string; share: number }[] } {
  const loop = RATES.allPayDesignLoop;
  const cli = RATES.allPayDesignCli;
  const V = c.values === 'integers' ? 10 : c.valueLevels;
  const work = iterationWork(c.bidders, V, c.bidLevels);
  const perRefRound =
    c.learner === 'bandit' ? cli.banditSecondsPerRound : c.learner === 'ppo' ? cli.ppoSecondsPerRound : loop.simulateSeconds / (loop.designs * loop.rounds);
  const perIteration = (perRefRound / loop.iterations) * (work / iterationWork(loop.bidders, loop.valueLevels, loop.bidLevels));
  const design = c.rounds * expectedIterations(c) * perIteration;
  const seconds = c.mode === 'fit' ? loop.fitSeconds : c.mode === 'simulate' ? design : c.designs * design + loop.fitSeconds;
  const bytes = 8 * 6 * c.bidders * V * c.bidLevels + 1e6;
  const s = allPayDesignSchema;
  const drivers = driversOf([
    { field: 'bidLevels', value: c.bidLevels, min: s.bidLevels.min },
    { field: 'valueLevels', value: V, min: s.valueLevels.min },
    { field: 'bidders', value: c.bidders, min: s.bidders.min },
  ]);
  return { seconds, bytes, drivers };
}
