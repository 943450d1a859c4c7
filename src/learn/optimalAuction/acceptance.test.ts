import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../core/config/schema';
import type { WarmStartCache } from '../../core/labs/optimalAuction/run';
import { optimalAuctionSchema, type OptimalAuctionConfig } from '../../core/labs/optimalAuction/schema';
import type { FinalMetrics, RunEvent } from '../../core/labs/types';
import { runOptimalAuctionOn } from '../labs/optimalAuctionRunner';

const require = createRequire(import.meta.url);
const wasmPaths = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';

const config = (over: Partial<OptimalAuctionConfig> = {}): OptimalAuctionConfig => ({ ...defaultsOf(optimalAuctionSchema), ...over });

function memoryCache(): WarmStartCache & { keys: () => string[] } {
  const m = new Map<string, Float32Array[]>();
  return { get: async (k) => m.get(k) ?? null, put: async (k, w) => void m.set(k, w), keys: () => [...m.keys()] };
}

async function run(c: OptimalAuctionConfig, seed: number, cache: WarmStartCache | null = null) {
  const events: RunEvent[] = [];
  const metrics = await runOptimalAuctionOn(c, seed, 'wasm', { emit: (e) => events.push(e), checkpoint: async () => {} }, { wasmPaths, cache });
  return { metrics, events };
}

const num = (m: FinalMetrics, k: string) => m[k] as number;

describe('optimal-auction acceptance (wasm, fixed seed)', () => {
  /**
   * 2 bidders, U[0, 1]: Myerson's auction (second price, reserve 1/2) earns 5/12; Vickrey 1/3. The learned
   * auction (phase 1 toward Myerson, 100 phase-2 steps; ~15 s here) must earn within 0.02 of Myerson on the
   * same evaluation draws and of the closed form, with evaluated regret < 0.005 (33 restarts + 30 ascent
   * steps per bidder and profile), more than Vickrey, and no IR violation.
   */
  it('2 uniform bidders: revenue within 0.02 of Myerson, regret < 0.005, above Vickrey, IR holds', async () => {
    const { metrics: m, events } = await run(config({ bidders: 2, prior: 'uniform', imitationSteps: 1000, steps: 100 }), 1);
    expect(num(m, 'myersonClosedForm')).toBeCloseTo(5 / 12, 12);
    expect(Math.abs(num(m, 'revenue') - num(m, 'myersonRevenue'))).toBeLessThan(0.02);
    expect(Math.abs(num(m, 'revenue') - 5 / 12)).toBeLessThan(0.02);
    expect(num(m, 'regret')).toBeLessThan(0.005);
    expect(num(m, 'regretMax')).toBeLessThan(0.005);
    expect(num(m, 'revenue')).toBeGreaterThan(num(m, 'vickreyRevenue'));
    expect(num(m, 'revenue')).toBeGreaterThan(1 / 3);
    expect(m.irViolations).toBe(0);
    expect(num(m, 'monotonicityViolations')).toBeLessThan(0.01 * num(m, 'monotonicityPairs'));
    expect(m.backend).toBe('wasm');
    // Curves: both phases recorded, interim evaluations, a heatmap for N = 2.
    const series = new Set(events.flatMap((e) => (e.type === 'points' ? [e.series] : [])));
    expect([...series].sort()).toEqual(['eval', 'imitation', 'train']);
    const heat = events.find((e) => e.type === 'snapshot' && e.name === 'heatmap');
    expect(heat).toBeDefined();
  }, 90_000);

  /**
   * The same target without any warm start: a random network trained by phase 2 alone (revenue − λ·regret −
   * ρ/2·regret², lr 0.002, 900 steps of 256 profiles; ~30 s here) finds the reserve price and Myerson's
   * revenue. Seed 1 was at 0.404 after 750 steps and 0.417 after 1500 (Myerson on these draws: 0.416).
   */
  it('from scratch (no warm start): revenue within 0.02 of Myerson, regret < 0.005, reserve price learned', async () => {
    const { metrics: m } = await run(config({ bidders: 2, prior: 'uniform', warmStart: 'none', steps: 900, lr: 0.002, evalMisreportRestarts: 17, evalMisreportSteps: 20 }), 1);
    expect(m.warmStart).toBe('none');
    expect(Math.abs(num(m, 'revenue') - num(m, 'myersonRevenue'))).toBeLessThan(0.02);
    expect(num(m, 'regret')).toBeLessThan(0.005);
    expect(num(m, 'revenue')).toBeGreaterThan(num(m, 'vickreyRevenue') + 0.04);
    // Myerson sells only when some value clears 1/2: P(no sale) = 1/4.
    expect(Math.abs(num(m, 'noSale') - 0.25)).toBeLessThan(0.06);
    expect(m.irViolations).toBe(0);
  }, 120_000);

  it('a cached warm start skips phase 1 and reproduces the same run exactly', async () => {
    const cache = memoryCache();
    const c = config({ layers: [8], imitationSteps: 40, steps: 12, batch: 64, evalDraws: 128, evalMisreportRestarts: 5, evalMisreportSteps: 3, dualEvery: 5 });
    const first = await run(c, 5, cache);
    expect(cache.keys()).toHaveLength(1);
    expect(first.metrics.warmStart).toBe('myerson');
    const second = await run(c, 5, cache);
    expect(second.metrics.warmStart).toBe('myerson (cached)');
    expect(second.events.some((e) => e.type === 'points' && e.series === 'imitation')).toBe(false);
    for (const k of ['revenue', 'regret', 'efficiency', 'lambda']) expect(second.metrics[k], k).toEqual(first.metrics[k]);
  }, 60_000);
});
