/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { createRunContext, RunController, startHeartbeat, type Heartbeat } from '../core/labs/runControl';
import { labRunners } from '../learn/labs/registry';
import type { LabWorkerApi, RunRequest, WorkerEvent, WorkerHeartbeat } from './protocol';

/** The wasm binaries, served by the app itself (no CDN). */
const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

const runs = new Map<string, { controller: RunController; heartbeat: Heartbeat }>();

/** Apply a control message to a run and acknowledge its new state at once. */
function control(id: string, f: (c: RunController) => void): void {
  const run = runs.get(id);
  if (!run) return;
  f(run.controller);
  run.heartbeat.beat();
}

/** Thin shell: look up the lab's runner, give it a controller and a throttled context, stream events. */
const api: LabWorkerApi = {
  async run(request: RunRequest, onEvent: (e: WorkerEvent | WorkerHeartbeat) => void) {
    const runner = labRunners[request.lab];
    if (!runner) throw new Error(`unknown lab "${request.lab}"`);
    const controller = new RunController(request.pace, request.cpuShare ?? 1);
    // The page's watchdog declares this worker lost when the beats stop (a browser kill fires no error event).
    const heartbeat = startHeartbeat(controller, (state) => {
      const sent = (onEvent as unknown as (e: WorkerHeartbeat) => Promise<void>)({ type: 'heartbeat', runId: request.runId, state });
      void sent?.catch?.(() => {});
    });
    runs.set(request.runId, { controller, heartbeat });
    const ctx = createRunContext(controller, onEvent, 'pending');
    try {
      return await runner(request.config, request.seed, ctx, {
        backend: request.backend,
        wasmPaths,
        onBackend: (choice) => onEvent({ type: 'backend', backend: choice }),
      });
    } finally {
      heartbeat.stop();
      ctx.flush();
      runs.delete(request.runId);
      // Events travel on the callback's own MessageChannel, the result on the worker's port: no ordering
      // between them. Awaiting one last callback round trip guarantees the page has every event before the
      // run settles (otherwise history could store a run without its last rows and snapshots).
      await (onEvent as unknown as (e: WorkerEvent) => Promise<void>)({ type: 'log', level: 'info', message: 'end of stream' });
    }
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
