import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { validateSchedules } from '../mechanisms/multiUnit';
import {
  abatementCost,
  marginalValue,
  permitValue,
  shadeLowTier,
  stepListsToBids,
  truthfulTwoTier,
  twoTierToBids,
  type Firm,
} from './abatement';

const f: Firm = { c: 2, e: 10 };

describe('quadratic abatement valuations (hand-computed)', () => {
  it('abatement cost C(e − q) = c·a²/2 with a clipped to [0, e]', () => {
    expect(abatementCost(f, 0)).toBe(100); // 2·10²/2
    expect(abatementCost(f, 4)).toBe(36); // 2·6²/2
    expect(abatementCost(f, 10)).toBe(0);
    expect(abatementCost(f, 15)).toBe(0); // more permits than emissions: nothing to abate
    expect(abatementCost(f, -3)).toBe(100); // abatement capped at e
  });

  it('permit value V(q) = C(e) − C(e − q), flat beyond e', () => {
    expect(permitValue(f, 0)).toBe(0);
    expect(permitValue(f, 4)).toBe(64); // 100 − 36
    expect(permitValue(f, 10)).toBe(100);
    expect(permitValue(f, 12)).toBe(100);
    expect(permitValue({ c: 1, e: 8 }, 2)).toBe(14); // 32 − 18
  });

  it('marginal value c·(e − q), decreasing, 0 beyond e', () => {
    expect(marginalValue(f, 0)).toBe(20);
    expect(marginalValue(f, 4)).toBe(12);
    expect(marginalValue(f, 10)).toBe(0);
    expect(marginalValue(f, 11)).toBe(0);
  });

  it('V is the integral of the marginal value and V + C = C(e) on [0, e]', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (c, e, t) => {
        const firm = { c, e };
        const q = t * e;
        // trapezoid is exact for a linear marginal value
        const integral = (q * (marginalValue(firm, 0) + marginalValue(firm, q))) / 2;
        expect(permitValue(firm, q)).toBeCloseTo(integral, 6);
        expect(permitValue(firm, q) + abatementCost(firm, q)).toBeCloseTo(abatementCost(firm, 0), 6);
      }),
    );
  });

  it('truthful two-tier bid: mean marginal value of each half', () => {
    expect(truthfulTwoTier(f)).toEqual([15, 5, 5, 5]); // 0.75·20, 10/2, 0.25·20, 10/2
    // declared value of the full bid equals V(e)
    const [pH, qH, pL, qL] = truthfulTwoTier({ c: 3, e: 6 });
    expect(pH * qH + pL * qL).toBeCloseTo(permitValue({ c: 3, e: 6 }, 6), 12);
  });

  it('shadeLowTier scales the low-tier price only, clipped shading', () => {
    expect(shadeLowTier([15, 5, 5, 5], 0.4)).toEqual([15, 5, 3, 5]);
    expect(shadeLowTier([15, 5, 5, 5], 1)).toEqual([15, 5, 0, 5]);
    expect(shadeLowTier([15, 5, 5, 5], 2)).toEqual([15, 5, 0, 5]);
    expect(shadeLowTier([15, 5, 5, 5], -1)).toEqual([15, 5, 5, 5]);
  });
});

describe('bid builders', () => {
  it('twoTierToBids lays rows out auction-major [K, N, 2]', () => {
    const b = twoTierToBids([[15, 5, 5, 5], [8, 2, 4, 3], [9, 1, 9, 1], [7, 2, 0, 0]], 2);
    expect(b).toMatchObject({ K: 2, N: 2, T: 2 });
    expect(Array.from(b.prices)).toEqual([15, 5, 8, 4, 9, 9, 7, 0]);
    expect(Array.from(b.quantities)).toEqual([5, 5, 2, 3, 1, 1, 2, 0]);
    expect(validateSchedules(b)).toEqual([]);
    expect(() => twoTierToBids([[1, 1, 1, 1]], 2)).toThrow(/K = 2/);
    expect(() => twoTierToBids([[1, 1, 1]])).toThrow(/\[pH, qH, pL, qL\]/);
  });

  it('stepListsToBids pads with quantity 0 at the last price', () => {
    const b = stepListsToBids([[[10, 1], [8, 2], [3, 1]], [[6, 4]], []]);
    expect(b).toMatchObject({ K: 1, N: 3, T: 3 });
    expect(Array.from(b.prices)).toEqual([10, 8, 3, 6, 6, 6, 0, 0, 0]);
    expect(Array.from(b.quantities)).toEqual([1, 2, 1, 4, 0, 0, 0, 0, 0]);
    expect(validateSchedules(b)).toEqual([]);
  });
});
