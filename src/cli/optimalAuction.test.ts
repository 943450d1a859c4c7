/**
 * The optimal-auction CLI contract: fixed keys prior, bidders, steps, seed, study; final metrics
 * names; invalid input → exit 2 naming the field. Spawns the real `npm run lab` with tiny budgets.
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function lab(args: string[]) {
  const r = spawnSync(process.execPath, ['scripts/run-node.mjs', 'src/cli/main.ts', 'optimal-auction', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, AUCTION_LAB_DEBUG: '' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const last = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as { config: Record<string, unknown>; seed: number; metrics: Record<string, unknown> };

const TINY = ['layers=8', 'imitationSteps=40', 'steps=6', 'batch=64', 'evalDraws=128', 'evalMisreportRestarts=5', 'evalMisreportSteps=2', 'misreportRestarts=3'].flatMap((s) => ['--set', s]);

describe('npm run lab -- optimal-auction', () => {
  it('prior/bidders/steps/seed → the documented final metrics', () => {
    const r = lab(['--set', 'prior=uniform', '--set', 'bidders=2', '--set', 'seed=3', ...TINY, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const out = last(r.stdout);
    expect(out.seed).toBe(3);
    expect(out.config).toMatchObject({ prior: 'uniform', bidders: 2, steps: 6 });
    for (const k of ['revenue', 'regret', 'efficiency', 'irViolations', 'monotonicityViolations', 'vickreyRevenue', 'myersonRevenue']) expect(out.metrics, k).toHaveProperty(k);
    expect(out.metrics.irViolations).toBe(0);
    expect(out.metrics.myersonClosedForm).toBeCloseTo(5 / 12, 9);
  }, 120_000);

  it('latent values: no Myerson baseline (null), Vickrey measured', () => {
    const r = lab(['--set', 'prior=latent', ...TINY, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const m = last(r.stdout).metrics;
    expect(m.myersonRevenue).toBeNull();
    expect(typeof m.vickreyRevenue).toBe('number');
  }, 120_000);

  it('study=TRIALS runs a study headless and prints the best trial', () => {
    const r = lab(['--set', 'study=2', '--set', 'studyStartup=1', ...TINY, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const m = last(r.stdout).metrics;
    expect(m.trials).toBe(2);
    const best = m.best as Record<string, number>;
    for (const k of ['number', 'lambdaInit', 'rho', 'dualEvery', 'lr', 'revenue', 'regret', 'objective']) expect(best, k).toHaveProperty(k);
    expect(best.objective).toBeCloseTo(best.revenue - 5 * best.regret, 9);
  }, 120_000);

  it('invalid input: exit 2 and one line naming the field', () => {
    for (const [arg, field] of [['prior=gauss', 'prior'], ['bidders=9', 'bidders'], ['steps=-1', 'steps'], ['study=x', 'study'], ['layers=5.5', 'layers'], ['layers=[64,5.5]', 'layers'], ['steps=10.5', 'steps']] as const) {
      const r = lab(['--set', arg]);
      expect(r.code, arg).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${field}:`);
    }
  }, 120_000);
});
