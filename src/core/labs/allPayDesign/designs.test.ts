import { describe, expect, it } from 'vitest';
import { hashSeed, meanSd, roundSeed, sampleDesigns } from './designs';
import { combineAllPayDesign, expandAllPayDesign, samplesOf } from './definition';
import { samplesField } from './samplesField';
import { defaultsOf } from '../../config/schema';
import { allPayDesignSchema, type AllPayDesignConfig } from './schema';

const defaults: AllPayDesignConfig = defaultsOf(allPayDesignSchema);

describe('design sampling', () => {
  it('has both endpoints, K sorted draws in [1/2, 1], reproducible per seed, different across seeds', () => {
    const a = sampleDesigns(10, 1);
    expect(a).toHaveLength(10);
    expect(a[0]).toBe(0.5);
    expect(a[9]).toBe(1);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    for (const w of a) expect(w >= 0.5 && w <= 1).toBe(true);
    expect(sampleDesigns(10, 1)).toEqual(a);
    expect(sampleDesigns(10, 2)).not.toEqual(a);
    expect(sampleDesigns(2, 5)).toEqual([0.5, 1]);
  });

  it('interior draws look uniform: mean of 2,000 near 3/4', () => {
    const d = sampleDesigns(2002, 3).filter((w) => w > 0.5 && w < 1);
    const m = d.reduce((s, w) => s + w, 0) / d.length;
    expect(Math.abs(m - 0.75)).toBeLessThan(0.01);
  });

  it('round seeds differ by round and design and are stable', () => {
    const seeds = new Set<number>();
    for (const w of [0.5, 0.6, 1]) for (let r = 0; r < 10; r++) seeds.add(roundSeed(7, w, r));
    expect(seeds.size).toBe(30);
    expect(roundSeed(7, 0.6, 3)).toBe(roundSeed(7, 0.6, 3));
    expect(hashSeed(1, 2)).toBeGreaterThanOrEqual(0);
  });

  it('meanSd known answers', () => {
    expect(meanSd([1, 2, 3, 4])).toEqual({ mean: 2.5, sd: Math.sqrt(5 / 3) });
    expect(meanSd([0.3])).toEqual({ mean: 0.3, sd: 0 });
  });
});

describe('expand / combine (the loop split for the worker pool)', () => {
  it('design mode expands to one simulate run per sampled design, all rounds each', () => {
    const parts = expandAllPayDesign({ ...defaults, designs: 4, rounds: 3 }, 9);
    expect(parts.map((p) => p.w)).toEqual(sampleDesigns(4, 9));
    for (const p of parts) {
      expect(p.mode).toBe('simulate');
      expect(p.rounds).toBe(3);
    }
    expect(expandAllPayDesign({ ...defaults, mode: 'simulate' }, 9)).toHaveLength(1);
  });

  it('combine gathers {w, revenue, sd} sorted by w into a fit run; only for the design mode', () => {
    const parts = [
      { config: { ...defaults, mode: 'simulate', w: 0.9 }, metrics: { revenue: 0.45, sd: 0.01 } },
      { config: { ...defaults, mode: 'simulate', w: 0.5 }, metrics: { revenue: 0.25, sd: 0.02 } },
      { config: { ...defaults, mode: 'simulate', w: 0.7 }, metrics: { revenue: null } },
    ] as never;
    const fit = combineAllPayDesign(defaults, parts)!;
    expect(fit.mode).toBe('fit');
    expect(fit.samples).toEqual([
      { w: 0.5, revenue: 0.25, sd: 0.02 },
      { w: 0.9, revenue: 0.45, sd: 0.01 },
    ]);
    expect(combineAllPayDesign({ ...defaults, mode: 'simulate' }, parts)).toBeNull();
    expect(samplesOf([])).toEqual([]);
  });

  it('samples field: valid input parses, bad input is refused with the sample named', () => {
    expect(samplesField.parse([{ w: 0.6, revenue: 0.3 }])).toEqual({ value: [{ w: 0.6, revenue: 0.3, sd: 0 }] });
    expect(samplesField.parse([{ w: 0.4, revenue: 0.3 }]).issue).toMatch(/sample 1: w/);
    expect(samplesField.parse([{ w: 0.6, revenue: 0.3 }, { w: 0.7, revenue: 'x' }]).issue).toMatch(/sample 2: revenue/);
    expect(samplesField.parse([{ w: 0.6, revenue: 0.3, sd: -1 }]).issue).toMatch(/sd/);
    expect(samplesField.parse('nope').issue).toMatch(/list/);
  });
});
