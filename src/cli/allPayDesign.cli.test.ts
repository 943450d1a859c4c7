/**
 * The all-pay design lab through the real `npm run lab` (child process): the lab's fixed keys (reading,
 * bidders, designs, rounds, learner, seed; mode=simulate with w), the final metrics bestW, bestRevenue, samples,
 * fit, and exit code 2 with the field named on bad input (mode=fit: samples the simulation cannot produce).
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sampleDesigns } from '../core/labs/allPayDesign/designs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function lab(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['scripts/run-node.mjs', 'src/cli/main.ts', 'all-pay-design', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const last = (s: string) => JSON.parse(s.trim().split('\n').at(-1)!) as { config: Record<string, unknown>; seed: number; metrics: Record<string, unknown> };
const set = (kv: Record<string, string | number>) => Object.entries(kv).flatMap(([k, v]) => ['--set', `${k}=${v}`]);

describe('npm run lab -- all-pay-design', () => {
  it('design loop: bestW, bestRevenue, samples [{w, revenue, sd}] on the seeded designs, fit on a grid', async () => {
    const r = await lab([...set({ reading: 'prize-split', bidders: 3, designs: 4, rounds: 2, learner: 'fictitious-play', seed: 5, iterations: 400 }), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const { metrics: m, seed, config } = last(r.stdout);
    expect(seed).toBe(5);
    expect(config).toMatchObject({ mode: 'design', reading: 'prize-split', designs: 4, rounds: 2 });
    const samples = m.samples as { w: number; revenue: number; sd: number }[];
    expect(samples.map((s) => s.w)).toEqual(sampleDesigns(4, 5));
    for (const s of samples) {
      expect(Math.abs(s.revenue - s.w / 2)).toBeLessThan(0.02);
      expect(s.sd).toBeGreaterThanOrEqual(0);
    }
    const fit = m.fit as { w: number; revenue: number }[];
    expect(fit[0].w).toBe(0.5);
    expect(fit.at(-1)!.w).toBe(1);
    expect(m.bestW as number).toBeGreaterThan(0.97);
    expect(Math.abs((m.bestRevenue as number) - 0.5)).toBeLessThan(0.02);
  }, 120_000);

  it('mode=simulate w=0.8 prints revenue (theory w/2 = 0.4) and the learned bid function', async () => {
    const r = await lab([...set({ mode: 'simulate', w: 0.8, rounds: 2 }), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const m = last(r.stdout).metrics;
    expect(Math.abs((m.revenue as number) - 0.4)).toBeLessThan(0.02);
    expect(m.equilibriumRevenue).toBeCloseTo(0.4, 12);
    const bf = m.bidFunction as { values: number[]; bids: number[] };
    expect(bf.values).toHaveLength(21);
    expect(bf.bids).toHaveLength(21);
    expect(m.revenues).toHaveLength(2);
  }, 60_000);

  it('bad input exits 2 and names the field', async () => {
    for (const [kv, field] of [[{ bidders: 6 }, 'bidders'], [{ learner: 'dqn' }, 'learner'], [{ w: 0.3, mode: 'simulate' }, 'w'], [{ reading: 'both' }, 'reading']] as const) {
      const r = await lab(set(kv));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${field}:`);
    }
  }, 60_000);
});

describe('npm run lab -- all-pay-design --set mode=fit', () => {
  const fit = (samples: unknown) => lab(['--set', 'mode=fit', '--set', `samples=${JSON.stringify(samples)}`, '--quiet']);

  it('revenue 1e308 (or −1e308, or sd 1e308) exits 2 naming samples, and prints no result', async () => {
    for (const samples of [
      [{ w: 0.6, revenue: 1e308 }, { w: 0.9, revenue: 0.4 }],
      [{ w: 0.6, revenue: 0.3 }, { w: 0.9, revenue: -1e308 }],
      [{ w: 0.6, revenue: 0.3, sd: 1e308 }],
    ]) {
      const r = await fit(samples);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/samples: sample \d: (revenue|sd) must be a number in \[0, /);
      expect(r.stdout).not.toMatch(/bestW/);
    }
  }, 60_000);

  it('a valid fit reports a finite w* in [1/2, 1]', async () => {
    const r = await fit([0.5, 0.75, 1].map((w) => ({ w, revenue: w / 2, sd: 0.01 })));
    expect(r.code, r.stderr).toBe(0);
    const m = last(r.stdout).metrics;
    expect(typeof m.bestW).toBe('number');
    expect(m.bestW as number).toBeGreaterThanOrEqual(0.5);
    expect(m.bestW as number).toBeLessThanOrEqual(1);
    expect(Number.isFinite(m.bestRevenue)).toBe(true);
  }, 60_000);
});
