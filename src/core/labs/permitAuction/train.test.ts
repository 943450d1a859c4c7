import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../config/schema';
import { DEFAULT_PERMIT_PPO, DEMO_SUPPLY, trainPermitPpo } from './train';
import { permitAuctionSchema } from './schema';
import { permitPpoConfigOf } from './trainConfig';
import type { RunContext, RunEvent } from '../types';

function collector(): { ctx: RunContext; events: RunEvent[] } {
  const events: RunEvent[] = [];
  return { ctx: { emit: (e) => events.push(e), checkpoint: async () => {}, backend: 'ts' }, events };
}

describe('trainPermitPpo', () => {
  it('emits eval rows, progress and final metrics, and is deterministic for a (config, seed)', async () => {
    const small = { updates: 4, auctionsPerUpdate: 64, evalEvery: 2, evalAuctions: 32, ppo: { minibatch: 32, hidden: 8 } };
    const a = collector();
    const m1 = await trainPermitPpo(small, 9, a.ctx);
    const points = a.events.filter((e) => e.type === 'points');
    expect(points.map((p) => (p.type === 'points' ? p.rows[0].x : -1))).toEqual([0, 128, 256]);
    expect(a.events.some((e) => e.type === 'progress')).toBe(true);
    expect(a.events.at(-1)?.type).toBe('final');
    for (const k of ['efficiency', 'dri', 'revenue', 'clearingPrice', 'meanProfit', 'auctionsPerSecond']) expect(Number.isFinite(m1[k] as number)).toBe(true);
    const b = collector();
    const m2 = await trainPermitPpo(small, 9, b.ctx);
    expect(m2.dri).toBe(m1.dri);
    expect(m2.revenue).toBe(m1.revenue);
  });

  it('starts from truthful bidding (initial DRI ≈ 0 and efficiency ≈ 1 on the held-out batch)', async () => {
    const { ctx, events } = collector();
    await trainPermitPpo({ updates: 1, auctionsPerUpdate: 16, evalAuctions: 256, ppo: { minibatch: 16 } }, 1, ctx);
    const first = events.find((e) => e.type === 'points');
    const row = first?.type === 'points' ? first.rows[0] : {};
    // Initial qL is e/2·σ(4) (INIT_LATENT_LIMIT): a 1.8% low-tier shortfall → DRI ≈ 0.018.
    expect(row.dri).toBeGreaterThan(0);
    expect(row.dri).toBeLessThan(0.03);
    expect(row.efficiency).toBeGreaterThan(0.97);
    expect(row.highPriceRatio).toBeCloseTo(1, 2);
  });

  it('rejects invalid settings with a message naming the field', async () => {
    const { ctx } = collector();
    await expect(trainPermitPpo({ firms: 0 }, 1, ctx)).rejects.toThrow(/firms/);
    await expect(trainPermitPpo({ auctionsPerUpdate: 3.5 }, 1, ctx)).rejects.toThrow(/auctionsPerUpdate/);
  });

  /**
   * Acceptance: on the default demo (4 firms, c ~ U[0.5, 1.5], e ~ U[4, 8], supply 12, first-rejected,
   * reserve 0), independent PPO firms learn demand reduction under the uniform price and not under VCG.
   * Budget: 100 updates × 512 auctions = 51,200 auctions per mechanism (each firm sees 51,200 episodes).
   * Seeds 1, 3, 4 all pass at this budget (DRI gaps 0.27, 0.30, 0.25; revenue 23.6/21.5/21.0 vs 26.9/25.9/24.9).
   * Trap: part of the price-DRI gap is VCG's DRI going negative (≈ −0.1 to −0.2: under VCG the firms' best coarse
   * two-tier bid widens the high tier, qH > e/2, which prices low-tier units above 0.25ce). The quantity-based DRI
   * (withheld share at the competitive price; 0.14 for truthful two-tier bids) tells the same story without that
   * artefact: uniform ≈ 0.35 vs VCG ≈ 0.10 for seed 3, so it is asserted too.
   */
  it('uniform price: more demand reduction and less revenue than VCG; VCG stays efficient', async () => {
    const seed = 3;
    const uniform = await trainPermitPpo({ mechanism: 'uniform', updates: 100, evalEvery: 100 }, seed, collector().ctx);
    const vcg = await trainPermitPpo({ mechanism: 'vcg', updates: 100, evalEvery: 100 }, seed, collector().ctx);
    const gap = (uniform.dri as number) - (vcg.dri as number);
    expect(gap).toBeGreaterThanOrEqual(0.15);
    expect(uniform.dri as number).toBeGreaterThan(0.05);
    expect(uniform.revenue as number).toBeLessThan(vcg.revenue as number);
    expect(vcg.efficiency as number).toBeGreaterThanOrEqual(0.97);
    expect((uniform.driQuantity as number) - (vcg.driQuantity as number)).toBeGreaterThanOrEqual(0.15);
  }, 120_000);
});

describe('trainPermitPpo defaults', () => {
  it('are the lab schema’s defaults read as a train run, at the demo supply', () => {
    expect(DEFAULT_PERMIT_PPO).toEqual(permitPpoConfigOf({ ...defaultsOf(permitAuctionSchema), supply: DEMO_SUPPLY }));
    expect(DEFAULT_PERMIT_PPO.ppo).toEqual({ lr: 3e-4, epochs: 4, minibatch: 256, clip: 0.2, entropyCoef: 0.001, valueCoef: 0.5, maxGradNorm: 0.5, initLogStd: -1, hidden: 16 });
  });

  it('train as the trainer’s own table did where a caller sets updates and evalEvery (same seed, same figures)', async () => {
    // The trainer's table before its defaults came from the schema; only `updates` (400) and `evalEvery` (10) differ.
    const before = {
      firms: 4, supply: 12, reserve: 0, mechanism: 'uniform', priceRule: 'first-rejected', tieRule: 'pro-rata',
      prior: { cMin: 0.5, cMax: 1.5, eMin: 4, eMax: 8 }, auctionsPerUpdate: 512, evalAuctions: 1024, ppo: {},
    } as const;
    const run = { updates: 2, evalEvery: 2, auctionsPerUpdate: 64, evalAuctions: 64 };
    const now = await trainPermitPpo(run, 5, collector().ctx);
    const then = await trainPermitPpo({ ...before, ...run }, 5, collector().ctx);
    expect({ ...now, auctionsPerSecond: 0 }).toEqual({ ...then, auctionsPerSecond: 0 });
  });
});

describe('trainPermitPpo divergence', () => {
  it('stops with RunDiverged when the parameters blow up', async () => {
    const { ctx, events } = collector();
    // lr = 1e300 drives Adam's step to Infinity on the first update.
    await expect(trainPermitPpo({ updates: 2, auctionsPerUpdate: 16, evalAuctions: 8, ppo: { lr: 1e300, minibatch: 16 } }, 1, ctx)).rejects.toThrow(/diverged/);
    expect(events.some((e) => e.type === 'points')).toBe(true);
  });
});
