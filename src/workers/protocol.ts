import type { RunState } from '../core/labs/runControl';
import type { FinalMetrics, RunEvent } from '../core/labs/types';

/** Backend names as requested by the UI, tests and the CLI (mirrors src/learn/backend.ts). */
export type BackendRequest = 'auto' | 'ts' | 'simd' | 'cpu' | 'wasm' | 'webgl' | 'webgpu';

/** The backend a run got and why (shown as a chip in the UI). */
export interface BackendInfo {
  name: string;
  reason: string;
}

/** Everything a worker needs to start a run: the `(lab, config, seed)` triple plus how to run it. */
export interface RunRequest {
  runId: string;
  lab: string;
  config: Record<string, unknown>;
  seed: number;
  backend: BackendRequest;
  /** Largest work units (steps) per second; 0 = as fast as possible. */
  pace: number;
  /** Largest share of one core the run may use (default 1): see `RunController.setCpuShare`. */
  cpuShare?: number;
}

/** What a worker streams for a run: the lab's own events plus the backend it got. */
export type WorkerEvent = RunEvent | { type: 'backend'; backend: BackendInfo };

/**
 * Proof of life and the run state the worker has acknowledged, sent on the run's event callback (so it is ordered
 * with the run's events): once when the run starts, after each pause / resume / cancel, and every
 * `HEARTBEAT_INTERVAL_MS` while the run is on the worker. The pool consumes it; it never reaches a run's event sink.
 */
export interface WorkerHeartbeat {
  type: 'heartbeat';
  runId: string;
  state: RunState;
}

/** How a run ended, as its worker reports it. */
export type WorkerOutcome = { status: 'done'; metrics: FinalMetrics } | { status: 'cancelled' } | { status: 'failed'; error: string };

/**
 * The end of a run, sent as the last message on the run's event callback: on that one ordered channel it can never
 * overtake the run's last rows and snapshots (the result of the `run` call travels on another port, unordered).
 */
export interface WorkerSettled {
  type: 'settled';
  runId: string;
  outcome: WorkerOutcome;
}

/** Everything a worker sends on a run's callback, in order: the run's events, heartbeats, then its end. */
export type WorkerMessage = WorkerEvent | WorkerHeartbeat | WorkerSettled;

/**
 * What the page's callback looks like from inside the worker: Comlink turns each call into a promise that resolves
 * once the page has handled the message.
 */
export type WorkerSink = (m: WorkerMessage) => void | Promise<void>;

/**
 * The API a lab worker exposes through Comlink. One run at a time per worker. `run` sends the run's events on
 * `send` and ends with a {@link WorkerSettled} message (done, cancelled, or failed with the reason); it rejects
 * only when the run could not even start.
 */
export interface LabWorkerApi {
  run(request: RunRequest, send: WorkerSink): Promise<void>;
  pause(runId: string): void;
  resume(runId: string): void;
  cancel(runId: string): void;
  setPace(runId: string, pace: number): void;
  /** Test hook: throw an uncaught error inside the worker (to prove crash recovery). */
  crash(): void;
}
