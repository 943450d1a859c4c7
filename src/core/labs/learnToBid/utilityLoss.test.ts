import { describe, expect, it } from 'vitest';
import { equilibriumBidFunctions } from '../../equilibria/singleItem';
import { createRng } from '../../math/rng';
import type { SingleItemMechanismId } from '../../mechanisms/singleItem';
import { sampleUniformValues } from '../../priors/uniform';
import { ConvergenceTracker } from './convergence';
import { valueGrid } from './evaluate';
import { utilityLoss } from './utilityLoss';

const M = 200_000;

/** The utility loss when bidder i bids bids[i](v), on M sampled auctions and the lab's value grid. */
function lossOf(mechanism: SingleItemMechanismId, upper: number[], bids: ((v: number) => number)[], samples = M) {
  const n = upper.length;
  const values = sampleUniformValues(createRng(3), samples, upper);
  const grid = valueGrid(upper);
  const apply = (xs: Float64Array) => xs.map((v, j) => bids[j % n](v));
  return utilityLoss(mechanism, apply(values), samples, grid, apply(grid), n);
}

describe('utilityLoss (ex-interim, best response on a bid grid)', () => {
  it('known answers, first price N = 2: w = (0.4, 0.5) loses 0.02/3 and 0.01; relative to the best-response utilities 1/6 and 0.2067', () => {
    // Bidder 1 against b = v/2: U(v, b) = (v − b)·2b, best b = v/2 earns v²/2, b = 0.4v earns 0.48v²: ε = 0.02/3.
    // Bidder 2 against b = 0.4v: b = v/2 is a best response up to v = 0.8, above it b = 0.4 wins for sure: ε = ∫_{0.8}^1 (v/2 − 0.4) = 0.01.
    const l = lossOf('first-price', [1, 1], [(v) => 0.4 * v, (v) => 0.5 * v]);
    expect(l.perBidder[0]).toBeCloseTo(0.02 / 3, 3);
    expect(l.perBidder[1]).toBeCloseTo(0.01, 3);
    expect(l.bestResponseUtility[0]).toBeCloseTo(1 / 6, 2);
    expect(l.bestResponseUtility[1]).toBeCloseTo(0.2067, 2);
    expect(l.relative[0]).toBeCloseTo(0.04, 2);
    expect(l.max).toBe(l.perBidder[1]);
  });

  it('known answer, second price: bidding v/2 against a truthful rival loses E[v²/8] = 1/24', () => {
    const l = lossOf('second-price', [1, 1], [(v) => 0.5 * v, (v) => v]);
    expect(l.perBidder[0]).toBeCloseTo(1 / 24, 3);
    expect(l.perBidder[1]).toBeLessThan(1e-3);
  });

  it('at the closed-form equilibria the loss is ≈ 0 (below 10⁻³ of the value range, 20,000 auctions as in the final evaluation), and it grows with the distance from them', () => {
    const cases: [SingleItemMechanismId, number[]][] = [
      ['first-price', [1, 1]],
      ['first-price', [1, 1, 1, 1, 1]],
      ['first-price', [1, 2]],
      ['second-price', [1, 1, 1]],
      ['all-pay', [1, 1, 1]],
    ];
    for (const [m, upper] of cases) {
      const eq = equilibriumBidFunctions(m, upper.length, upper)!;
      const a = Math.max(...upper);
      const at = lossOf(m, upper, eq, 20_000).max;
      expect(at / a, `${m} ${upper}`).toBeLessThan(1e-3);
      const near = lossOf(m, upper, eq.map((f) => (v: number) => 0.95 * f(v)), 20_000).max;
      const far = lossOf(m, upper, eq.map((f) => (v: number) => 0.8 * f(v)), 20_000).max;
      expect(near, `${m} ${upper}`).toBeGreaterThan(at);
      expect(far, `${m} ${upper}`).toBeGreaterThan(near);
    }
  });

  it('scales with the values: ×10 values and bids give ×10 losses and the same relative losses', () => {
    const one = lossOf('all-pay', [1, 1], [(v) => 0.3 * v * v, (v) => 0.6 * v * v], 20_000);
    const ten = lossOf('all-pay', [10, 10], [(v) => 0.03 * v * v, (v) => 0.06 * v * v], 20_000);
    one.perBidder.forEach((x, i) => expect(ten.perBidder[i]).toBeCloseTo(10 * x, 9));
    one.relative.forEach((x, i) => expect(ten.relative[i]).toBeCloseTo(x, 9));
  });
});

describe('ConvergenceTracker: the step after which w stays in the band', () => {
  it('reports the first step of the last stretch inside the band, null while outside', () => {
    const t = new ConvergenceTracker(0.5);
    expect(t.convergedAt).toBeNull();
    t.observe(1, [0.9, 0.9]);
    t.observe(2, [0.51, 0.49]);
    t.observe(3, [0.5, 0.5]);
    expect(t.convergedAt).toBe(2);
    t.observe(4, [0.5, 0.53]);
    expect(t.convergedAt).toBeNull();
    t.observe(6, [0.5, 0.515]);
    t.observe(8, [0.5, 0.5]);
    expect(t.convergedAt).toBe(6);
    t.observe(9, [0.5, NaN]);
    expect(t.convergedAt).toBeNull();
  });

  it('no target, no convergence', () => {
    const t = new ConvergenceTracker(null);
    t.observe(1, [0.5]);
    expect(t.convergedAt).toBeNull();
  });
});
