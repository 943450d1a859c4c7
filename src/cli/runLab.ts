/**
 * Run a lab headless in Node, through the same registry runners the workers use (`labRunners`), with a
 * `RunController` (SIGINT cancels) and `createRunContext` (the events a worker would post). Returns the
 * CLI's result object `{lab, config, seed, metrics, seconds}`.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { LabDefinition, RunEvent } from '../core/labs/types';
import { createRunContext, RunController } from '../core/labs/runControl';
import type { BackendChoice, BackendRequest } from '../learn/backend';
import { labRunners } from '../learn/labs/registry';
import { CliError, EXIT } from './errors';
import type { ProgressReading } from './progress';

/** Final figures of a CLI run: a runner's `FinalMetrics`, or a sweep summary (which holds objects). */
export type CliMetrics = Record<string, unknown>;

/** What `npm run lab` prints as its last stdout line. */
export interface LabResult {
  lab: string;
  config: Record<string, unknown>;
  seed: number;
  metrics: CliMetrics;
  /** Wall-clock seconds of the whole run (backend start-up and final evaluation included). */
  seconds: number;
}

/** One run of a possibly multi-run job (a sweep runs one config per N). */
export interface RunPart {
  /** 0-based position in the job. */
  index: number;
  count: number;
  config: Record<string, unknown>;
  /** Short label for progress lines, e.g. `N=3 (2/7)`; undefined for a single run. */
  label?: string;
}

/** Inputs of `runLab`. */
export interface RunLabOptions {
  lab: LabDefinition;
  /** A validated, normalized config of `lab` (see `resolveExperiment`). */
  config: Record<string, unknown>;
  seed: number;
  backend: BackendRequest;
  /** Cancel it to stop the run: `runLab` then rejects with `RunCancelled`. */
  controller?: RunController;
  /** Every event the run context delivers (points rows batched, progress/snapshots coalesced to ≤ 20/s). */
  onEvent?: (event: RunEvent, part: RunPart) => void;
  onProgress?: (reading: ProgressReading) => void;
  onBackend?: (choice: BackendChoice, part: RunPart) => void;
  /** Folder of the wasm binaries (ending in '/'); defaults to `nodeWasmPaths()` when wasm may be used. */
  wasmPaths?: string;
}

/**
 * The folder of `@tensorflow/tfjs-backend-wasm/dist/*.wasm` with a trailing '/', as the wasm backend's
 * `setWasmPaths` wants it in Node; undefined when the package cannot be resolved.
 */
export function nodeWasmPaths(): string | undefined {
  try {
    const file = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
    return `${dirname(file)}/`;
  } catch {
    return undefined;
  }
}

