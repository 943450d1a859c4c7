import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { multiUnitMechanisms } from '../mechanisms/multiUnitRegistry';
import { permitValue, shadeLowTier, stepListsToBids, truthfulTwoTier, twoTierToBids, type Firm } from '../valuations/abatement';
import {
  allocativeEfficiency,
  competitivePrice,
  driByFirm,
  efficientAllocation,
  marketDri,
  permitOutcomeMetrics,
  quantityDri,
} from './permits';

const firmArb = fc.record({ c: fc.double({ min: 0.01, max: 20, noNaN: true }), e: fc.double({ min: 0.01, max: 30, noNaN: true }) });
const firmsArb = fc.array(firmArb, { minLength: 1, maxLength: 12 });

describe('efficientAllocation: water-filling (hand cases)', () => {
  it('c = [1, 2], e = [10, 10], S = 12: (10 − λ) + (10 − λ/2) = 12 → λ = 16/3', () => {
    const r = efficientAllocation([{ c: 1, e: 10 }, { c: 2, e: 10 }], 12);
    expect(r.lambda).toBeCloseTo(16 / 3, 12);
    expect(r.allocation[0]).toBeCloseTo(14 / 3, 12);
    expect(r.allocation[1]).toBeCloseTo(22 / 3, 12);
    expect(competitivePrice([{ c: 1, e: 10 }, { c: 2, e: 10 }], 12)).toBeCloseTo(16 / 3, 12);
  });

  it('Σe ≤ S: everyone gets e, λ = 0', () => {
    const firms = [{ c: 1, e: 4 }, { c: 2, e: 6 }];
    expect(efficientAllocation(firms, 10)).toEqual({ allocation: [4, 6], lambda: 0 });
    expect(efficientAllocation(firms, 25)).toEqual({ allocation: [4, 6], lambda: 0 });
  });

  it('ties: identical firms split evenly; equal breakpoints λ_i = c_i·e_i', () => {
    const r = efficientAllocation([{ c: 1, e: 10 }, { c: 1, e: 10 }], 10);
    expect(r.lambda).toBeCloseTo(5, 12);
    expect(r.allocation).toEqual([5, 5]);
    // breakpoints 1·10 = 2·5 = 10: (10 − λ) + (5 − λ/2) = 6 → λ = 6, q = [4, 2]
    const t = efficientAllocation([{ c: 1, e: 10 }, { c: 2, e: 5 }], 6);
    expect(t.lambda).toBeCloseTo(6, 12);
    expect(t.allocation[0]).toBeCloseTo(4, 12);
    expect(t.allocation[1]).toBeCloseTo(2, 12);
  });

  it('a firm whose breakpoint is never reached gets nothing', () => {
    // c = [1, 4], e = [10, 10], S = 5: only firm 2 active: 10 − λ/4 = 5 → λ = 20 ≥ 10 = firm 1's breakpoint
    const r = efficientAllocation([{ c: 1, e: 10 }, { c: 4, e: 10 }], 5);
    expect(r.lambda).toBeCloseTo(20, 12);
    expect(r.allocation).toEqual([0, 5]);
  });

  it('a firm with a very large c takes almost all of its demand', () => {
    // (10 − λ) + (10 − λ/1000) = 10 → λ = 10/1.001
    const r = efficientAllocation([{ c: 1, e: 10 }, { c: 1000, e: 10 }], 10);
    expect(r.lambda).toBeCloseTo(10 / 1.001, 10);
    expect(r.allocation[0]).toBeCloseTo(10 - 10 / 1.001, 10);
    expect(r.allocation[1]).toBeCloseTo(10 - 0.01 / 1.001, 10);
  });

  it('edges: c = 0 firms take the leftovers at λ = 0; S = 0 gives nothing at λ = max c·e', () => {
    expect(efficientAllocation([{ c: 0, e: 10 }, { c: 1, e: 10 }], 15)).toEqual({ allocation: [5, 10], lambda: 0 });
    expect(efficientAllocation([{ c: 1, e: 10 }, { c: 3, e: 2 }], 0)).toEqual({ allocation: [0, 0], lambda: 10 });
  });

  it('property: Σq = min(S, Σe) and the KKT conditions hold', () => {
    fc.assert(
      fc.property(firmsArb, fc.double({ min: 0.01, max: 400, noNaN: true }), (firms, S) => {
        const { allocation: q, lambda } = efficientAllocation(firms, S);
        const total = firms.reduce((s, f) => s + f.e, 0);
        const sum = q.reduce((s, x) => s + x, 0);
        expect(Math.abs(sum - Math.min(S, total))).toBeLessThan(1e-9 * (1 + total));
        firms.forEach((f, i) => {
          const mv = f.c * (f.e - q[i]);
          if (q[i] > 1e-9 && q[i] < f.e - 1e-9) expect(Math.abs(mv - lambda)).toBeLessThan(1e-7 * (1 + lambda));
          if (q[i] <= 1e-12) expect(mv).toBeLessThanOrEqual(lambda * (1 + 1e-9) + 1e-9);
        });
      }),
    );
  });
});

