/**
 * The CLI's estimate step: before a run it prints `estimate: …` on stderr; a run that needs more memory than a
 * worker has exits 2 with one line naming the fields that drive it, before any work starts.
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function lab(args: string[]) {
  const r = spawnSync(process.execPath, ['scripts/run-node.mjs', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, AUCTION_LAB_DEBUG: '' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run lab: the estimate before a run', () => {
  it('prints the estimate line on stderr and runs', () => {
    const r = lab(['permit-auction']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^estimate: (about \d[^,]*|under 1 s), [\d.,]+ [kMGT]?B$/m);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toHaveProperty('metrics');
  }, 120_000);

  it('refuses a config that needs more memory than a worker has: exit 2, one line naming its drivers, no output', () => {
    const sets = ['bidders=8', 'evalDraws=65536', 'evalMisreportRestarts=256', 'evalMisreportSteps=500', 'layers=[256,256,256,256]'];
    const r = lab(['optimal-auction', ...sets.flatMap((s) => ['--set', s])]);
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: optimal-auction: needs about .+, more than a worker's 1\.5 GB: lower /);
    for (const field of ['evalDraws', 'evalMisreportRestarts', 'layers']) expect(lines[0]).toContain(field);
    expect(r.stdout).toBe('');
  }, 120_000);
});
