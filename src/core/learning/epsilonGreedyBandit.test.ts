import { describe, it, expect } from 'vitest';
import { EpsilonGreedyBandit } from './epsilonGreedyBandit';
import { evaluateProfile, makeDiscreteGame, pureStrategy } from './discreteBidLearner';

describe('ε-greedy bandit', () => {
  it('against opponents at the all-pay BNE it converges to the grid best response (n = 3)', () => {
    const n = 3;
    const game = makeDiscreteGame({ reading: 'prize-split', w: 1, bidders: n, valueLevels: 11, bidLevels: 21 });
    const eq = pureStrategy(game, (v) => ((n - 1) / n) * v ** n);
    const bandit = new EpsilonGreedyBandit(game, {
      frozen: [null, eq, eq],
      seed: 1,
      epsilon: 1,
      epsilonMin: 0.05,
      schedule: 'linear',
      explorationIterations: 800,
      roundsPerIteration: 200,
    });
    let report = bandit.step();
    for (let t = 1; t < 1000; t++) report = bandit.step();
    expect(report.exploitability).toBeLessThan(0.003);
    const br = evaluateProfile(game, bandit.strategies()).bestResponses[0];
    const learned = report.bidFunctions[0];
    for (let v = 0; v < 11; v++) expect(Math.abs(learned[v] - game.bids[br[v]])).toBeLessThanOrEqual(0.05 + 1e-12);
    // frozen bidders keep the equilibrium strategy
    expect(bandit.strategies()[1]).toEqual(eq);
  });

  it('payment split, n = 2: converges near the best response to the BNE', () => {
    const n = 2;
    const w = 0.75;
    const game = makeDiscreteGame({ reading: 'payment-split', w, bidders: n, valueLevels: 11, bidLevels: 21 });
    const eq = pureStrategy(game, (v) => (0.5 * v * v) / (w * v + (1 - w) * (1 - v)));
    const bandit = new EpsilonGreedyBandit(game, { frozen: [null, eq], seed: 2, epsilon: 1, epsilonMin: 0.05, schedule: 'linear', explorationIterations: 800, roundsPerIteration: 200 });
    let report = bandit.step();
    for (let t = 1; t < 1000; t++) report = bandit.step();
    expect(report.exploitability).toBeLessThan(0.005);
  });

  it('schedules: constant and linear decay; reproducible per seed', () => {
    const game = makeDiscreteGame({ reading: 'prize-split', w: 0.8, bidders: 3, values: 'integers', bidLevels: 11 });
    const lin = new EpsilonGreedyBandit(game, { epsilon: 0.5, epsilonMin: 0.1, schedule: 'linear', explorationIterations: 10 });
    expect(lin.epsilonAt(1)).toBeCloseTo(0.5, 12);
    expect(lin.epsilonAt(6)).toBeCloseTo(0.3, 12);
    expect(lin.epsilonAt(50)).toBeCloseTo(0.1, 12);
    const con = new EpsilonGreedyBandit(game, { epsilon: 0.2 });
    expect(con.epsilonAt(1000)).toBe(0.2);
    const run = (seed: number) => {
      const b = new EpsilonGreedyBandit(game, { seed, roundsPerIteration: 20 });
      const out: number[] = [];
      for (let t = 0; t < 30; t++) out.push(b.step().revenue);
      return out;
    };
    expect(run(4)).toEqual(run(4));
    expect(run(4)).not.toEqual(run(5));
  });
});
