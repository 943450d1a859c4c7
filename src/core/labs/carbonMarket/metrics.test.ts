import { describe, expect, it } from 'vitest';
import { DEFAULT_OBJECTIVE, equality, gini, governmentObjective, meanOf } from './metrics';

describe('Gini and equality (hand-computed)', () => {
  it('x = [1, 2, 3, 4]: Σ|xi − xj| = 20, μ = 2.5 → G = 20/(2·16·2.5) = 0.25; with N/(N − 1): 1/3', () => {
    expect(gini([1, 2, 3, 4], false)).toBeCloseTo(0.25, 12);
    expect(gini([1, 2, 3, 4], true)).toBeCloseTo(1 / 3, 12);
    expect(equality([4, 3, 2, 1])).toBeCloseTo(2 / 3, 12);
  });

  it('one firm holds everything: G = (N − 1)/N without the factor, exactly 1 with it', () => {
    expect(gini([0, 0, 0, 10], false)).toBeCloseTo(0.75, 12);
    expect(gini([0, 0, 0, 10], true)).toBeCloseTo(1, 12);
    expect(gini([0, 7], true)).toBeCloseTo(1, 12);
  });

  it('equal wealth: G = 0; all zero or one firm: 0 (no inequality to measure)', () => {
    expect(gini([5, 5, 5])).toBe(0);
    expect(gini([0, 0, 0])).toBe(0);
    expect(gini([3])).toBe(0);
  });

  it('x = [2, 4, 6]: Σ|Δ| over pairs = 2 + 4 + 2 = 8, μ = 4 → G = 2·8/(2·9·4) = 2/9; factor 3/2 → 1/3', () => {
    expect(gini([2, 4, 6], false)).toBeCloseTo(2 / 9, 12);
    expect(gini([2, 4, 6], true)).toBeCloseTo(1 / 3, 12);
  });

  it('reads a slice [off, off + n) of a batched array', () => {
    const batch = [9, 9, 1, 2, 3, 4, 9];
    expect(gini(batch, true, 2, 4)).toBeCloseTo(1 / 3, 12);
    expect(meanOf(batch, 2, 4)).toBe(2.5);
  });
});

describe('government objective', () => {
  it('default form: equality × productivity × exp(−κ Σ shortfall): 0.8 × 100 × e^(−0.2·5) = 29.4304', () => {
    expect(governmentObjective(0.8, 100, 5, 0, DEFAULT_OBJECTIVE)).toBeCloseTo(80 * Math.exp(-1), 10);
    expect(80 * Math.exp(-1)).toBeCloseTo(29.4304, 4);
  });

  it('no shortfall: equality × productivity; overdrawing 2 allowances subtracts 2 × 100', () => {
    expect(governmentObjective(0.5, 200, 0, 0, DEFAULT_OBJECTIVE)).toBeCloseTo(100, 12);
    expect(governmentObjective(0.5, 200, 0, 2, DEFAULT_OBJECTIVE)).toBeCloseTo(-100, 12);
  });

  it('weights are exponents: wE = 2 squares equality, wE = 0 ignores it, wP = 0 ignores productivity', () => {
    const w = { ...DEFAULT_OBJECTIVE, equalityWeight: 2 };
    expect(governmentObjective(0.5, 100, 0, 0, w)).toBeCloseTo(25, 12);
    expect(governmentObjective(0.5, 100, 0, 0, { ...w, equalityWeight: 0 })).toBeCloseTo(100, 12);
    expect(governmentObjective(0.5, 100, 0, 0, { ...w, equalityWeight: 1, productivityWeight: 0 })).toBeCloseTo(0.5, 12);
    expect(governmentObjective(1, 100, 10, 0, { ...DEFAULT_OBJECTIVE, kappa: 0.1 })).toBeCloseTo(100 * Math.exp(-1), 10);
  });
});
