import { describe, expect, it } from 'vitest';
import { defaultsOf, parseConfig } from '../../config/schema';
import { clearAll, effectiveSchedules } from './clearAll';
import { normalizePermitAuction } from './definition';
import { permitAuctionPresets } from './presets';
import { permitAuctionSchema, type PermitAuctionConfig } from './schema';

const demo = (): PermitAuctionConfig => ({ ...defaultsOf(permitAuctionSchema), ...permitAuctionPresets.find((p) => p.id === 'demand-reduction')!.config });

describe('the demand-reduction demo, computed by hand (presets.ts)', () => {
  // 30 permits. Big firm c = 1, e = 24: truthful tiers 18 × 12 and 6 × 12; small firms c = 1.2, e = 8: 7.2 × 4, 2.4 × 4.
  it('truthful: the big firm wins 18 at a uniform price of 6 (profit 270 − 108 = 162); VCG charges it 28.8 (profit 241.2)', () => {
    const r = clearAll({ ...demo(), bids: [] }, 1);
    expect(r.uniform.price).toBeCloseTo(6, 10);
    expect(r.uniform.allocation).toEqual([18, 4, 4, 4]);
    expect(r.uniform.profits[0]).toBeCloseTo(162, 9);
    // VCG: the big firm's 18 units would go to the small firms' unfilled low tiers (3 × 4 at 2.4 = 28.8), the rest unsold at reserve 0.
    expect(r.vcg.payments[0]).toBeCloseTo(28.8, 9);
    expect(r.vcg.profits[0]).toBeCloseTo(241.2, 9);
    expect(r.uniform.dri).toBeCloseTo(0, 9);
  });
  it('withholding the low tier: price 2.4, the big firm wins 12 (profit 216 − 28.8 = 187.2 > 162); under VCG its profit falls to 201.6 < 241.2', () => {
    const r = clearAll(demo(), 1);
    expect(r.uniform.price).toBeCloseTo(2.4, 10);
    expect(r.uniform.allocation).toEqual([12, 6, 6, 6]);
    expect(r.uniform.profits[0]).toBeCloseTo(187.2, 9);
    expect(r.vcg.profits[0]).toBeCloseTo(201.6, 9);
    expect(r.uniform.efficiency).toBeLessThan(clearAll({ ...demo(), bids: [] }, 1).uniform.efficiency);
    expect(r.uniform.driTierShadingByFirm[0]).toBeCloseTo(1, 9);
    // Headline index at p* = 36/7 (48 − 3.5p = 30): the big firm's step (18, 12) reads "12 − p/3 at p", 72/7 of its true
    // 132/7, so it withholds 5/11; the small firms read their true demand 26/7 each: market 1 − 150/210 = 2/7.
    expect(r.uniform.driByFirm[0]).toBeCloseTo(5 / 11, 12);
    expect(r.uniform.dri).toBeCloseTo(2 / 7, 12);
  });
  it('empty bids mean truthful two-tier schedules at the mean true marginal values', () => {
    expect(effectiveSchedules({ ...demo(), bids: [] })[0]).toEqual([
      [18, 12],
      [6, 12],
    ]);
  });
});

describe('boundary validation of firms and bids', () => {
  it('rejects a schedule with pL > pH, naming the firm, and keeps truthful bids', () => {
    const { config, issues } = parseConfig(permitAuctionSchema, { bids: [[1, 2, 3, 4], [5, 1, 1, 1]] });
    expect(issues[0].message).toMatch(/bids: firm 1: step 2 price 3 is above step 1 price 1/);
    expect(config.bids).toEqual([]);
  });
  it('rejects negative quantities and NaN prices, and out-of-range firm types', () => {
    expect(parseConfig(permitAuctionSchema, { bids: [[[5, -1]]] }).issues[0].message).toMatch(/firm 1, step 1: quantity -1/);
    expect(parseConfig(permitAuctionSchema, { bids: [[['x', 1]]] }).issues[0].message).toMatch(/price x/);
    expect(parseConfig(permitAuctionSchema, { firms: [{ c: 1, e: 5 }] }).issues[0].message).toMatch(/has 1 firms; expected 2–12/);
    expect(parseConfig(permitAuctionSchema, { firms: [{ c: -1, e: 5 }, { c: 1, e: 5 }] }).issues[0].message).toMatch(/firm 1: c = -1/);
  });
  it('accepts step lists of any length and two-tier arrays, canonically as step lists', () => {
    const { config, issues } = parseConfig(permitAuctionSchema, { bids: [[[9, 1], [8, 1], [7, 1]], [4, 2, 1, 2]] });
    expect(issues).toEqual([]);
    expect(config.bids[1]).toEqual([
      [4, 2],
      [1, 2],
    ]);
  });
  it('bids for the wrong number of firms are reported and replaced by truthful bids', () => {
    const c = { ...demo(), bids: [[[1, 1]]] as PermitAuctionConfig['bids'] };
    const { config, issues } = normalizePermitAuction(c);
    expect(config.bids).toEqual([]);
    expect(issues[0].message).toMatch(/1 schedules for 4 firms/);
  });
});

describe('a bid of 0 means no demand', () => {
  it('bids [[9,6,0,6],[5,4,2,4]] with S = 30: firm 1 wins only its 6 priced units, never the 0-priced tier', () => {
    const c = { ...defaultsOf(permitAuctionSchema), firms: [{ c: 1, e: 12 }, { c: 1, e: 8 }], supply: 30, bids: [[[9, 6], [0, 6]], [[5, 4], [2, 4]]] } as PermitAuctionConfig;
    const r = clearAll(c, 1);
    for (const m of ['uniform', 'discriminatory', 'vcg'] as const) expect(r[m].allocation).toEqual([6, 8]);
  });
});
