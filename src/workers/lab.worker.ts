/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { createRunContext, RunCancelled, RunController, startHeartbeat, type Heartbeat } from '../core/labs/runControl';
import { labRunners } from '../learn/labs/registry';
import type { LabWorkerApi, RunRequest, WorkerOutcome, WorkerSink } from './protocol';

/** The wasm binaries, served by the app itself (no CDN). */
const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

const runs = new Map<string, { controller: RunController; heartbeat: Heartbeat; flush: () => void }>();

/**
 * Apply a control message to a run and acknowledge its new state at once, after the events it emitted so far: a
 * run acknowledged as paused streams nothing more until it is resumed.
 */
function control(id: string, f: (c: RunController) => void): void {
  const run = runs.get(id);
  if (!run) return;
  f(run.controller);
  run.flush();
  run.heartbeat.beat();
}

/** How a run loop's exception ends the run: a cancel, or a failure with its message (NaN, out of memory, a bug). */
function outcomeOf(error: unknown): WorkerOutcome {
  if (error instanceof RunCancelled) return { status: 'cancelled' };
  return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
}

/** Thin shell: look up the lab's runner, give it a controller and a throttled context, stream events. */
const api: LabWorkerApi = {
  async run(request: RunRequest, send: WorkerSink) {
    const runner = labRunners[request.lab];
    if (!runner) throw new Error(`unknown lab "${request.lab}"`);
    const controller = new RunController(request.pace, request.cpuShare ?? 1);
    // The page's watchdog declares this worker lost when the beats stop (a browser kill fires no error event).
    const heartbeat = startHeartbeat(controller, (state) => {
      void Promise.resolve(send({ type: 'heartbeat', runId: request.runId, state })).catch(() => {});
    });
    const ctx = createRunContext(controller, (e) => void send(e), 'pending');
    runs.set(request.runId, { controller, heartbeat, flush: ctx.flush });
    let outcome: WorkerOutcome;
    try {
      const metrics = await runner(request.config, request.seed, ctx, {
        backend: request.backend,
        wasmPaths,
        onBackend: (choice) => void send({ type: 'backend', backend: choice }),
      });
      outcome = { status: 'done', metrics };
    } catch (e) {
      outcome = outcomeOf(e);
    } finally {
      heartbeat.stop();
      ctx.flush();
      runs.delete(request.runId);
    }
    await send({ type: 'settled', runId: request.runId, outcome });
  },
  pause: (id) => control(id, (c) => c.pause()),
  resume: (id) => control(id, (c) => c.resume()),
  cancel: (id) => control(id, (c) => c.cancel()),
  setPace: (id, pace) => runs.get(id)?.controller.setPace(pace),
  crash() {
    setTimeout(() => {
      throw new Error('deliberate worker crash (test hook)');
    }, 0);
  },
};

Comlink.expose(api);
