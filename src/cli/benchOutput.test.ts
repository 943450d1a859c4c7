/**
 * `npm run bench` output contract, not its timings (benches are never timed tests): `--quick --only
 * learn-to-bid` prints only JSON lines on stdout, each with a bench name and its required keys.
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function bench(args: string[]) {
  const r = spawnSync(process.execPath, ['scripts/run-node.mjs', 'src/cli/bench.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run bench', () => {
  it('--quick --only learn-to-bid prints JSON lines with the required keys', () => {
    const r = bench(['--quick', '--only', 'learn-to-bid']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const objects = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const o of objects) expect(typeof o.bench).toBe('string');

    const speed = objects.filter((o) => o.bench === 'learn-to-bid');
    expect(speed.length).toBeGreaterThanOrEqual(2);
    for (const o of speed) {
      expect(o).toMatchObject({ bidders: expect.any(Number), batch: expect.any(Number), steps: expect.any(Number) });
      expect(['linear', 'mlp']).toContain(o.policy);
      expect(['ts', 'simd', 'cpu', 'wasm']).toContain(o.backend);
      expect(o.stepsPerSecond as number).toBeGreaterThan(0);
    }
    expect(new Set(speed.map((o) => o.backend))).toEqual(new Set(['ts', 'simd', 'wasm']));
    expect(speed.some((o) => o.policy === 'mlp')).toBe(true);

    const converge = objects.filter((o) => o.bench === 'learn-to-bid-converge');
    expect(converge.length).toBeGreaterThanOrEqual(1);
    for (const o of converge) {
      expect(o).toMatchObject({ bidders: expect.any(Number), mechanism: 'first-price', schedule: 'exponential' });
      expect('secondsToConverge' in o && 'convergedAtStep' in o).toBe(true);
    }
    // --only filters by name prefix: no bundle lines
    expect(objects.some((o) => String(o.bench).startsWith('bundle'))).toBe(false);
  }, 120_000);

  it('refuses unknown options with exit 2', () => {
    const r = bench(['--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
