import { describe, expect, it } from 'vitest';
import { makeDiscreteGame, pureStrategy } from './discreteBidLearner';
import { PpoBidLearner } from './ppoBidLearner';

const n = 3;
const eqBid = (v: number) => ((n - 1) / n) * v ** n;

describe('PPO bidders on the all-pay game', () => {
  it('self-play, single prize (w = 1), n = 3: revenue near (n − 1)/(n + 1) = 1/2 and bids near b(v) = 2/3·v³', () => {
    const game = makeDiscreteGame({ reading: 'prize-split', w: 1, bidders: n });
    const l = new PpoBidLearner(game, { seed: 1 });
    let rep = l.step();
    for (let t = 1; t < 250; t++) rep = l.step();
    expect(Math.abs(rep.revenue - 0.5)).toBeLessThan(0.03);
    expect(rep.exploitability).toBeLessThan(0.04);
    // Below the top cells (where discrete types mix), the deterministic policy sits within 0.05 of the BNE.
    for (let v = 0; v < game.values.length - 3; v++) expect(Math.abs(rep.bidFunction[v] - eqBid(game.values[v]))).toBeLessThan(0.05);
  }, 30_000);

  it('against opponents frozen at the BNE it learns a near best response; frozen bidders never move', () => {
    const game = makeDiscreteGame({ reading: 'prize-split', w: 1, bidders: n });
    const eq = pureStrategy(game, eqBid);
    const l = new PpoBidLearner(game, { seed: 2, frozen: [null, eq, eq] });
    const first = l.step();
    let rep = first;
    for (let t = 1; t < 120; t++) rep = l.step();
    expect(first.exploitability).toBeGreaterThan(0.02);
    expect(rep.exploitability).toBeLessThan(0.02);
    const s = l.strategies();
    expect(Array.from(s[1])).toEqual(Array.from(eq));
    expect(Array.from(s[2])).toEqual(Array.from(eq));
  }, 30_000);

  it('is reproducible per seed; strategies are pure grid strategies', () => {
    const game = makeDiscreteGame({ reading: 'payment-split', w: 0.7, bidders: 2, valueLevels: 5, bidLevels: 11 });
    const run = (seed: number) => {
      const l = new PpoBidLearner(game, { seed, contestsPerIteration: 32 });
      for (let t = 0; t < 5; t++) l.step();
      return l.strategies();
    };
    expect(run(4)).toEqual(run(4));
    for (const s of run(4)) for (let v = 0; v < 5; v++) expect(s.subarray(v * 11, v * 11 + 11).reduce((a, b) => a + b, 0)).toBe(1);
    expect(() => new PpoBidLearner(game, { frozen: [new Float64Array(55), new Float64Array(55)] })).toThrow(/learning bidder/);
  });
});
