/**
 * Entry of `npm run bench` (bundled by scripts/run-node.mjs). Prints ONLY JSON lines on stdout, one object per
 * measurement, each with a `bench` name, its parameters and its figures; progress and notes go to stderr.
 *
 *   learn-to-bid           training speed of the real run loop (`runLearnToBidOn`, no-op context):
 *                          N ∈ {2, 5, 10} × batch ∈ {1024, 16384} × backend ∈ {ts, wasm, cpu}, linear policy;
 *                          plus the neural policy on wasm for N ∈ {2, 5}, batch 1024. Figure: the loop's own
 *                          `stepsPerSecond` (training step time only; recording and evaluation excluded).
 *   learn-to-bid-converge  wall time until every |w_i − (N − 1)/N| < 0.02 holds for 50 steps, N ∈ {2, 5},
 *                          first price, the "annealing" schedule (β 10 → 500 exponential, lr 0.01 → 0.001,
 *                          3000 steps), plain TypeScript.
 *   permit-clearing        multi-unit permit auctions cleared per second, single core (one Node thread), for every
 *                          multi-unit mechanism (uniform price with both price rules, discriminatory, VCG) ×
 *                          firms N ∈ {4, 12} × batch K ∈ {1e3, 1e5}, T = 2 (random valid two-tier schedules, seeded),
 *                          the outcome buffers reused across repetitions, ~1 s measured after a ~0.3 s warm-up.
 *                          `heapBytesPerAuction`: bytes allocated per auction over repeated clears with the reused
 *                          outcome, right after the timed loop (heapUsed growth plus what the GCs in the window
 *                          freed, via v8.GCProfiler; the child runs with --expose-gc and collects its set-up garbage
 *                          before the warm-up); ~0, since clearing allocates no per-auction objects. Targets: ≥ 5 M uniform auctions/s and ≥ 1 M VCG auctions/s for N = 4.
 *   (lab modules)          each lab's own benches, `src/cli/benches/registry.ts` (documented in their files).
 *   page-longtasks         main-thread long tasks (> 50 ms) in Chromium while a run streams (scripts/bench-page.mjs).
 *   page-vs-cli            each lab's default run at full speed in the page against the same run through the CLI.
 *   bundle                 raw and gzip bytes of every file in dist/assets (kind main|worker|chunk|wasm), and
 *   bundle-summary         the entry chunk's gzip size and whether it holds tfjs code (it must not).
 *
 * Every speed measurement runs in a fresh child process (`node <this bundle> --one '<json>'`): V8's call-site
 * feedback from one mechanism or backend slows later ones in the same process.
 *
 * Options: `--only PREFIX` (repeatable or comma-separated; keeps benches whose name starts with it),
 * `--quick` (a few small configs, for CI smoke runs), `--build` (run `npx vite build` first even when
 * dist/index.html exists; it is built anyway when missing), `--help`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { GCProfiler } from 'node:v8';
import { gzipSync } from 'node:zlib';
import { defaultsOf } from '../core/config/schema';
import { createRng } from '../core/math/rng';
import type { MultiUnitMechanismId, MultiUnitSettings, PriceRule, StepBids } from '../core/mechanisms/multiUnit';
import { multiUnitMechanisms } from '../core/mechanisms/multiUnitRegistry';
import { learnToBidSchema, type LearnToBidConfig } from '../core/labs/learnToBid/schema';
import type { RunContext, RunEvent } from '../core/labs/types';
import type { ComputeBackend } from '../learn/backend';
import { runLearnToBidOn } from '../learn/labs/learnToBidRunner';
import { MAX_RECORDED_ROWS } from '../core/labs/learnToBid/run';
import { RunCancelled } from '../core/labs/runControl';
import { oneLine } from './errors';
import { routeConsoleToStderr } from './nodeConsole';
import { nodeWasmPaths } from './runLab';

// ---------------------------------------------------------------------------------------------------------
// Measurements (run inside a child process)

/** One training-speed measurement. */
export interface ThroughputParams {
  kind: 'throughput';
  bidders: number;
  batch: number;
  policy: 'linear' | 'mlp';
  backend: ComputeBackend;
  /** Fixed number of measured steps (plain TypeScript); otherwise chosen from a warm-up to take ~`targetSeconds`. */
  steps?: number;
  targetSeconds?: number;
  /** Most steps of the warm-up run (same config, same process) before the measured one. */
  warmupSteps: number;
  /** The warm-up also stops after about this long (default 1.5 s). */
  warmupSeconds?: number;
}

