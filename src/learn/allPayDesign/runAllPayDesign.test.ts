import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../core/config/schema';
import { allPayDesignSchema, type AllPayDesignConfig } from '../../core/labs/allPayDesign/schema';
import type { RunEvent } from '../../core/labs/types';
import { runAllPayDesign } from './runAllPayDesign';
import { runSimulateDesign } from '../../core/labs/allPayDesign/simulateRun';
import { FLAT_VERDICT } from '../../core/labs/allPayDesign/flatness';

const defaults: AllPayDesignConfig = defaultsOf(allPayDesignSchema);

function ctx() {
  const events: RunEvent[] = [];
  return { events, ctx: { emit: (e: RunEvent) => events.push(e), checkpoint: async () => {} } };
}

describe('the whole design loop (sample → simulate → fit → ascend), in one process', () => {
  it('prize split, n = 3: samples on w/2, fitted curve within 0.02 of the theory, ascent to w* = 1', async () => {
    const c = ctx();
    const cfg = { ...defaults, designs: 5, rounds: 2, iterations: 400 };
    const m = (await runAllPayDesign(cfg, 1, 'cpu', c.ctx)) as Record<string, unknown>;
    const samples = m.samples as { w: number; revenue: number; sd: number }[];
    expect(samples).toHaveLength(5);
    for (const s of samples) expect(Math.abs(s.revenue - s.w / 2)).toBeLessThan(0.02);
    const fit = m.fit as { w: number; revenue: number }[];
    expect(fit).toHaveLength(51);
    for (const p of fit) expect(Math.abs(p.revenue - p.w / 2)).toBeLessThan(0.02);
    expect(m.bestW as number).toBeGreaterThan(0.97);
    expect(m.verdict).toMatch(/^best design w\* = /);
    expect(Math.abs((m.bestRevenue as number) - 0.5)).toBeLessThan(0.02);
    expect(m.theoryBestW).toBe(1);
    expect((m.ascentPath as unknown[]).length).toBeGreaterThan(1);
    expect(m.backend).toBe('cpu');
    const streamed = c.events.flatMap((e) => (e.type === 'points' && e.series === 'samples' ? e.rows : []));
    expect(streamed.map((r) => r.w)).toEqual(samples.map((s) => s.w));
  }, 30_000);

  it('mode fit on given samples; a forced "ts" backend runs the network on cpu', async () => {
    const reported: string[] = [];
    const samples = [0.5, 0.75, 1].map((w) => ({ w, revenue: 0.5, sd: 0 }));
    const m = (await runAllPayDesign({ ...defaults, mode: 'fit', reading: 'payment-split', samples }, 1, 'ts', ctx().ctx, { onBackend: (b) => reported.push(b.name) })) as Record<string, unknown>;
    expect(reported).toEqual(['cpu']);
    expect(Math.abs((m.bestRevenue as number) - 0.5)).toBeLessThan(0.003);
    expect(m.theoryBestW).toBeNull();
    expect((m.theoryRevenue as number[]).every((r) => Math.abs(r - 0.5) < 1e-12)).toBe(true);
    await expect(runAllPayDesign({ ...defaults, mode: 'fit', samples: [] }, 1, 'cpu', ctx().ctx)).rejects.toThrow(/samples/);
  });
});

describe('fictitious play runs to its exploitability tolerance, the iteration count a cap (defaults: 0.002, cap 5000)', () => {
  /**
   * n = 4, prize split, w = 1/2 (the slowest case measured): FP stops at ≈ 2800 iterations with revenue 0.404 against
   * 0.4 (+1.0%); the old fixed 800 iterations ended at exploitability 0.0065 and revenue 0.413 (+3.4%).
   */
  it('n = 4, w = 1/2: every round stops below the tolerance, well before the cap, within about 1% of the theory', async () => {
    const m = await runSimulateDesign({ ...defaults, mode: 'simulate', bidders: 4, w: 0.5, rounds: 2 }, 1, { ...ctx().ctx, backend: 'ts' });
    expect(m.tolerance).toBe(0.002);
    expect(m.convergedRounds).toBe(2);
    expect(m.maxExploitability as number).toBeLessThanOrEqual(0.002);
    expect(m.meanIterations as number).toBeGreaterThan(1500);
    expect(m.meanIterations as number).toBeLessThan(defaults.iterations);
    expect(Math.abs((m.revenue as number) / 0.4 - 1)).toBeLessThan(0.0125);
  }, 60_000);

  it('payment split (flat R(w)): the fit says "flat within noise: every w is optimal" and names no best w', async () => {
    const m = (await runAllPayDesign({ ...defaults, reading: 'payment-split', designs: 4, rounds: 2 }, 1, 'cpu', ctx().ctx)) as Record<string, unknown>;
    expect(m.verdict).toBe(FLAT_VERDICT);
    expect(m.bestW).toBeNull();
    expect(m.sampleSpread as number).toBeLessThanOrEqual(m.noiseAllowance as number);
    expect(Math.abs((m.bestRevenue as number) - 0.5)).toBeLessThan(0.01);
  }, 90_000);
});
