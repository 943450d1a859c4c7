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
import { planJob, runJob, type JobExecutor } from '../core/jobs/jobEngine';
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
  const mayUseWasm = backend === 'wasm' || backend === 'auto';
  const wasmPaths = options.wasmPaths ?? (mayUseWasm ? nodeWasmPaths() : undefined);
  const started = performance.now();

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

  // In process, parts run one after another (a side-by-side comparison gives the same figures, in sequence).
  // The first part that throws ends the job: the parts queued after it never start.
  let queue: Promise<unknown> = Promise.resolve();
  const execute: JobExecutor = (part) => {
    const label = part.count > 1 || part.final ? `${part.label} (${part.index + 1}/${part.count})` : undefined;
    const result = queue.then(() => runPart(part.index, part.count, part.config, label));
    queue = result;
    return result.then((metrics) => ({ status: 'done' as const, metrics }));
  };
  const outcome = await runJob(lab, config, planJob(lab, config, seed, 1), execute);
  if (outcome.status !== 'done') throw new Error(outcome.status === 'failed' ? outcome.error : 'cancelled');
  const metrics = outcome.metrics;
  return { lab: lab.id, config, seed, metrics, seconds: (performance.now() - started) / 1000 };
}