/** One time-to-converge measurement. */
export interface ConvergeParams {
  kind: 'converge';
  bidders: number;
  backend: ComputeBackend;
}

/** One permit-clearing measurement: multi-unit auctions cleared per second and heap bytes allocated per auction. */
export interface PermitClearingParams {
  kind: 'permit-clearing';
  firms: number;
  mechanism: MultiUnitMechanismId;
  /** Uniform price only (null for the other mechanisms, which ignore it). */
  priceRule: PriceRule | null;
  /** Auctions per batched call. */
  K: number;
  /** Measured seconds (after the warm-up). */
  seconds: number;
  warmupSeconds: number;
}

/**
 * One permit-ppo measurement: independent PPO firms (4 firms, c ~ U[0.5, 1.5], e ~ U[4, 8], supply 12,
 * first-rejected uniform price, Adam, 4 epochs) at one network size and batch, on one compute backend (`simd`,
 * `ts`: the hand-written-backprop `IndependentPpo` with or without the WebAssembly SIMD kernels; `wasm`: the tfjs
 * `TfIndependentPpo`); auctions per second per firm including PPO updates (the trainer's own `auctionsPerSecond`,
 * evaluation excluded), after a two-update warm-up in the same process. The two sizes are the PyTorch reference's
 * (2×64, 2048/512) and the demo's (2×16, 512/256), as `../shared/refs/side-by-side.sh` runs them.
 */
export interface PermitPpoParams {
  kind: 'permit-ppo';
  mechanism: MultiUnitMechanismId;
  hidden: number;
  auctionsPerUpdate: number;
  minibatch: number;
  backend: 'simd' | 'ts' | 'wasm';
  /** Measured PPO updates. */
  updates: number;
}

/** What a child process is asked to measure. */
export type BenchParams = ThroughputParams | ConvergeParams | PermitClearingParams | PermitPpoParams | LabBenchParams;

export type { BenchLine } from './benches/line';
import type { BenchLine } from './benches/line';
import { findLabBench, labBenches } from './benches/registry';

/** A measurement of a lab bench module (`benches/registry.ts`), run in a child like the others. */
export interface LabBenchParams {
  kind: 'lab';
  /** The module's first name (`LabBench.names[0]`). */
  module: string;
  params: Record<string, unknown>;
}

/** Largest and smallest measured step counts of a tfjs run. */
const MAX_TFJS_STEPS = 20_000;
const MIN_TFJS_STEPS = 5;

/** The learn-to-bid defaults with N symmetric bidders on U[0, 1]. */
function benchConfig(bidders: number, overrides: Partial<LearnToBidConfig>): LearnToBidConfig {
  return { ...defaultsOf(learnToBidSchema), bidders, upper: Array<number>(bidders).fill(1), ...overrides };
}

/** A run context that drops events and never pauses (the bench measures the loop, not the UI plumbing). */
function noopContext(): Omit<RunContext, 'backend'> {
  return { emit: () => {}, checkpoint: async () => {} };
}

