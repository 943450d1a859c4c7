import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { latentToBid, latentsToBids, sigmoid, truthfulLatent, truthfulLatents } from './actionMapping';
import { truthfulTwoTier } from '../../valuations/abatement';
import { validateSchedules } from '../../mechanisms/multiUnit';

const z = fc.double({ min: -50, max: 50, noNaN: true });
const zExtreme = fc.oneof(z, fc.constantFrom(-50, 50, 0, -1e-300, 1e-300));
const type = fc.record({ c: fc.double({ min: 0, max: 100, noNaN: true }), e: fc.double({ min: 0, max: 100, noNaN: true }) });
const reserve = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 200, noNaN: true }));

describe('latentToBid', () => {
  it('always gives a valid schedule: r ≤ pL ≤ pH, quantities ≥ 0, qH + qL ≤ e, finite', () => {
    fc.assert(
      fc.property(fc.tuple(zExtreme, zExtreme, zExtreme, zExtreme), type, reserve, (zs, { c, e }, r) => {
        const out = new Float64Array(4);
        latentToBid(zs, 0, c, e, r, out, 0);
        const [pH, qH, pL, qL] = out as unknown as [number, number, number, number];
        for (const v of out) expect(Number.isFinite(v)).toBe(true);
        expect(pH).toBeGreaterThanOrEqual(pL);
        expect(pL).toBeGreaterThanOrEqual(r);
        expect(pH).toBeLessThanOrEqual(r + 2 * c * e + 1e-9 * (1 + r));
        expect(qH).toBeGreaterThanOrEqual(0);
        expect(qL).toBeGreaterThanOrEqual(0);
        expect(qH + qL).toBeLessThanOrEqual(e);
        const bids = { K: 1, N: 1, T: 2, prices: new Float64Array([pH, pL]), quantities: new Float64Array([qH, qL]) };
        expect(validateSchedules(bids)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('matches the formulas on a hand example', () => {
    // c = 2, e = 10, r = 1, z = 0: pH = 1 + 2·20·½ = 21; qH = 5; pL = 1 + 20·½ = 11; qL = 5·½ = 2.5.
    const out = new Float64Array(4);
    latentToBid([0, 0, 0, 0], 0, 2, 10, 1, out, 0);
    expect(Array.from(out)).toEqual([21, 5, 11, 2.5]);
  });

  it('sigmoid is stable at the extremes', () => {
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(0)).toBe(0.5);
  });
});

describe('truthfulLatent', () => {
  it('round-trips to the truthful two-tier bid when r = 0', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (c, e) => {
        const out = new Float64Array(4);
        latentToBid(truthfulLatent(c, e, 0), 0, c, e, 0, out, 0);
        const t = truthfulTwoTier({ c, e });
        for (let j = 0; j < 4; j++) expect(out[j]).toBeCloseTo(t[j], 9 - Math.ceil(Math.log10(1 + c * e)));
      }),
    );
  });

  it('is the same constant for every type when r = 0', () => {
    const a = truthfulLatent(1, 5, 0);
    const b = truthfulLatent(3.7, 0.2, 0);
    for (let j = 0; j < 4; j++) expect(a[j]).toBeCloseTo(b[j], 12);
    expect(a[0]).toBeCloseTo(Math.log(0.375 / 0.625), 12);
    expect(a[1]).toBe(0);
    expect(a[2]).toBeCloseTo(Math.log(1 / 2), 12);
  });

  it('with r > 0 raises tiers priced below the reserve to r, and is truthful otherwise', () => {
    // c = 1, e = 8: truthful 6 and 2. r = 1 < 2: both kept. r = 3: pL → 3. r = 7: both → 7.
    const out = new Float64Array(4);
    latentToBid(truthfulLatent(1, 8, 1), 0, 1, 8, 1, out, 0);
    expect(out[0]).toBeCloseTo(6, 10);
    expect(out[2]).toBeCloseTo(2, 10);
    latentToBid(truthfulLatent(1, 8, 3), 0, 1, 8, 3, out, 0);
    expect(out[0]).toBeCloseTo(6, 10);
    expect(out[2]).toBeCloseTo(3, 10);
    latentToBid(truthfulLatent(1, 8, 7), 0, 1, 8, 7, out, 0);
    expect(out[0]).toBeCloseTo(7, 10);
    expect(out[2]).toBeCloseTo(7, 10);
    expect(out[1]).toBeCloseTo(4, 12);
    expect(out[1] + out[3]).toBeCloseTo(8, 10);
  });

  it('a smaller limit keeps every latent in [−limit, limit] (qL slightly below e/2)', () => {
    const zz = truthfulLatent(1, 8, 0, 3);
    for (const v of zz) expect(Math.abs(v)).toBeLessThanOrEqual(3);
    const out = new Float64Array(4);
    latentToBid(zz, 0, 1, 8, 0, out, 0);
    expect(out[3]).toBeCloseTo(4 * sigmoid(3), 12);
  });

  it('batched versions agree with the scalar ones', () => {
    const c = new Float64Array([0.5, 1.2, 1.5, 0.9]);
    const e = new Float64Array([4, 6, 8, 5]);
    const zs = truthfulLatents(c, e, 0.5);
    const bids = latentsToBids(zs, c, e, 0.5);
    for (let j = 0; j < 4; j++) {
      const one = new Float64Array(4);
      latentToBid(truthfulLatent(c[j], e[j], 0.5), 0, c[j], e[j], 0.5, one, 0);
      expect(Array.from(bids.subarray(4 * j, 4 * j + 4))).toEqual(Array.from(one));
    }
    expect(() => latentsToBids(new Float64Array(3), c, e, 0)).toThrow(/length/);
  });
});
