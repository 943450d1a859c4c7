import * as Comlink from 'comlink';
import type { FinalMetrics } from '../core/labs/types';
import type { LabWorkerApi, RunRequest, WorkerEvent } from './protocol';

/** How a submitted run ended. */
export type RunOutcome =
  | { status: 'done'; metrics: FinalMetrics }
  | { status: 'cancelled' }
  | { status: 'failed'; error: string };

/** Control of one submitted run (queued or running). */
export interface RunHandle {
  readonly runId: string;
  readonly outcome: Promise<RunOutcome>;
  pause(): void;
  resume(): void;
  cancel(): void;
  setPace(pace: number): void;
}

interface Slot {
  worker: Worker;
  api: Comlink.Remote<LabWorkerApi>;
  busy: Job | null;
}

interface Job {
  request: RunRequest;
  onEvent: (e: WorkerEvent) => void;
  onStart: () => void;
  settle: (o: RunOutcome) => void;
  settled: boolean;
  paused: boolean;
  slot: Slot | null;
}

/** Default pool size: one worker per core, leaving one core for the page; at least one. */
export function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, cores - 1);
}

/**
 * Most workers a side-by-side job may ask for (`widen`): a comparison of three mechanisms must progress together
 * even on a 2-core machine, where the default pool has one worker.
 */
export const MAX_SIDE_BY_SIDE = 4;

const defaultFactory = () => new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module', name: 'auction-lab' });

/**
 * A pool of lab workers (Comlink). Runs queue when every worker is busy. A worker that dies (uncaught
 * error) or whose run threw is terminated and replaced; its run ends as `failed` with the reason, and the
 * other runs go on. Workers are created lazily, so the page pays nothing until the first run.
 */
export class WorkerPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private jobs = new Map<string, Job>();

  private width: number;

  constructor(
    readonly size = defaultPoolSize(),
    private readonly createWorker: () => Worker = defaultFactory,
  ) {
    this.width = size;
  }

  /** Workers the pool may run at once now: `size`, or more after `widen`. */
  get maxWorkers(): number {
    return this.width;
  }

  /**
   * Let the pool run at least `n` runs at once (capped at `MAX_SIDE_BY_SIDE`), for a job whose runs are compared
   * live side by side (they then share the cores instead of queueing). Never shrinks the pool.
   */
  widen(n: number): void {
    this.width = Math.max(this.width, Math.min(Math.floor(n), MAX_SIDE_BY_SIDE));
    this.pump();
  }

  /** Queue a run; `onStart` fires when a worker picks it up. */
  submit(request: RunRequest, onEvent: (e: WorkerEvent) => void, onStart: () => void = () => {}): RunHandle {
    let settle!: (o: RunOutcome) => void;
    const outcome = new Promise<RunOutcome>((resolve) => (settle = resolve));
    const job: Job = { request, onEvent, onStart, settled: false, paused: false, slot: null, settle: () => {} };
    job.settle = (o) => {
      if (job.settled) return;
      job.settled = true;
      this.jobs.delete(request.runId);
      settle(o);
    };
    this.jobs.set(request.runId, job);
    this.queue.push(job);
    this.pump();
    const id = request.runId;
    return {
      runId: id,
      outcome,
      pause: () => {
        job.paused = true;
        void job.slot?.api.pause(id);
      },
      resume: () => {
        job.paused = false;
        void job.slot?.api.resume(id);
      },
      cancel: () => this.cancel(id),
      setPace: (pace) => {
        job.request = { ...job.request, pace };
        void job.slot?.api.setPace(id, pace);
      },
    };
  }

  cancel(runId: string): void {
    const job = this.jobs.get(runId);
    if (!job) return;
    if (!job.slot) {
      this.queue = this.queue.filter((j) => j !== job);
      job.settle({ status: 'cancelled' });
      return;
    }
    void job.slot.api.cancel(runId);
  }

  /** Start one idle worker ahead of the first run, so pressing Run does not pay for worker start-up. */
  prewarm(): void {
    if (!this.slots.length) this.spawn();
  }

  /** Number of runs waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Test hook: crash the worker running `runId`. */
  crashWorkerOf(runId: string): void {
    void this.jobs.get(runId)?.slot?.api.crash();
  }

  /** Stop every worker and end every run as cancelled (page unload, tests). */
  terminate(): void {
    for (const s of this.slots) s.worker.terminate();
    for (const j of this.jobs.values()) j.settle({ status: 'cancelled' });
    this.slots = [];
    this.queue = [];
  }

  private spawn(): Slot {
    const worker = this.createWorker();
    const slot: Slot = { worker, api: Comlink.wrap<LabWorkerApi>(worker), busy: null };
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.replace(slot, `worker crashed: ${e.message || 'unknown error'}`);
    });
    worker.addEventListener('messageerror', () => this.replace(slot, 'worker sent an unreadable message'));
    this.slots.push(slot);
    return slot;
  }

  private replace(slot: Slot, reason: string): void {
    if (!this.slots.includes(slot)) return;
    slot.worker.terminate();
    this.slots = this.slots.filter((s) => s !== slot);
    slot.busy?.settle({ status: 'failed', error: reason });
    slot.busy = null;
    this.pump();
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.width) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      this.start(slot, job);
    }
  }

  private start(slot: Slot, job: Job): void {
    slot.busy = job;
    job.slot = slot;
    job.onStart();
    const { runId } = job.request;
    const call = slot.api.run(job.request, Comlink.proxy(job.onEvent));
    if (job.paused) void slot.api.pause(runId);
    call.then(
      (metrics) => {
        job.settle({ status: 'done', metrics });
        if (slot.busy === job) slot.busy = null;
        this.pump();
      },
      (error: unknown) => {
        const name = (error as { name?: string })?.name;
        if (name === 'RunCancelled') {
          job.settle({ status: 'cancelled' });
          if (slot.busy === job) slot.busy = null;
          this.pump();
        } else {
          // A run that threw may have left tfjs state behind: start the next run on a fresh worker.
          job.settle({ status: 'failed', error: (error as Error)?.message ?? String(error) });
          this.replace(slot, 'replaced after a failed run');
        }
      },
    );
  }
}