async function measureThroughput(p: ThroughputParams): Promise<BenchLine> {
  const wasmPaths = p.backend === 'wasm' ? nodeWasmPaths() : undefined;
  const base = benchConfig(p.bidders, { batch: p.batch, policy: p.policy, mechanism: 'first-price' });
  const run = (steps: number, ctx = noopContext()) => runLearnToBidOn({ ...base, steps }, 1, p.backend, ctx, wasmPaths ? { wasmPaths } : {});

  // Warm-up: same config, same process, up to `warmupSteps` steps or ~`warmupSeconds` (then cancelled). Its
  // checkpoint times give the steady cost of a loop step (recording included; the first half of the
  // warm-up, with its one-off set-up, excluded), from which the measured run is sized to ~targetSeconds.
  const after: number[] = [];
  const warmStart = performance.now();
  try {
    await run(p.warmupSteps, {
      emit: () => {},
      checkpoint: async (units) => {
        after[units] = performance.now();
        if (units >= 4 && performance.now() - warmStart > (p.warmupSeconds ?? 1.5) * 1000) throw new RunCancelled();
      },
    });
  } catch (e) {
    if (!(e instanceof RunCancelled)) throw e;
  }
  const done = after.length - 1;
  const from = Math.floor(done / 2);
  const secondsPerStep = Math.max(1e-6, (after[done] - after[from]) / 1000 / Math.max(1, done - from));
  const steps = p.steps ?? Math.max(MIN_TFJS_STEPS, Math.min(MAX_TFJS_STEPS, Math.round((p.targetSeconds ?? 3.5) / secondsPerStep)));
  const started = performance.now();
  const m = await run(steps);
  return {
    bench: 'learn-to-bid',
    bidders: p.bidders,
    batch: p.batch,
    policy: p.policy,
    backend: String(m.backend),
    mechanism: 'first-price',
    stepsPerSecond: m.stepsPerSecond,
    steps,
    trainingSeconds: m.trainingSeconds,
    wallSeconds: (performance.now() - started) / 1000,
    recordEvery: Math.max(1, Math.floor(steps / MAX_RECORDED_ROWS)),
    warmupSteps: done,
  };
}

/** The "annealing" preset's schedule, with N bidders. */
export function convergeConfig(bidders: number): LearnToBidConfig {
  return benchConfig(bidders, { mechanism: 'first-price', schedule: 'exponential', beta: 10, betaEnd: 500, lr: 0.01, lrEnd: 0.001, steps: 3000 });
}

async function measureConverge(p: ConvergeParams): Promise<BenchLine> {
  const config = convergeConfig(p.bidders);
  // checkpoint(t) is called after step t−1; the first event (the theory snapshot) comes just before step 0.
  const after = new Float64Array(config.steps + 1).fill(NaN);
  let t0 = NaN;
  const ctx: Omit<RunContext, 'backend'> = {
    emit: (_e: RunEvent) => {
      if (Number.isNaN(t0)) t0 = performance.now();
    },
    checkpoint: async (units) => {
      after[units] = performance.now();
    },
  };
  const started = performance.now();
  const m = await runLearnToBidOn(config, 1, p.backend, ctx, p.backend === 'wasm' ? { wasmPaths: nodeWasmPaths() } : {});
  const total = (performance.now() - started) / 1000;
  const at = typeof m.convergedAtStep === 'number' ? m.convergedAtStep : null;
  const since = (units: number) => (units <= config.steps && Number.isFinite(after[units]) ? (after[units] - t0) / 1000 : null);
  const target = typeof m.target === 'number' ? m.target : null;
  const w = Array.isArray(m.w) ? m.w : null;
  return {
    bench: 'learn-to-bid-converge',
    bidders: p.bidders,
    mechanism: config.mechanism,
    schedule: config.schedule,
    beta: config.beta,
    betaEnd: config.betaEnd,
    lr: config.lr,
    lrEnd: config.lrEnd,
    batch: config.batch,
    steps: config.steps,
    backend: String(m.backend),
    tolerance: 0.02,
    window: 50,
    target,
    convergedAtStep: at,
    // until the end of the first step of the stretch that held, and until the 50-step window confirmed it
    secondsToConverge: at === null ? null : since(at + 1),
    secondsToConfirm: at === null ? null : since(at + 50),
    finalMaxAbsError: w && target !== null ? Math.max(...w.map((x) => Math.abs(x - target))) : null,
    stepsPerSecond: m.stepsPerSecond,
    totalSeconds: total,
  };
}

/** Steps per schedule of the permit-clearing bench (two-tier bids [pH, qH, pL, qL]). */
const PERMIT_T = 2;

/**
 * K random valid two-tier schedules for N firms (seeded): pH ~ U[10, 50], pL = pH · U[0.3, 0.9], qH, qL ~ U[1, 5].
 * With S = 3N units and a reserve of 12, supply binds in most auctions and the reserve rejects some low tiers.
 */
