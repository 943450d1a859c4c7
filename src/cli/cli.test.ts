/**
 * The real `npm run lab` as a child process (`node scripts/run-node.mjs src/cli/main.ts …`): exit codes,
 * stdout/stderr contracts, presets, links, backends, --out and sweeps. The first spawn bundles (allow 60 s).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRange } from '../core/config/schema';
import { learnToBidSchema } from '../core/labs/learnToBid/schema';
import { encodeExperiment, PRESET_VERSION } from '../presets/urlCodec';
import { formatDefault } from './help';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawn the CLI; `onStderr` may act on the child while it runs (e.g. send SIGINT). */
function lab(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Result> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['scripts/run-node.mjs', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, AUCTION_LAB_DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** The last non-empty stdout line as JSON. */
function lastJson(r: Result): Record<string, any> {
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, any>;
}

/** An invalid-input failure: exit 2, exactly one stderr line, no stack trace. */
function expectUsageError(r: Result): string {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout).toBe('');
  return lines[0];
}

const TINY = ['--set', 'steps=200', '--set', 'batch=256'];

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'auction-lab-cli-'));
  // bundle once (scripts/run-node.mjs rebuilds only when sources changed)
  await lab(['list']);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run lab', () => {
  it('list shows the labs and their presets', async () => {
    const r = await lab(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('learn-to-bid');
    expect(r.stdout).toContain('two-bidders');
    expect(r.stdout).toContain('n-sweep');
  });

  it('<lab> --help lists every schema key with its default and range', async () => {
    const r = await lab(['learn-to-bid', '--help']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const [key, field] of Object.entries(learnToBidSchema)) {
      const row = lines.find((l) => l.trimStart().startsWith(`${key} `));
      expect(row, `no help row for ${key}`).toBeDefined();
      expect(row).toContain(formatDefault(field));
      expect(row).toContain(describeRange(field));
    }
    expect(r.stdout).toMatch(/seed\s+1\s+an integer in \[0, 2147483647\]/);
  });

  it('a tiny run prints the result JSON as its last stdout line', async () => {
    const r = await lab(['learn-to-bid', ...TINY]);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r);
    expect(out.lab).toBe('learn-to-bid');
    expect(out.config).toMatchObject({ steps: 200, batch: 256, bidders: 2 });
    expect(out.seed).toBe(1);
    expect(out.metrics.w).toHaveLength(2);
    expect(out.metrics.target).toBe(0.5);
    expect(out.metrics.backend).toBe('ts');
    expect(typeof out.seconds).toBe('number');
    expect(Object.keys(out)).toEqual(['lab', 'config', 'seed', 'metrics', 'seconds']);
  });

  it('seed and JSON values via --set', async () => {
    const r = await lab(['learn-to-bid', ...TINY, '--set', 'seed=7', '--set', 'upper=[1,2]', '--set', 'mechanism=all-pay', '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = lastJson(r);
    expect(out.seed).toBe(7);
    expect(out.config).toMatchObject({ upper: [1, 2], mechanism: 'all-pay' });
  });

  it('the README example: --preset annealing --set bidders=3 --set upper=[1,1,1]; disagreeing bounds exit 2', async () => {
    const r = await lab(['learn-to-bid', '--preset', 'annealing', '--set', 'bidders=3', '--set', 'upper=[1,1,1]', ...TINY]);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r);
    expect(out.config).toMatchObject({ bidders: 3, upper: [1], steps: 200 });
    expect(out.metrics.w).toHaveLength(3);
    expect(out.metrics.target).toBeCloseTo(2 / 3, 12);
    const asym = lastJson(await lab(['learn-to-bid', '--set', 'bidders=3', '--set', 'upper=[1,2,3]', ...TINY, '-q']));
    expect(asym.config.upper).toEqual([1, 2, 3]);
    const line = expectUsageError(await lab(['learn-to-bid', '--set', 'bidders=3', '--set', 'upper=[1,2]']));
    expect(line).toMatch(/^error: upper: 2 bounds for 3 bidders; expected one bound for every bidder or 3, one per bidder/);
    expect(line).not.toContain('using');
  });

  it('out-of-range value: exit 2, one line naming the field and its range', async () => {
    const line = expectUsageError(await lab(['learn-to-bid', '--set', 'bidders=40']));
    expect(line).toContain('bidders');
    expect(line).toContain('[2, 10]');
  });

  it('unknown key, unknown lab, bad seed, malformed value, bad flag: exit 2', async () => {
    expect(expectUsageError(await lab(['learn-to-bid', '--set', 'nosuchkey=1']))).toContain('nosuchkey');
    expect(expectUsageError(await lab(['no-such-lab']))).toContain('no-such-lab');
    expect(expectUsageError(await lab(['learn-to-bid', '--set', 'seed=-3']))).toMatch(/seed.*\[0, 2147483647\]/);
    expect(expectUsageError(await lab(['learn-to-bid', '--set', 'upper=[1,']))).toContain('upper');
    expect(expectUsageError(await lab(['learn-to-bid', '--set', 'steps=many']))).toMatch(/steps.*\[10, 200000\]/);
    expect(expectUsageError(await lab(['learn-to-bid', '--frobnicate']))).toContain('--frobnicate');
    expect(expectUsageError(await lab(['learn-to-bid', '--backend', 'webgl']))).toMatch(/not available in Node/);
    expect(expectUsageError(await lab(['optimal-auction', '--backend', 'ts']))).toContain('--backend ts');
  });

  it('permit-auction mode=clear: hand-computed demo figures; truthful when bids are omitted; bad bids exit 2', async () => {
    const firms = '[{"c":1,"e":24},{"c":1.2,"e":8},{"c":1.2,"e":8},{"c":1.2,"e":8}]';
    const withheld = '[[18,12,6,0],[7.2,4,2.4,4],[7.2,4,2.4,4],[7.2,4,2.4,4]]';
    const r = await lab(['permit-auction', '--set', 'mode=clear', '--set', `firms=${firms}`, '--set', `bids=${withheld}`, '--set', 'supply=30', '--set', 'mechanism=uniform', '--set', 'priceRule=first-rejected', '--set', 'reserve=0']);
    expect(r.code).toBe(0);
    const m = lastJson(r).metrics;
    for (const key of ['allocation', 'payments', 'profits', 'price', 'revenue', 'efficiency', 'dri', 'driByFirm']) expect(m).toHaveProperty(key);
    expect(m.price).toBeCloseTo(2.4, 9);
    expect(m.allocation).toEqual([12, 6, 6, 6]);
    expect(m.profits[0]).toBeCloseTo(187.2, 9);
    // Omitting bids: truthful two-tier bids (price 6, the big firm wins 18).
    const t = lastJson(await lab(['permit-auction', '--set', `firms=${firms}`, '--set', 'supply=30']));
    expect(t.metrics.price).toBeCloseTo(6, 9);
    expect(t.metrics.allocation[0]).toBeCloseTo(18, 9);
    // Step-list bids with any number of steps, under VCG.
    const v = await lab(['permit-auction', '--set', 'firms=[[1,10],[2,10]]', '--set', 'supply=12', '--set', 'bids=[[[9,3],[7,3],[5,4]],[[15,5],[5,5]]]', '--set', 'mechanism=vcg']);
    expect(v.code).toBe(0);
    expect(lastJson(v).metrics.allocation.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(12, 9);
    // pL > pH: exit 2, one line naming the firm.
    const bad = await lab(['permit-auction', '--set', `firms=${firms}`, '--set', 'bids=[[1,2,3,4],[7.2,4,2.4,4],[7.2,4,2.4,4],[7.2,4,2.4,4]]']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bids: firm 1/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('--preset NAME', async () => {
    const r = await lab(['learn-to-bid', '--preset', 'two-bidders', '--set', 'steps=100', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r);
    expect(out.config.bidders).toBe(2);
    expect(out.config.steps).toBe(100);
    expectUsageError(await lab(['learn-to-bid', '--preset', 'nosuch']));
  });

  it('--preset URL (a shared link), strict about its problems', async () => {
    const hash = encodeExperiment({ lab: 'learn-to-bid', seed: 9, config: { bidders: 3, upper: [1, 1, 1], steps: 100, batch: 256 } });
    expect(hash.startsWith(`v=${PRESET_VERSION}&lab=learn-to-bid&seed=9&`)).toBe(true);
    const r = await lab(['learn-to-bid', '--preset', `https://example.org/lab/#${hash}`, '-q']);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r);
    // three equal bounds are stored as one bound for every bidder (N lives in bidders only)
    expect(out.config).toMatchObject({ bidders: 3, upper: [1], steps: 100 });
    expect(out.seed).toBe(9);
    expect(out.metrics.w).toHaveLength(3);
    // a hand-written link that leaves upper out: the default bound for every bidder, nothing to note
    const short = await lab(['learn-to-bid', '--preset', '#v=1&lab=learn-to-bid&bidders=3&steps=100']);
    expect(short.code, short.stderr).toBe(0);
    expect(short.stderr).not.toMatch(/upper/);
    expect(lastJson(short).config.upper).toEqual([1]);
    expect(lastJson(short).metrics.w).toHaveLength(3);
    // a link whose bounds disagree with bidders is refused, naming upper
    expect(expectUsageError(await lab(['learn-to-bid', '--preset', '#v=1&lab=learn-to-bid&bidders=3&upper=1,2']))).toMatch(/^error: --preset link: upper: 2 bounds for 3 bidders/);
    // the URL clamps, the CLI refuses
    expect(expectUsageError(await lab(['learn-to-bid', '--preset', '#v=1&lab=learn-to-bid&bidders=30']))).toMatch(/bidders.*\[2, 10\]/);
  });

  it('the neural policy runs on tfjs wasm, on the SIMD kernels (auto) and in plain TypeScript', async () => {
    for (const [backend, ran] of [['wasm', 'wasm'], ['auto', 'simd'], ['ts', 'ts']] as const) {
      const r = await lab(['learn-to-bid', '--backend', backend, '--set', 'policy=mlp', '--set', 'steps=20', '--set', 'batch=64']);
      expect(r.code, r.stderr).toBe(0);
      const out = lastJson(r);
      expect(out.metrics.backend).toBe(ran);
      expect(out.metrics.w).toBeNull();
    }
  });

  it('--out writes every run event as JSON lines, ending with the final one', async () => {
    const file = join(dir, 'run.jsonl');
    const r = await lab(['learn-to-bid', ...TINY, '--out', file, '-q']);
    expect(r.code, r.stderr).toBe(0);
    const events = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; metrics?: unknown });
    const types = new Set(events.map((e) => e.type));
    for (const t of ['progress', 'points', 'snapshot', 'final']) expect(types).toContain(t);
    expect(events[events.length - 1].type).toBe('final');
    expect(events[events.length - 1].metrics).toEqual(lastJson(r).metrics);
    expectUsageError(await lab(['learn-to-bid', ...TINY, '--out', join(dir, 'no/such/dir/x.jsonl')]));
  });

  it('an N sweep runs N = 2 … bidders and reports one entry per N', async () => {
    const file = join(dir, 'sweep.jsonl');
    const r = await lab(['learn-to-bid', '--set', 'sweep=bidders', '--set', 'bidders=3', '--set', 'steps=100', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    const m = lastJson(r).metrics;
    expect(m.sweep).toHaveLength(2);
    expect(m.sweep.map((e: { bidders: number }) => e.bidders)).toEqual([2, 3]);
    expect(m.sweep[1].w).toHaveLength(3);
    expect(m.sweep[1].target).toBeCloseTo(2 / 3, 10);
    expect(typeof m.maxAbsError).toBe('number');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[lines.length - 1]).toEqual({ type: 'final', metrics: m });
    // Each run's lines carry its position and the lab's own part label (no learn-to-bid key on other labs' lines).
    expect(lines.filter((l) => l.type === 'final' && l.run !== undefined).map((l) => [l.run, l.part])).toEqual([[0, 'N=2 (1/2)'], [1, 'N=3 (2/2)']]);
    expect(lines.some((l) => 'bidders' in l)).toBe(false);
  });

  it('SIGINT cancels the run and exits 130', async () => {
    const r = await lab(['learn-to-bid', '--set', 'steps=200000', '--set', 'batch=4096'], (text, child) => {
      if (text.includes('backend:') && child.exitCode === null && !child.killed) setTimeout(() => child.kill('SIGINT'), 200);
    });
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('cancelled');
  });
});
