import { describe, expect, it } from 'vitest';
import { trainPermitPpo } from '../../core/labs/permitAuction/train';
import type { BackendChoice } from '../backend';
import { createTfPpoAgents } from './tfPpoAgents';

/**
 * `trainPermitPpo` with the agents of `createTfPpoAgents`: on a tfjs backend a short run completes with finite
 * metrics, and since the tfjs path computes the plain path's update in float32, its evaluation stays next to the
 * plain run's on the same seed; `simd` and `auto` are the default path itself and `ts` its float64 twin; a forced backend that cannot start fails.
 */
describe('trainPermitPpo with tfjs PPO agents (cpu backend)', () => {
  const config = { firms: 3, supply: 9, auctionsPerUpdate: 64, updates: 4, evalEvery: 2, evalAuctions: 64, ppo: { hidden: 8, minibatch: 32, epochs: 2 } };
  const ctx = () => ({ emit: () => {}, checkpoint: async () => {}, backend: 'cpu' as const });

  it('completes a tiny run with finite metrics close to the plain-TypeScript run on the same seed', async () => {
    let choice: BackendChoice | null = null;
    const tfRun = await trainPermitPpo({ ...config }, 3, ctx(), createTfPpoAgents('cpu', { onBackend: (c) => (choice = c) }));
    const plainRun = await trainPermitPpo({ ...config }, 3, ctx());
    expect(choice).toEqual({ name: 'cpu', reason: 'forced' });
    for (const k of ['efficiency', 'dri', 'revenue', 'clearingPrice', 'meanProfit', 'auctionsPerSecond'] as const) {
      expect(Number.isFinite(tfRun[k] as number), k).toBe(true);
    }
    expect(tfRun.auctions).toBe(256);
    for (const k of ['efficiency', 'dri', 'revenue', 'clearingPrice', 'meanProfit'] as const) {
      expect(Math.abs((tfRun[k] as number) - (plainRun[k] as number)), k).toBeLessThan(1e-3 * Math.max(1, Math.abs(plainRun[k] as number)));
    }
    const ls = tfRun.logStd as number[];
    expect(ls).toHaveLength(12);
    expect(ls.every((l, j) => Math.abs(l - (plainRun.logStd as number[])[j]) < 1e-5)).toBe(true);
  });

  it('simd and auto (SIMD kernels here) give the same run bit for bit as the default factory; ts agrees to float32 rounding', async () => {
    const plainRun = await trainPermitPpo({ ...config, updates: 2 }, 5, ctx());
    for (const [backend, name] of [['simd', 'simd'], ['auto', 'simd']] as const) {
      let choice: BackendChoice | null = null;
      const run = await trainPermitPpo({ ...config, updates: 2 }, 5, ctx(), createTfPpoAgents(backend, { onBackend: (c) => (choice = c) }));
      expect(choice!.name).toBe(name);
      expect(run.logStd).toEqual(plainRun.logStd);
      expect(run.dri).toBe(plainRun.dri);
      expect(run.efficiency).toBe(plainRun.efficiency);
    }
    let choice: BackendChoice | null = null;
    const tsRun = await trainPermitPpo({ ...config, updates: 2 }, 5, ctx(), createTfPpoAgents('ts', { onBackend: (c) => (choice = c) }));
    expect(choice!.name).toBe('ts');
    const ls = tsRun.logStd as number[];
    expect(ls.every((l, j) => Math.abs(l - (plainRun.logStd as number[])[j]) < 1e-5)).toBe(true);
    for (const k of ['efficiency', 'dri', 'revenue'] as const) {
      expect(Math.abs((tsRun[k] as number) - (plainRun[k] as number)), k).toBeLessThan(1e-4 * Math.max(1, Math.abs(plainRun[k] as number)));
    }
  });

  it('a forced backend that cannot start here is an error, not a silent substitute', async () => {
    await expect(trainPermitPpo({ ...config, updates: 1 }, 1, ctx(), createTfPpoAgents('webgl'))).rejects.toThrow(/not available/);
  });
});