export function permitBids(firms: number, K: number, seed = 1): StepBids {
  const rng = createRng(seed);
  const prices = new Float64Array(K * firms * PERMIT_T);
  const quantities = new Float64Array(K * firms * PERMIT_T);
  for (let r = 0; r < K * firms; r++) {
    const pH = 10 + 40 * rng.next();
    prices[r * 2] = pH;
    prices[r * 2 + 1] = pH * (0.3 + 0.6 * rng.next());
    quantities[r * 2] = 1 + 4 * rng.next();
    quantities[r * 2 + 1] = 1 + 4 * rng.next();
  }
  return stepBids(K, firms, prices, quantities);
}

/** One construction site for every StepBids of the bench: objects of one hidden class (a second shape deoptimizes the kernel). */
function stepBids(K: number, N: number, prices: Float64Array, quantities: Float64Array): StepBids {
  return { K, N, T: PERMIT_T, prices, quantities };
}

function measurePermitClearing(p: PermitClearingParams): BenchLine {
  const mech = multiUnitMechanisms[p.mechanism];
  const bids = permitBids(p.firms, p.K);
  const settings: MultiUnitSettings = { supply: 3 * p.firms, reserve: 12, priceRule: p.priceRule ?? 'first-rejected', tieRule: 'pro-rata' };
  const out = mech.clear(bids, settings);
  // Collect the set-up garbage first. Not right before the memory window: a forced full GC sends the clearing
  // code back to unoptimized tiers for a few calls, which box doubles (~46 B/auction) until re-optimized.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();

  // Warm-up: many calls on the first ≤ 1000 auctions (a big batch takes too few calls within the warm-up for V8
  // to optimize the kernel, and unoptimized code boxes doubles), then two calls on the full batch; then ~p.seconds
  // of back-to-back clears into the same outcome buffers.
  const KW = Math.min(p.K, 1000);
  const n = p.firms * PERMIT_T;
  const small = stepBids(KW, p.firms, bids.prices.subarray(0, KW * n), bids.quantities.subarray(0, KW * n));
  const smallOut = mech.clear(small, settings);
  const warmEnd = performance.now() + p.warmupSeconds * 1000;
  while (performance.now() < warmEnd) mech.clear(small, settings, smallOut);
  for (let r = 0; r < 2; r++) mech.clear(bids, settings, out);
  let clears = 0;
  const t0 = performance.now();
  let t1 = t0;
  do {
    mech.clear(bids, settings, out);
    clears++;
    t1 = performance.now();
  } while (t1 - t0 < p.seconds * 1000);
  const auctionsPerSecond = (clears * p.K) / ((t1 - t0) / 1000);

  // Memory: bytes allocated while clearing ≥ 1e6 auctions (≥ 5 calls) with the reused outcome, right after the
  // timed loop (warm code) = heapUsed growth plus whatever the collections inside the window freed (a scavenge
  // would otherwise hide garbage).
  const reps = Math.max(5, Math.ceil(1e6 / p.K));
  const profiler = new GCProfiler();
  profiler.start();
  const before = process.memoryUsage().heapUsed;
  for (let r = 0; r < reps; r++) mech.clear(bids, settings, out);
  const after = process.memoryUsage().heapUsed;
  const profile = profiler.stop();
  let freed = 0;
  for (const g of profile.statistics) freed += g.beforeGC.heapStatistics.usedHeapSize - g.afterGC.heapStatistics.usedHeapSize;
  const heapBytesPerAuction = Math.max(0, after - before + freed) / (reps * p.K);

  return {
    bench: 'permit-clearing',
    firms: p.firms,
    mechanism: p.mechanism,
    priceRule: p.priceRule,
    K: p.K,
    T: PERMIT_T,
    auctionsPerSecond: Math.round(auctionsPerSecond),
    heapBytesPerAuction: Number(heapBytesPerAuction.toPrecision(3)),
    clears,
    seconds: Number(((t1 - t0) / 1000).toFixed(3)),
    memoryAuctions: reps * p.K,
    gcExposed: typeof gc === 'function',
  };
}

/** Run one measurement in this process and return its line (the child side of `--one`). */
export async function measure(p: BenchParams): Promise<BenchLine[]> {
  if (p.kind === 'lab') {
    const module = findLabBench(p.module);
    if (!module) throw new Error(`no lab bench module ${JSON.stringify(p.module)}`);
    return module.measure(p.params);
  }
  return [await measureBuiltIn(p)];
}

