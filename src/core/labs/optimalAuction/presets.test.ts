import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../config/schema';
import { maxValueBound, myersonRevenue, vickreyRevenue } from '../../equilibria/optimalAuction';
import { modelParams } from './baselines';
import { optimalAuctionPresets } from './presets';
import { optimalAuctionSchema, type OptimalAuctionConfig } from './schema';

const presetConfig = (id: string): OptimalAuctionConfig => {
  const p = optimalAuctionPresets.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return { ...defaultsOf(optimalAuctionSchema), ...p.config };
};
const text = (id: string) => optimalAuctionPresets.find((x) => x.id === id)?.description ?? '';
const closed = (c: OptimalAuctionConfig) => ({
  myerson: myersonRevenue(c.prior, modelParams(c), c.bidders)!,
  vickrey: vickreyRevenue(c.prior, modelParams(c), c.bidders)!,
  max: maxValueBound(c.prior, modelParams(c), c.bidders)!,
});

describe('preset texts quote the closed forms the lab prints (to 3 decimals)', () => {
  for (const id of ['myerson', 'exponential', 'heterogeneous']) {
    it(id, () => {
      const f = closed(presetConfig(id));
      expect(text(id)).toContain(f.myerson.toFixed(3));
      if (id !== 'myerson') {
        expect(text(id)).toContain(f.vickrey.toFixed(3));
        expect(text(id)).toContain(f.max.toFixed(3));
      }
    });
  }
  it('the exact fractions are the closed forms: 5/12, 19/36, 7/18, 31/36', () => {
    expect(closed(presetConfig('myerson')).myerson).toBeCloseTo(5 / 12, 12);
    const h = closed(presetConfig('heterogeneous'));
    expect([h.myerson, h.vickrey, h.max].map((x) => x * 36)).toEqual([19, 14, 31].map((x) => expect.closeTo(x, 9)));
  });
  it('the correlated preset quotes no sample figure (no closed form exists there)', () => {
    expect(text('correlated').replace('ρ = 0.7', '')).not.toMatch(/\d\.\d/);
  });
});
