import { describe, it, expect } from 'vitest';
import { createRng } from '../math/rng';
import { firmPriorIssue, randomFirms, sampleFirms, type FirmPrior } from './firms';

const prior: FirmPrior = { cMin: 0.5, cMax: 2, eMin: 5, eMax: 15 };

describe('firm-type prior', () => {
  it('draws within bounds, deterministically per seed', () => {
    const a = sampleFirms(createRng(3), 50, 4, prior);
    const b = sampleFirms(createRng(3), 50, 4, prior);
    expect(a.c.length).toBe(200);
    expect(Array.from(a.c)).toEqual(Array.from(b.c));
    expect(Array.from(a.e)).toEqual(Array.from(b.e));
    for (let j = 0; j < 200; j++) {
      expect(a.c[j]).toBeGreaterThanOrEqual(0.5);
      expect(a.c[j]).toBeLessThan(2);
      expect(a.e[j]).toBeGreaterThanOrEqual(5);
      expect(a.e[j]).toBeLessThan(15);
    }
    const other = sampleFirms(createRng(4), 50, 4, prior);
    expect(Array.from(other.c)).not.toEqual(Array.from(a.c));
  });

  it('fills the given buffers; degenerate bounds give fixed types', () => {
    const c = new Float64Array(6);
    const e = new Float64Array(6);
    const r = sampleFirms(createRng(1), 2, 3, { cMin: 1, cMax: 1, eMin: 10, eMax: 10 }, c, e);
    expect(r.c).toBe(c);
    expect(Array.from(c)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(e)).toEqual([10, 10, 10, 10, 10, 10]);
  });

  it('randomFirms(seed) equals the first auction of sampleFirms(createRng(seed))', () => {
    const firms = randomFirms(11, 5, prior);
    const { c, e } = sampleFirms(createRng(11), 1, 5, prior);
    expect(firms).toEqual(Array.from({ length: 5 }, (_, i) => ({ c: c[i], e: e[i] })));
    expect(randomFirms(11, 5, prior)).toEqual(firms);
  });

  it('firmPriorIssue names the field', () => {
    expect(firmPriorIssue(prior)).toBeNull();
    expect(firmPriorIssue({ ...prior, cMin: 3 })).toMatch(/cMin/);
    expect(firmPriorIssue({ ...prior, eMax: Number.NaN })).toMatch(/eMax/);
    expect(firmPriorIssue({ ...prior, eMin: -1 })).toMatch(/eMin/);
  });
});