async function measureBuiltIn(p: Exclude<BenchParams, LabBenchParams>): Promise<BenchLine> {
  if (p.kind === 'permit-clearing') return measurePermitClearing(p);
  if (p.kind === 'permit-ppo') return measurePermitPpo(p);
  return p.kind === 'throughput' ? measureThroughput(p) : measureConverge(p);
}

// ---------------------------------------------------------------------------------------------------------
// Plan

/** The speed measurements of a full (or `--quick`) run, in order. */
export function plan(quick: boolean): BenchParams[] {
  const out: BenchParams[] = [];
  const ns = quick ? [2] : [2, 5, 10];
  const batches = quick ? [1024] : [1024, 16384];
  const backends: ComputeBackend[] = quick ? ['ts', 'wasm'] : ['ts', 'wasm', 'cpu'];
  const targetSeconds = quick ? 0.3 : 3.5;
  const warmupSeconds = quick ? 0.3 : 1.5;
  for (const backend of backends) {
    for (const bidders of ns) {
      for (const batch of batches) {
        if (backend === 'ts') {
          const steps = quick ? 300 : batch <= 1024 ? 3000 : 500;
          out.push({ kind: 'throughput', bidders, batch, policy: 'linear', backend, steps, warmupSteps: Math.max(10, steps / 10), warmupSeconds });
        } else {
          out.push({ kind: 'throughput', bidders, batch, policy: 'linear', backend, targetSeconds, warmupSteps: 200, warmupSeconds });
        }
      }
    }
  }
  // The neural policy on the closed-form learner (SIMD float32 and TypeScript float64 kernels) and on tfjs wasm.
  for (const backend of ['simd', 'ts', 'wasm'] as const) {
    for (const bidders of quick ? [2] : [2, 5]) {
      out.push({ kind: 'throughput', bidders, batch: 1024, policy: 'mlp', backend, targetSeconds, warmupSteps: 200, warmupSeconds });
    }
  }
  for (const bidders of quick ? [2] : [2, 5]) out.push({ kind: 'converge', bidders, backend: 'ts' });
  out.push(...permitPlan(quick));
  for (const [hidden, auctionsPerUpdate, minibatch, updates] of [[64, 2048, 512, 20], [16, 512, 256, 100]] as const) {
    for (const backend of quick ? (['simd'] as const) : (['simd', 'ts', 'wasm'] as const)) {
      const n = quick ? 2 : backend === 'simd' ? updates : Math.ceil(updates / 4);
      out.push({ kind: 'permit-ppo', mechanism: 'uniform', hidden, auctionsPerUpdate, minibatch, backend, updates: n });
    }
  }
  for (const module of labBenches) for (const params of module.plan(quick)) out.push({ kind: 'lab', module: module.names[0], params });
  return out;
}

async function measurePermitPpo(p: PermitPpoParams): Promise<BenchLine> {
  const { trainPermitPpo } = await import('../core/labs/permitAuction/train');
  const { createTfPpoAgents } = await import('../learn/ppo/tfPpoAgents');
  const agents = createTfPpoAgents(p.backend, p.backend === 'wasm' ? { wasmPaths: nodeWasmPaths() } : {});
  const ctx = { emit() {}, checkpoint: async () => {}, backend: p.backend };
  const config = { mechanism: p.mechanism, auctionsPerUpdate: p.auctionsPerUpdate, ppo: { hidden: p.hidden, minibatch: p.minibatch, epochs: 4 } };
  await trainPermitPpo({ ...config, updates: 2, evalEvery: 2 }, 2, ctx, agents);
  const started = performance.now();
  const m = await trainPermitPpo({ ...config, updates: p.updates, evalEvery: p.updates }, 1, ctx, agents);
  const seconds = (performance.now() - started) / 1000;
  const auctionsPerSecond = m.auctionsPerSecond as number;
  return {
    bench: 'permit-ppo',
    mechanism: p.mechanism,
    firms: 4,
    supply: 12,
    hidden: p.hidden,
    auctionsPerUpdate: p.auctionsPerUpdate,
    minibatch: p.minibatch,
    epochs: 4,
    backend: p.backend,
    updates: p.updates,
    auctionsPerSecond: Math.round(auctionsPerSecond),
    msPerUpdate: Number(((p.auctionsPerUpdate / auctionsPerSecond) * 1000).toFixed(3)),
    wallSeconds: Number(seconds.toFixed(2)),
  };
}

