import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../core/config/schema';
import { ABOVE_OPTIMUM_TOLERANCE, type WarmStartCache } from '../../core/labs/optimalAuction/run';
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
const fmtRange = ([lo, hi]: [number, number]) => `in (${(100 * lo).toFixed(1)} %, ${(100 * hi).toFixed(1)} %)`;

/**
 * What the defaults reach on seed 1 (measured with `npm run lab -- optimal-auction --set prior=… --set bidders=…`):
 * uniform N = 2 +3.2 % above Myerson (bought with regret 1.0 × 10⁻³ × the mean value), uniform N = 5 −4.6 %
 * (7.3 × 10⁻⁴), exp N = 2 −2.1 % (1.2 × 10⁻³), hetero N = 2 +2.3 % (1.0 × 10⁻³), latent N = 2 −1.5 % against
 * Vickrey (no optimum is known for correlated values; 3.5 × 10⁻⁴). The bands are these figures ± about 1 %: the
 * defaults do not yet reach the optimum within 1 % at regret below 10⁻³ × the mean value on every prior (uniform
 * N = 3 does: −0.6 % at 8.1 × 10⁻⁴).
 */
const GAP_TABLE: { name: string; over: Partial<OptimalAuctionConfig>; gap: [number, number]; relRegret: number }[] = [
  { name: 'uniform N = 2', over: { prior: 'uniform', bidders: 2 }, gap: [0.02, 0.045], relRegret: 0.0012 },
  { name: 'uniform N = 5', over: { prior: 'uniform', bidders: 5 }, gap: [-0.06, -0.03], relRegret: 0.0009 },
  { name: 'exp N = 2', over: { prior: 'exp', bidders: 2 }, gap: [-0.035, -0.01], relRegret: 0.0014 },
  { name: 'hetero U[0, 1], U[0, 1.5]', over: { prior: 'hetero', bidders: 2 }, gap: [0.01, 0.035], relRegret: 0.0012 },
  { name: 'latent ρ = 0.5 (against Vickrey)', over: { prior: 'latent', bidders: 2 }, gap: [-0.03, 0], relRegret: 0.0006 },
];

describe('optimal-auction acceptance (wasm, fixed seed)', () => {
  /**
   * The settings a user starts from (schema defaults, seed 1) on a representative subset of the priors: every
   * prior once at N = 2, and N = 5 for uniform values (the full prior × N = 2…5 grid is measured with the CLI).
   * Each case states what the defaults reach on this seed: the revenue relative to the reference (Myerson's closed
   * form for independent values, Vickrey on the draws for correlated ones), the evaluated regret relative to the
   * mean value, and that a revenue above Myerson is reported as bought with regret.
   */
  for (const k of GAP_TABLE) {
    it(`defaults, ${k.name}: revenue ${fmtRange(k.gap)} of the reference, regret < ${k.relRegret} × the mean value`, async () => {
      const c = config(k.over);
      const { metrics: m, events } = await run(c, 1);
      const gap = num(m, 'revenueVsReference');
      expect(gap).toBeGreaterThan(k.gap[0]);
      expect(gap).toBeLessThan(k.gap[1]);
      expect(num(m, 'relativeRegret')).toBeLessThan(k.relRegret);
      expect(m.irViolations).toBe(0);
      if (c.prior === 'latent') expect(m.reference).toBe('Vickrey (evaluation draws)');
      else {
        expect(m.reference).toBe('Myerson (closed form)');
        expect(m.warmStart).toBe('myerson');
        // Above Myerson with independent values can only be bought with regret, and the run says so.
        expect(m.aboveOptimum !== null).toBe(num(m, 'revenue') > num(m, 'myersonClosedForm') * (1 + ABOVE_OPTIMUM_TOLERANCE));
      }
      // The training's regret target is drawn on the chart: it travels in the theory snapshot and in every train row.
      const theory = events.find((e) => e.type === 'snapshot' && e.name === 'theory');
      expect(theory?.type === 'snapshot' ? (theory.data as { regretTarget: number }).regretTarget : null).toBeCloseTo(num(m, 'regretTarget'), 12);
    }, 400_000);
  }

  /**
   * The same target without any warm start: a random network trained by phase 2 alone (revenue − λ·regret −
   * ρ/2·regret², lr 0.002, 900 steps of 256 profiles; ~30 s here) finds the reserve price and Myerson's
   * revenue. Seed 1 was at 0.404 after 750 steps and 0.417 after 1500 (Myerson on these draws: 0.416).
   */
  it('from scratch (no warm start): revenue within 0.02 of Myerson, regret < 0.005, reserve price learned', async () => {
    // The augmented Lagrangian with its hand-set λ and ρ (the fixed penalty, λ updated every 25 steps).
    const { metrics: m } = await run(config({ bidders: 2, prior: 'uniform', warmStart: 'none', penalty: 'fixed', dualEvery: 25, steps: 900, lr: 0.002, evalMisreportRestarts: 17, evalMisreportSteps: 20 }), 1);
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
