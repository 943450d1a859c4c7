import { describe, expect, it } from 'vitest';
import { defaultsOf, parseConfig } from '../../config/schema';
import { expandPermitAuction, normalizePermitAuction, permitAuctionLab, summarizePermitAuction } from './definition';
import { firmsOfCount } from './fields';
import { permitAuctionSchema, type PermitAuctionConfig } from './schema';
import { permitAuctionHistoryColumns } from './outputs';
import { permitPpoConfigOf } from './trainConfig';

const base = { ...defaultsOf(permitAuctionSchema), mode: 'train' } as PermitAuctionConfig;

describe('permit-auction training config', () => {
  it('reads firms as a count (the training CLI) or a list', () => {
    const byCount = parseConfig(permitAuctionSchema, { firms: 6 });
    expect(byCount.issues).toEqual([]);
    expect(byCount.config.firms).toEqual(firmsOfCount(6));
    expect(parseConfig(permitAuctionSchema, { firms: '5' }).config.firms).toHaveLength(5);
    expect(parseConfig(permitAuctionSchema, { firms: 1 }).issues[0].message).toMatch(/1 firms; expected a whole number 2–12/);
    expect(parseConfig(permitAuctionSchema, { firms: 3.5 }).issues[0].message).toMatch(/whole number/);
  });

  it('maps to the trainer: N from the firms, updates rounded up, firm 1 scaled', () => {
    const t = permitPpoConfigOf({ ...base, firms: firmsOfCount(5), auctions: 1000, auctionsPerUpdate: 512, bigFirm: 3 });
    expect(t.firms).toBe(5);
    expect(t.updates).toBe(2);
    expect(t.prior.eScale).toEqual([3, 1, 1, 1, 1]);
    expect(permitPpoConfigOf(base).prior.eScale).toBeUndefined();
  });

  it('expands a comparison into the three mechanisms with one seed, and an N sweep with supply per firm kept', () => {
    const cmp = expandPermitAuction({ ...base, compare: true });
    expect(cmp.map((c) => c.mechanism)).toEqual(['uniform', 'discriminatory', 'vcg']);
    const sweep = expandPermitAuction({ ...base, sweep: 'firms', sweepFirms: [4, 2, 4, 8], firms: firmsOfCount(4), supply: 12 });
    expect(sweep.map((c) => c.firms.length)).toEqual([2, 4, 8]);
    expect(sweep.map((c) => c.supply)).toEqual([6, 12, 24]);
    expect(expandPermitAuction({ ...base, mode: 'clear', compare: true })).toHaveLength(1);
  });

  it('normalizes: swapped ranges, and no comparison inside an N sweep', () => {
    const r = normalizePermitAuction({ ...base, costMin: 2, costMax: 1, sweep: 'firms', compare: true });
    expect(r.config.costMin).toBe(1);
    expect(r.config.costMax).toBe(2);
    expect(r.config.compare).toBe(false);
    expect(r.issues.map((i) => i.field)).toEqual(['costMax', 'compare']);
    // Train mode keeps clear-mode bids that no longer match the firm count (they are only used in clear mode).
    const bids = [[[1, 1]], [[1, 1]]] as PermitAuctionConfig['bids'];
    expect(normalizePermitAuction({ ...base, firms: firmsOfCount(4), bids }).config.bids).toBe(bids);
  });

  it('summarizes a comparison (DRI gap) and a sweep (theory 1/(N − 1))', () => {
    const m = (dri: number) => ({ dri, efficiency: 1, revenue: 2 });
    const cmp = summarizePermitAuction([
      { config: { ...base, mechanism: 'uniform' }, metrics: m(0.3) },
      { config: { ...base, mechanism: 'vcg' }, metrics: m(0.05) },
    ]);
    expect(cmp.driGap).toBeCloseTo(0.25, 12);
    const sw = summarizePermitAuction([{ config: { ...base, sweep: 'firms', firms: firmsOfCount(3) }, metrics: m(0.2) }]);
    expect((sw.sweep as { theoryDri: number }[])[0].theoryDri).toBe(0.5);
    const vcgSweep = summarizePermitAuction([{ config: { ...base, sweep: 'firms', mechanism: 'vcg', firms: firmsOfCount(3) }, metrics: { ...m(0.01), truthful: m(0) } }]);
    expect((vcgSweep.sweep as { theoryDri: number; truthful: { dri: number } }[])[0]).toMatchObject({ theoryDri: 0, truthful: { dri: 0 } });
    expect(permitAuctionLab.partLabel({ ...base, mechanism: 'vcg' })).toBe('vcg');
  });

  it('names mechanisms as the UI does in run labels and history columns', () => {
    const one = { ...base, compare: false, sweep: 'off' } as PermitAuctionConfig;
    expect(permitAuctionLab.label({ ...one, mechanism: 'discriminatory' }, 7)).toMatch(/^PPO · Pay as bid · /);
    expect(permitAuctionLab.label({ ...one, compare: true }, 7)).toMatch(/^PPO · Uniform price · Pay as bid · VCG · /);
    expect(permitAuctionLab.label({ ...one, mode: 'clear' }, 7)).not.toMatch(/discriminatory/);
    const column = permitAuctionHistoryColumns.find((c) => c.label === 'mechanism');
    expect(column?.value({ mechanism: 'discriminatory' })).toBe('Pay as bid');
    expect(column?.value({ mechanism: 'dutch' })).toBe('dutch');
  });
});