/** Permit-clearing configs: every multi-unit mechanism (uniform with both price rules) × N × K; one small one when quick. */
export function permitPlan(quick: boolean): PermitClearingParams[] {
  if (quick) return [{ kind: 'permit-clearing', firms: 4, mechanism: 'uniform', priceRule: 'first-rejected', K: 1000, seconds: 0.2, warmupSeconds: 0.1 }];
  const variants: [MultiUnitMechanismId, PriceRule | null][] = [];
  for (const id of Object.keys(multiUnitMechanisms) as MultiUnitMechanismId[]) {
    if (id === 'uniform') variants.push([id, 'first-rejected'], [id, 'last-accepted']);
    else variants.push([id, null]);
  }
  const out: PermitClearingParams[] = [];
  for (const firms of [4, 12])
    for (const K of [1e3, 1e5])
      for (const [mechanism, priceRule] of variants) out.push({ kind: 'permit-clearing', firms, mechanism, priceRule, K, seconds: 1, warmupSeconds: 0.3 });
  return out;
}

const benchName = (p: BenchParams) =>
  p.kind === 'lab' ? findLabBench(p.module)!.nameOf(p.params) : p.kind === 'throughput' ? 'learn-to-bid' : p.kind === 'converge' ? 'learn-to-bid-converge' : p.kind === 'permit-ppo' ? 'permit-ppo' : 'permit-clearing';

function describe(p: BenchParams): string {
  if (p.kind === 'lab') return findLabBench(p.module)!.describe(p.params);
  if (p.kind === 'permit-ppo') return `permit-ppo 2×${p.hidden} ${p.auctionsPerUpdate}/${p.minibatch} on ${p.backend}, ${p.updates} updates`;
  if (p.kind === 'permit-clearing') return `permit-clearing N=${p.firms} K=${p.K} ${p.mechanism}${p.priceRule ? ` ${p.priceRule}` : ''}`;
  return p.kind === 'throughput'
    ? `learn-to-bid N=${p.bidders} batch=${p.batch} ${p.policy} on ${p.backend}`
    : `learn-to-bid-converge N=${p.bidders} on ${p.backend}`;
}

// ---------------------------------------------------------------------------------------------------------
// Parent: children, bundle sizes, output

/** Per-measurement limit for a child process. */
const CHILD_TIMEOUT_MS = 180_000;