/** One entry of a learn-to-bid sweep summary. */
export interface SweepEntry {
  bidders: number;
  w: number[] | null;
  target: number | null;
  l2ToEquilibrium: number | null;
  revenue: number | null;
  equilibriumRevenue: number | null;
  convergedAtStep: number | null;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const numList = (x: unknown): number[] | null => (Array.isArray(x) && x.every((v) => typeof v === 'number') ? (x as number[]) : null);

/**
 * Summary of a learn-to-bid N sweep: one entry per N, plus `maxAbsError` = max over N and bidders of
 * |w_i − (N − 1)/N|-style error against each run's target (null when a run has no slopes or no target),
 * `meanAbsError`, `maxL2ToEquilibrium`, total `trainingSeconds`, overall `stepsPerSecond`, `runs`, `backend`.
 */
export function summarizeSweep(runs: readonly { config: Record<string, unknown>; metrics: Record<string, unknown> }[]): CliMetrics {
  const sweep: SweepEntry[] = runs.map(({ config, metrics }) => ({
    bidders: Number(config.bidders),
    w: numList(metrics.w),
    target: num(metrics.target),
    l2ToEquilibrium: num(metrics.l2ToEquilibrium),
    revenue: num(metrics.revenue),
    equilibriumRevenue: num(metrics.equilibriumRevenue),
    convergedAtStep: num(metrics.convergedAtStep),
  }));
  let maxAbs: number | null = 0;
  let sumAbs = 0;
  let count = 0;
  for (const e of sweep) {
    if (!e.w || e.target === null) {
      maxAbs = null;
      break;
    }
    for (const w of e.w) {
      const err = Math.abs(w - e.target);
      maxAbs = Math.max(maxAbs, err);
      sumAbs += err;
      count++;
    }
  }
  const l2s = sweep.map((e) => e.l2ToEquilibrium);
  let steps = 0;
  let training = 0;
  for (const { config, metrics } of runs) {
    steps += Number(config.steps) || 0;
    training += num(metrics.trainingSeconds) ?? 0;
  }
  return {
    sweep,
    maxAbsError: maxAbs,
    meanAbsError: maxAbs === null || count === 0 ? null : sumAbs / count,
    maxL2ToEquilibrium: l2s.some((x) => x === null) || l2s.length === 0 ? null : Math.max(...(l2s as number[])),
    runs: runs.length,
    trainingSeconds: training,
    stepsPerSecond: training > 0 ? steps / training : null,
    backend: runs.length ? (runs[runs.length - 1]!.metrics.backend ?? null) : null,
  };
}

/** The configs a job runs: the lab's own `expand` (an N sweep gives one config per N; anything else itself). */
export function expandJob(lab: LabDefinition, config: Record<string, unknown>, seed?: number): Record<string, unknown>[] {
  return lab.expand(config as never, seed) as Record<string, unknown>[];
}

/**
 * Run a lab (or its sweep, one config after another) and return the result object. Rejects with
 * `RunCancelled` when `controller` is cancelled, `RunDiverged` when training blows up, and a `CliError`
 * (exit 2) when a forced backend cannot start (e.g. `--backend ts` with a neural policy).
 */
export async function runLab(options: RunLabOptions): Promise<LabResult> {
  const { lab, config, seed, backend } = options;
  const runner = labRunners[lab.id];
  if (!runner) throw new CliError(`lab ${lab.id} has no runner in Node`, EXIT.failure);
  const controller = options.controller ?? new RunController();
  const configs = expandJob(lab, config, seed);
  const mayUseWasm = backend === 'wasm' || backend === 'auto';
  const wasmPaths = options.wasmPaths ?? (mayUseWasm ? nodeWasmPaths() : undefined);
  const started = performance.now();
  const results: { config: Record<string, unknown>; metrics: Record<string, unknown> }[] = [];

  const runPart = async (index: number, count: number, partConfig: Record<string, unknown>, label: string | undefined) => {
    const part: RunPart = { index, count, config: partConfig, label };
    const ctx = createRunContext(
      controller,
      (event) => {
        options.onEvent?.(event, part);
        if (event.type === 'progress') {
          options.onProgress?.({ done: event.done, total: event.total, unitsPerSecond: event.unitsPerSecond, phase: event.phase, part: part.label });
        }
      },
      backend,
    );
    let chosen = false;
    try {
      const metrics = await runner(partConfig, seed, ctx, {
        backend,
        ...(wasmPaths ? { wasmPaths } : {}),
        onBackend: (choice) => {
          chosen = true;
          options.onBackend?.(choice, part);
        },
      });
      return metrics;
    } catch (e) {
      if (!chosen && backend !== 'auto' && e instanceof Error && !(e instanceof CliError)) {
        throw new CliError(`--backend ${backend}: ${e.message}`);
      }
      throw e;
    } finally {
      ctx.flush();
    }
  };

  const count = configs.length;
  for (let index = 0; index < count; index++) {
    const partConfig = configs[index]!;
    // Sweeps vary N; other multi-run labs (the all-pay design loop) vary a design w.
    const what = lab.partLabel ? lab.partLabel(partConfig as never) : partConfig.bidders !== configs[0]!.bidders || !('w' in partConfig) ? `N=${String(partConfig.bidders)}` : `w=${String(partConfig.w)}`;
    const label = count > 1 ? `${what} (${index + 1}/${count})` : undefined;
    results.push({ config: partConfig, metrics: await runPart(index, count, partConfig, label) });
  }
  // A lab's final phase (`combine`, e.g. fit a surrogate to the designs) runs last; its metrics are the job's.
  const combined = lab.combine?.(config as never, results as never) as Record<string, unknown> | null | undefined;
  if (combined) {
    const metrics = await runPart(count, count + 1, combined, `final phase (${count + 1}/${count + 1})`);
    return { lab: lab.id, config, seed, metrics, seconds: (performance.now() - started) / 1000 };
  }

  const metrics =
    configs.length > 1 ? (lab.summarize ? lab.summarize(results as never) : summarizeSweep(results)) : results[0]!.metrics;
  return { lab: lab.id, config, seed, metrics, seconds: (performance.now() - started) / 1000 };
}