describe('allocativeEfficiency', () => {
  const firms = [{ c: 1, e: 10 }, { c: 2, e: 10 }];
  it('1 at the efficient allocation, < 1 elsewhere', () => {
    expect(allocativeEfficiency(firms, [14 / 3, 22 / 3], 12)).toBeCloseTo(1, 12);
    // hand: V1(5) + V2(7) = 37.5 + 91 = 128.5; max = 322/9 + 836/9 = 1158/9
    expect(allocativeEfficiency(firms, [5, 7], 12)).toBeCloseTo(128.5 / (1158 / 9), 12);
    expect(allocativeEfficiency(firms, [12, 0], 12)).toBeLessThan(1);
    expect(allocativeEfficiency([{ c: 0, e: 5 }], [0], 3)).toBe(1);
  });

  it('property: any feasible allocation has efficiency ≤ 1 + 1e-9', () => {
    fc.assert(
      fc.property(
        firmsArb.chain((fs) =>
          fc.tuple(fc.constant(fs), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: fs.length, maxLength: fs.length }), fc.double({ min: 0.01, max: 400, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
        ),
        ([firms, w, S, used]) => {
          const ws = w.reduce((s, x) => s + x, 0) || 1;
          const q = w.map((x, i) => Math.min(firms[i].e, (x / ws) * S * used));
          const eff = allocativeEfficiency(firms, q, S);
          expect(eff).toBeLessThanOrEqual(1 + 1e-9);
          expect(eff).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('Demand Reduction Index', () => {
  const f: Firm = { c: 2, e: 10 }; // v̄_H = 15, v̄_L = 5
  const g: Firm = { c: 1, e: 30 };

  it('truthful two-tier → 0', () => {
    const dri = driByFirm([f, g], twoTierToBids([truthfulTwoTier(f), truthfulTwoTier(g)]));
    expect(dri[0]).toBeCloseTo(0, 12);
    expect(dri[1]).toBeCloseTo(0, 12);
  });

  it('low tier withheld (qL = 0) with a truthful high tier → 1; bidding 0 on it → 1', () => {
    expect(driByFirm([f], twoTierToBids([[15, 5, 5, 0]]))[0]).toBeCloseTo(1, 12);
    expect(driByFirm([f], twoTierToBids([shadeLowTier(truthfulTwoTier(f), 1)]))[0]).toBeCloseTo(1, 12);
  });

  it('both tiers shaded by the same fraction → 0', () => {
    expect(driByFirm([f], twoTierToBids([[15 * 0.6, 5, 5 * 0.6, 5]]))[0]).toBeCloseTo(0, 12);
  });

  it('hand cases with other step shapes', () => {
    // half the low tier at 2.5, rest withheld: p_L = 2.5·2.5/5 = 1.25, s_L = 0.75, s_H = 0
    expect(driByFirm([f], stepListsToBids([[[15, 5], [2.5, 2.5]]]))[0]).toBeCloseTo(0.75, 12);
    // flat bid 12 on all 10 units: s_H = 1 − 12/15 = 0.2, s_L = 1 − 12/5 = −1.4 → −1.6
    expect(driByFirm([f], stepListsToBids([[[12, 10]]]))[0]).toBeCloseTo(-1.6, 12);
    // step boundary inside tier H: [20 × 2, 10 × 8]: p_H = (40 + 30)/5 = 14, p_L = 10 → s_H = 1/15, s_L = −1
    expect(driByFirm([f], stepListsToBids([[[20, 2], [10, 8]]]))[0]).toBeCloseTo(-1 - 1 / 15, 12);
    // units beyond e do not count
    expect(driByFirm([f], stepListsToBids([[[15, 5], [5, 5], [5, 100]]]))[0]).toBeCloseTo(0, 12);
  });

  it('reads auction k of a batch; firms with c·e = 0 get 0', () => {
    const b = twoTierToBids([truthfulTwoTier(f), [15, 5, 5, 0]], 2);
    expect(driByFirm([f], b, 1)[0]).toBeCloseTo(1, 12);
    expect(driByFirm([{ c: 0, e: 4 }], twoTierToBids([[1, 1, 0, 0]]))).toEqual([0]);
  });

  it('market DRI is e-weighted', () => {
    expect(marketDri([{ c: 1, e: 10 }, { c: 1, e: 30 }], [1, 0])).toBeCloseTo(0.25, 12);
    expect(marketDri([], [])).toBe(0);
  });
});

describe('quantity-based DRI', () => {
  const twins = [{ c: 1, e: 10 }, { c: 1, e: 10 }];

  it('truthful two-tier withholds nothing when p* ≤ 0.25·c·e', () => {
    // S = 16: p* = 10 − 8 = 2 ≤ 2.5; B = 10 ≥ D = 8
    const r = quantityDri(twins, twoTierToBids(twins.map(truthfulTwoTier)), 16);
    expect(r).toEqual({ byFirm: [0, 0], market: 0 });
  });

  it('property: a fine truthful schedule (each step at its first unit’s marginal value) withholds nothing', () => {
    fc.assert(
      fc.property(firmsArb, fc.double({ min: 0.01, max: 400, noNaN: true }), (firms, S) => {
        const steps = 20;
        const lists = firms.map((f) => Array.from({ length: steps }, (_, t) => [f.c * (f.e - (t * f.e) / steps), f.e / steps] as [number, number]));
        const r = quantityDri(firms, stepListsToBids(lists), S);
        for (const w of r.byFirm) expect(w).toBeLessThan(1e-9);
        expect(r.market).toBeLessThan(1e-9);
      }),
    );
  });

  it('withholding the low tier: w = 1 − B/D', () => {
    // S = 16, p* = 2, D = 8 each; firm 1 bids only its high tier: B = 5 → w = 3/8; market (8·3/8)/16 = 3/16
    const r = quantityDri(twins, twoTierToBids([[7.5, 5, 2.5, 0], truthfulTwoTier(twins[1])]), 16);
    expect(r.byFirm[0]).toBeCloseTo(3 / 8, 12);
    expect(r.byFirm[1]).toBe(0);
    expect(r.market).toBeCloseTo(3 / 16, 12);
  });

  it('trap: truthful two-tier "withholds" when 0.25·c·e < p* < 0.5·c·e', () => {
    // S = 14: p* = 3 = 0.3·c·e; D = 7 but the bid has only 5 units at ≥ 3 → w = 2/7
    const r = quantityDri(twins, twoTierToBids(twins.map(truthfulTwoTier)), 14);
    expect(r.byFirm[0]).toBeCloseTo(2 / 7, 12);
    expect(r.market).toBeCloseTo(2 / 7, 12);
  });
});

describe('permitOutcomeMetrics (hand case, uniform price, first rejected)', () => {
  it('truthful two-tier bids, c = [1, 2], e = [10, 10], S = 12', () => {
    const firms = [{ c: 1, e: 10 }, { c: 2, e: 10 }];
    const bids = twoTierToBids(firms.map(truthfulTwoTier)); // [7.5, 5, 2.5, 5], [15, 5, 5, 5]
    const outcome = multiUnitMechanisms.uniform.clear(bids, { supply: 12, reserve: 0, priceRule: 'first-rejected', tieRule: 'pro-rata' });
    const m = permitOutcomeMetrics(firms, bids, outcome, 12);
    // 15×5 and 7.5×5 filled, 2 of the 5 units at 5: price 5; q = [5, 7]
    expect(m.allocation).toEqual([5, 7]);
    expect(m.price).toBe(5);
    expect(m.payments).toEqual([25, 35]);
    expect(m.profits[0]).toBeCloseTo(37.5 - 25, 12); // V1(5) = 5·(10 − 2.5)
    expect(m.profits[1]).toBeCloseTo(91 - 35, 12); // V2(7) = 2·7·(10 − 3.5)
    expect(m.revenue).toBe(60);
    expect(m.unitsSold).toBe(12);
    expect(m.efficiency).toBeCloseTo(128.5 / (1158 / 9), 12);
    expect(m.competitivePrice).toBeCloseTo(16 / 3, 12);
    expect(m.efficientAllocation[0]).toBeCloseTo(14 / 3, 12);
    expect(m.dri).toBeCloseTo(0, 12);
    expect(m.driByFirm.every((d) => Math.abs(d) < 1e-12)).toBe(true);
    // p* = 16/3: firm 1 D = 14/3 ≤ B = 5; firm 2 D = 22/3 > B = 5 → w = 7/22; market (22/3 · 7/22)/12 = 7/36
    expect(m.driQuantityByFirm[0]).toBe(0);
    expect(m.driQuantityByFirm[1]).toBeCloseTo(7 / 22, 12);
    expect(m.driQuantity).toBeCloseTo(7 / 36, 12);
    expect(m.totalAbatementCost).toBeCloseTo(12.5 + 9, 12); // C1(5) + C2(3)
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    expect(m.profits[0]).toBeCloseTo(permitValue(firms[0], 5) - 25, 12);
  });
});
