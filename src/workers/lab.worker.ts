/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { createRunContext, RunController } from '../core/labs/runControl';
import { labRunners } from '../learn/labs/registry';
import type { LabWorkerApi, RunRequest, WorkerEvent } from './protocol';

/** The wasm binaries, served by the app itself (no CDN). */
const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

const controllers = new Map<string, RunController>();

/** Thin shell: look up the lab's runner, give it a controller and a throttled context, stream events. */
const api: LabWorkerApi = {
  async run(request: RunRequest, onEvent: (e: WorkerEvent) => void) {
    const runner = labRunners[request.lab];
    if (!runner) throw new Error(`unknown lab "${request.lab}"`);
    const controller = new RunController(request.pace, request.cpuShare ?? 1);
    controllers.set(request.runId, controller);
    const ctx = createRunContext(controller, onEvent, 'pending');
    try {
      return await runner(request.config, request.seed, ctx, {
        backend: request.backend,
        wasmPaths,
        onBackend: (choice) => onEvent({ type: 'backend', backend: choice }),
      });
    } finally {
      ctx.flush();
      controllers.delete(request.runId);
      // Events travel on the callback's own MessageChannel, the result on the worker's port: no ordering
      // between them. Awaiting one last callback round trip guarantees the page has every event before the
      // run settles (otherwise history could store a run without its last rows and snapshots).
      await (onEvent as unknown as (e: WorkerEvent) => Promise<void>)({ type: 'log', level: 'info', message: 'end of stream' });
    }
  },
  pause: (id) => controllers.get(id)?.pause(),
  resume: (id) => controllers.get(id)?.resume(),
  cancel: (id) => controllers.get(id)?.cancel(),
  setPace: (id, pace) => controllers.get(id)?.setPace(pace),
  crash() {
    setTimeout(() => {
      throw new Error('deliberate worker crash (test hook)');
    }, 0);
  },
};

Comlink.expose(api);