/** Run one measurement in a fresh `node <bundle> --one …` process and resolve to its bench line(s). */
function runChild(p: BenchParams): Promise<BenchLine[]> {
  return new Promise((resolve, reject) => {
    // --expose-gc: the permit-clearing memory figure starts from a collected heap
    const nodeArgs = p.kind === 'permit-clearing' ? ['--expose-gc'] : [];
    const child = spawn(process.execPath, [...nodeArgs, process.argv[1], '--one', JSON.stringify(p)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${CHILD_TIMEOUT_MS / 1000} s`));
    }, CHILD_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const lines = parseBenchLines(stdout);
      if (code !== 0 || lines.length === 0) reject(new Error(`child exited with code ${code}${lines.length ? '' : ' and no result'}`));
      else resolve(lines);
    });
  });
}

/** The JSON objects with a `bench` key among `text`'s lines (anything else is dropped). */
export function parseBenchLines(text: string): BenchLine[] {
  const out: BenchLine[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      const v = JSON.parse(t) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { bench?: unknown }).bench === 'string') out.push(v as BenchLine);
    } catch {
      // not a bench line
    }
  }
  return out;
}

/** Markers that survive minification and appear only in tfjs code. */
export const TFJS_MARKERS = ['registerKernel', 'IS_BROWSER', 'WEBGL_VERSION', 'tfjs-core', 'TensorFlow.js'] as const;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** Newest modification time of the files under `path` that go into the app bundle (tests, docs and the CLI do not). */
function newestBundleInput(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return /\.test\.tsx?$|\.md$/.test(path) ? 0 : st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'cli') continue;
    newest = Math.max(newest, newestBundleInput(join(path, name)));
  }
  return newest;
}

/** Relative paths of the chunks `file` imports statically (`import … from "./x.js"`, `import "./x.js"`). */
function staticImports(code: string): string[] {
  const out: string[] = [];
  const re = /(?<![\w$.])(?:import|export)\s*(?:[\w${},*\s]+?\s*from\s*)?["'](\.\/[^"']+)["']/g;
  for (const m of code.matchAll(re)) out.push(m[1]);
  return out;
}

/** Bundle-size lines for dist/ (built first when missing or with `--build`); none when the build fails. */
function bundleLines(root: string, forceBuild: boolean, log: (s: string) => void): BenchLine[] {
  const dist = join(root, 'dist');
  const index = join(dist, 'index.html');
  if (forceBuild || !existsSync(index)) {
    log(`bench bundle: building with npx vite build${forceBuild ? '' : ' (dist/index.html is missing)'}`);
    const r = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
    if (r.status !== 0 || !existsSync(index)) {
      log(`bench bundle: skipped, the build failed (exit ${r.status ?? r.signal ?? r.error?.message})`);
      return [];
    }
  } else {
    const built = statSync(index).mtimeMs;
    const newest = Math.max(newestBundleInput(join(root, 'src')), newestBundleInput(join(root, 'index.html')), newestBundleInput(join(root, 'vite.config.ts')));
    if (newest > built) log('bench bundle: note: dist/ is older than the sources; pass --build to measure a fresh build');
  }
  const assets = join(dist, 'assets');
  if (!existsSync(assets)) {
    log('bench bundle: skipped, dist/assets is missing');
    return [];
  }
  const html = readFileSync(index, 'utf8');
  const entryMatch = /<script[^>]*type="module"[^>]*src="\.?\/?([^"]+)"/.exec(html) ?? /<script[^>]*src="\.?\/?([^"]+)"/.exec(html);
  const entry = entryMatch ? join(dist, entryMatch[1]) : undefined;
  const lines: BenchLine[] = [];
  const sizes = new Map<string, { raw: number; gzip: number; text?: string }>();
  for (const file of filesUnder(assets)) {
    const data = readFileSync(file);
    const gzip = gzipSync(data, { level: 9 }).length;
    const name = relative(dist, file).split('\\').join('/');
    const kind = file === entry ? 'main' : file.endsWith('.wasm') ? 'wasm' : /worker/i.test(basename(file)) ? 'worker' : 'chunk';
    sizes.set(file, { raw: data.length, gzip, text: file.endsWith('.js') ? data.toString('utf8') : undefined });
    lines.push({ bench: 'bundle', file: name, kind, gzipBytes: gzip, rawBytes: data.length });
  }
  const order = { main: 0, worker: 1, chunk: 2, wasm: 3 } as Record<string, number>;
  lines.sort((a, b) => order[a.kind as string] - order[b.kind as string] || String(a.file).localeCompare(String(b.file)));

  const main = entry ? sizes.get(entry) : undefined;
  if (!main) {
    log('bench bundle: the entry chunk named by dist/index.html was not found; no summary');
    return lines;
  }
  const markersIn = (text: string | undefined) => TFJS_MARKERS.filter((m) => text?.includes(m));
  // What the page loads before any lab runs: the entry and its static imports (not the lazy chunks).
  const initial = new Set<string>([entry!]);
  const queue = [entry!];
  while (queue.length) {
    const f = queue.pop()!;
    for (const spec of staticImports(sizes.get(f)?.text ?? '')) {
      const target = join(f, '..', spec);
      if (sizes.has(target) && !initial.has(target)) {
        initial.add(target);
        queue.push(target);
      }
    }
  }
  const initialMarkers = [...initial].flatMap((f) => markersIn(sizes.get(f)?.text));
  let totalGzip = 0;
  for (const s of sizes.values()) totalGzip += s.gzip;
  lines.push({
    bench: 'bundle-summary',
    mainFile: relative(dist, entry!).split('\\').join('/'),
    mainGzipBytes: main.gzip,
    mainRawBytes: main.raw,
    mainHasTfjs: markersIn(main.text).length > 0,
    mainTfjsMarkers: markersIn(main.text),
    initialFiles: initial.size,
    initialGzipBytes: [...initial].reduce((s, f) => s + sizes.get(f)!.gzip, 0),
    initialHasTfjs: initialMarkers.length > 0,
    files: sizes.size,
    totalGzipBytes: totalGzip,
    distBuiltAt: new Date(statSync(index).mtimeMs).toISOString(),
  });
  return lines;
}

interface BenchOptions {
  only: string[];
  quick: boolean;
  build: boolean;
  one?: BenchParams;
  help: boolean;
}

const USAGE = `usage: npm run bench -- [--only PREFIX ...] [--quick] [--build]
  --only PREFIX  keep benches whose name starts with PREFIX (learn-to-bid, learn-to-bid-converge, permit-clearing, permit-ppo, \${labBenches.flatMap((b) => b.names).join(', ')}\${labBenches.length ? ', ' : ''}page-longtasks, page-vs-cli, bundle, bundle-summary); repeatable or comma-separated
  --quick        a few small configs (CI smoke run)
  --build        run npx vite build before measuring dist/ (done anyway when dist/index.html is missing)
Prints one JSON object per line on stdout; progress and notes on stderr.`;

/** Parse bench arguments; throws an Error with a one-line message on bad input. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = { only: [], quick: false, build: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--'))) throw new Error(`${name} needs a value`);
      return v;
    };
    if (name === '--only') o.only.push(...value().split(',').map((s) => s.trim()).filter(Boolean));
    else if (name === '--quick') o.quick = true;
    else if (name === '--build') o.build = true;
    else if (name === '--help' || name === '-h') o.help = true;
    else if (name === '--one') {
      const text = value();
      try {
        o.one = JSON.parse(text) as BenchParams;
      } catch {
        throw new Error('--one needs a JSON object of bench parameters');
      }
    } else throw new Error(`unknown option ${JSON.stringify(arg)}; expected --only PREFIX, --quick, --build or --help`);
  }
  return o;
}

async function benchMain(argv: readonly string[]): Promise<number> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const print = (line: BenchLine) => process.stdout.write(`${JSON.stringify(line)}\n`);
  let options: BenchOptions;
  try {
    options = parseBenchArgs(argv);
  } catch (e) {
    log(`error: ${(e as Error).message}`);
    return 2;
  }
  if (options.help) {
    log(USAGE);
    return 0;
  }
  if (options.one) {
    for (const line of await measure(options.one)) print(line);
    return 0;
  }
  const wanted = (name: string) => options.only.length === 0 || options.only.some((p) => name.startsWith(p));
  let failed = 0;
  const speed = plan(options.quick).filter((p) => wanted(benchName(p)));
  for (let i = 0; i < speed.length; i++) {
    const p = speed[i];
    log(`bench ${i + 1}/${speed.length}: ${describe(p)}`);
    try {
      for (const line of await runChild(p)) print(line);
    } catch (e) {
      failed++;
      log(`bench ${describe(p)}: failed: ${oneLine((e as Error).message)}`);
    }
  }
  const pagePhases = [...(wanted('page-longtasks') ? ['longtasks'] : []), ...(wanted('page-vs-cli') ? ['vs-cli'] : [])];
  if (pagePhases.length) {
    // Plain Node script (Playwright must not be bundled): builds, serves and measures the page.
    log(`bench page (${pagePhases.join(', ')}): main-thread long tasks while a run streams; each lab's default run in the page against the CLI`);
    const r = spawnSync(process.execPath, ['scripts/bench-page.mjs', ...(options.quick ? ['--seconds', '3'] : []), '--phases', pagePhases.join(',')], {
      cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8',
    });
    for (const line of (r.stdout ?? '').split('\n')) if (line.trim().startsWith('{')) process.stdout.write(`${line.trim()}\n`);
    if (r.status !== 0) failed++;
  }
  if (wanted('bundle') || wanted('bundle-summary')) {
    for (const line of bundleLines(process.cwd(), options.build, log)) if (wanted(line.bench)) print(line);
  }
  return failed ? 1 : 0;
}

// Keep stdout for bench lines only: library logging goes to stderr.
routeConsoleToStderr();
let exitCode = 1;
try {
  exitCode = await benchMain(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
  if (process.env.AUCTION_LAB_DEBUG === '1' && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
}
process.stdout.write('', () => process.exit(exitCode));
