import { MAX_SIDE_BY_SIDE } from '../core/jobs/jobEngine';
import * as Comlink from 'comlink';
import { HEARTBEAT_INTERVAL_MS, type RunState } from '../core/labs/runControl';
import type { FinalMetrics } from '../core/labs/types';
import type { LabWorkerApi, RunRequest, WorkerEvent, WorkerMessage } from './protocol';

/** How a submitted run ended. */
export type RunOutcome =
  | { status: 'done'; metrics: FinalMetrics }
  | { status: 'cancelled' }
  | { status: 'failed'; error: string };

/** Control of one submitted run (queued or running). */
export interface RunHandle {
  readonly runId: string;
  readonly outcome: Promise<RunOutcome>;
  /** The run state its worker last acknowledged (heartbeat), or null while queued, unacknowledged or settled. */
  readonly workerState?: RunState | null;
  /** Heartbeats received from the run's worker so far (proof of time passing on the worker, for tests). */
  readonly heartbeats?: number;
  pause(): void;
  resume(): void;
  cancel(): void;
  setPace(pace: number): void;
}

/** Per-run options of `WorkerPool.submit`. */
export interface SubmitOptions {
  /**
   * Most runs (this one included) that may be on workers when this run starts; default: the pool's `size`.
   * Runs compared live side by side pass their count (capped at `MAX_SIDE_BY_SIDE` above `size`) so they
   * progress together instead of queueing. It holds for this run only: later runs get the default again.
   */
  width?: number;
  /** Told each time the run's worker acknowledges a new state (running, paused, cancelling). */
  onState?: (state: RunState) => void;
}

/** Timers of the pool's watchdog (injected so tests drive it with fake timers). */
export interface WatchdogTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Watchdog settings of a `WorkerPool`; every duration is in milliseconds. */
export interface WorkerPoolOptions {
  timers?: WatchdogTimers;
  /** Watchdog tick (default `HEARTBEAT_INTERVAL_MS`, the workers' heartbeat interval). */
  tickMs?: number;
  /** Silence after which a worker running an acknowledged run is lost (default `WORKER_LOST_AFTER_MS`). */
  lostAfterMs?: number;
  /** Silence after which a worker that never acknowledged its run is lost (default `WORKER_BOOT_MS`). */
  bootMs?: number;
  /** Time a cancelled run's worker gets to stop before it is replaced (default `CANCEL_GRACE_MS`). */
  cancelGraceMs?: number;
}

/**
 * Silence (ms) after which a worker whose run has started is declared lost: ten missed heartbeats, far above
 * the second or two a training chunk may block its thread between checkpoints.
 */
export const WORKER_LOST_AFTER_MS = 10_000;
/** Silence (ms) allowed before a worker acknowledges its run: a fresh worker first loads and evaluates its code. */
export const WORKER_BOOT_MS = 30_000;
/** Time (ms) a cancelled run's worker gets to reach a checkpoint and stop before it is terminated and replaced. */
export const CANCEL_GRACE_MS = 5_000;

/** The error of a run whose worker went silent (a browser out-of-memory kill fires no `error` event). */
export const WORKER_LOST_ERROR =
  'the worker stopped responding (it may have run out of memory); it was replaced, so the next run starts on a fresh worker. Try a smaller configuration';

interface Slot {
  worker: Worker;
  api: Comlink.Remote<LabWorkerApi>;
  /** The run on this worker; after a cancel it stays here, settled, until the worker has stopped it. */
  busy: Job | null;
  /** Messages from the worker since the last watchdog tick. */
  beats: number;
  /** Watchdog ticks in a row without a message while busy. */
  silentTicks: number;
  /** Watchdog ticks since the busy run was cancelled. */
  drainTicks: number;
}

interface Job {
  request: RunRequest;
  onEvent: (e: WorkerEvent) => void;
  onStart: () => void;
  settle: (o: RunOutcome) => void;
  settled: boolean;
  paused: boolean;
  slot: Slot | null;
  width: number;
  acked: RunState | null;
  onState?: (state: RunState) => void;
  heartbeats: number;
  /** Put back in the queue once already, after a worker that was lost before it acknowledged the run. */
  requeued: boolean;
}

/** Default pool size: one worker per core, leaving one core for the page; at least one. */
export function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, cores - 1);
}

export { MAX_SIDE_BY_SIDE };

const defaultFactory = () => new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module', name: 'auction-lab' });

const globalTimers: WatchdogTimers = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

/**
 * A pool of lab workers (Comlink). Runs queue when as many runs are on workers as the head of the queue allows
 * (`SubmitOptions.width`, default `size`). A worker that dies (uncaught error), whose run threw, or that goes
 * silent (no heartbeat for `WORKER_LOST_AFTER_MS`: a browser kill fires no error event) is terminated and
 * replaced; its run ends as `failed` with the reason, and the other runs go on. Workers are created lazily, so
 * the page pays nothing until the first run; workers beyond what the active runs may use are terminated when idle.
 */
export class WorkerPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private jobs = new Map<string, Job>();
  private readonly timers: WatchdogTimers;
  private readonly tickMs: number;
  private readonly lostTicks: number;
  private readonly bootTicks: number;
  private readonly graceTicks: number;
  private watchdog: unknown = null;

  constructor(
    readonly size = defaultPoolSize(),
    private readonly createWorker: () => Worker = defaultFactory,
    options: WorkerPoolOptions = {},
  ) {
    this.timers = options.timers ?? globalTimers;
    this.tickMs = options.tickMs ?? HEARTBEAT_INTERVAL_MS;
    const ticks = (ms: number) => Math.max(1, Math.ceil(ms / this.tickMs));
    this.lostTicks = ticks(options.lostAfterMs ?? WORKER_LOST_AFTER_MS);
    this.bootTicks = ticks(options.bootMs ?? WORKER_BOOT_MS);
    this.graceTicks = ticks(options.cancelGraceMs ?? CANCEL_GRACE_MS);
  }

  /** Workers the pool may run at once now: `size`, or the widest queued or running run's `width`. */
  get maxWorkers(): number {
    let width = this.size;
    for (const j of this.jobs.values()) width = Math.max(width, j.width);
    return width;
  }

  /** Queue a run; `onStart` fires when a worker picks it up. */
  submit(request: RunRequest, onEvent: (e: WorkerEvent) => void, onStart: () => void = () => {}, options: SubmitOptions = {}): RunHandle {
    let settle!: (o: RunOutcome) => void;
    const outcome = new Promise<RunOutcome>((resolve) => (settle = resolve));
    const width = this.clampWidth(options.width ?? this.size);
    const job: Job = { request, onEvent, onStart, settled: false, paused: false, slot: null, settle: () => {}, width, acked: null, onState: options.onState, heartbeats: 0, requeued: false };
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
      get workerState() {
        return job.settled ? null : job.acked;
      },
      get heartbeats() {
        return job.heartbeats;
      },
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

  /**
   * End a run as `cancelled`, at once. A running run's worker is asked to stop; it takes no other run until it
   * has (or, after `CANCEL_GRACE_MS`, it is replaced), so a dead or wedged worker cannot hold a cancel up.
   */
  cancel(runId: string): void {
    const job = this.jobs.get(runId);
    if (!job) return;
    if (!job.slot) {
      this.queue = this.queue.filter((j) => j !== job);
      job.settle({ status: 'cancelled' });
      this.pump();
      return;
    }
    void job.slot.api.cancel(runId);
    job.settle({ status: 'cancelled' });
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

  /** Test hook: kill the worker running `runId` without telling the pool (what a browser out-of-memory kill looks like). */
  killWorkerOf(runId: string): void {
    this.jobs.get(runId)?.slot?.worker.terminate();
  }

  /** Stop every worker and end every run as cancelled (page unload, tests). */
  terminate(): void {
    for (const s of this.slots) s.worker.terminate();
    for (const j of this.jobs.values()) j.settle({ status: 'cancelled' });
    this.slots = [];
    this.queue = [];
    this.stopWatchdog();
  }

  private clampWidth(w: number): number {
    const n = Math.floor(w);
    return Number.isFinite(n) && n >= 1 ? Math.min(n, Math.max(this.size, MAX_SIDE_BY_SIDE)) : this.size;
  }

  private spawn(): Slot {
    const worker = this.createWorker();
    const slot: Slot = { worker, api: Comlink.wrap<LabWorkerApi>(worker), busy: null, beats: 0, silentTicks: 0, drainTicks: 0 };
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

  /** A worker went silent: its run fails, unless the worker never acknowledged it (then it gets one more worker). */
  private lose(slot: Slot): void {
    const job = slot.busy;
    if (job && !job.settled && job.acked === null && !job.requeued) {
      job.requeued = true;
      job.slot = null;
      slot.busy = null;
      this.queue.unshift(job);
    }
    this.replace(slot, WORKER_LOST_ERROR);
  }

  private free(slot: Slot, job: Job): void {
    if (slot.busy !== job) return;
    slot.busy = null;
    this.pump();
  }

  private pump(): void {
    while (this.queue.length) {
      const job = this.queue[0];
      const busy = this.slots.filter((s) => s.busy).length;
      if (busy >= job.width) break;
      const slot = this.slots.find((s) => !s.busy) ?? this.spawn();
      this.queue.shift();
      this.start(slot, job);
    }
    // A wide job leaves several workers behind: let go of the idle ones the runs still active may not use.
    let extra = this.slots.length - this.maxWorkers;
    for (const s of [...this.slots].reverse()) {
      if (extra <= 0) break;
      if (s.busy) continue;
      s.worker.terminate();
      this.slots = this.slots.filter((x) => x !== s);
      extra--;
    }
  }

  private start(slot: Slot, job: Job): void {
    slot.busy = job;
    slot.beats = 0;
    slot.silentTicks = 0;
    slot.drainTicks = 0;
    job.slot = slot;
    job.acked = null;
    this.startWatchdog();
    job.onStart();
    const { runId } = job.request;
    // One ordered channel per run: its events, the worker's acknowledged states, then its end.
    const onMessage = (m: WorkerMessage) => {
      if (slot.busy === job) slot.beats++;
      switch (m.type) {
        case 'heartbeat':
          job.heartbeats++;
          if (slot.busy === job && job.acked !== m.state) {
            job.acked = m.state;
            job.onState?.(m.state);
          }
          return;
        case 'settled':
          if (slot.busy !== job) return;
          job.settle(m.outcome);
          // A run that failed may have left tfjs state behind: the next run starts on a fresh worker.
          if (m.outcome.status === 'failed') this.replace(slot, 'replaced after a failed run');
          else this.free(slot, job);
          return;
        case 'backend':
        case 'final':
        case 'log':
        case 'points':
        case 'progress':
        case 'snapshot':
          job.acked ??= 'running';
          job.onEvent(m);
      }
    };
    const call = slot.api.run(job.request, Comlink.proxy(onMessage));
    if (job.paused) void slot.api.pause(runId);
    call.then(
      () => {
        // `run` resolves after its `settled` message was handled; without one the worker broke its protocol.
        if (slot.busy !== job || job.settled) return;
        job.settle({ status: 'failed', error: 'the worker ended the run without a result' });
        this.replace(slot, 'replaced after a run without a result');
      },
      (error: unknown) => {
        if (slot.busy !== job) return;
        job.settle({ status: 'failed', error: error instanceof Error ? error.message : String(error) });
        this.replace(slot, 'replaced after a failed run');
      },
    );
  }

  private startWatchdog(): void {
    this.watchdog ??= this.timers.setInterval(() => this.tick(), this.tickMs);
  }

  private stopWatchdog(): void {
    if (this.watchdog !== null) this.timers.clearInterval(this.watchdog);
    this.watchdog = null;
  }

  /**
   * One watchdog tick. Silence is counted in ticks, not by a clock, so a page whose main thread was blocked or
   * throttled (a background tab) wakes up to one tick and the beats queued meanwhile, never to a false loss.
   */
  private tick(): void {
    for (const slot of [...this.slots]) {
      const job = slot.busy;
      if (!job) continue;
      slot.silentTicks = slot.beats > 0 ? 0 : slot.silentTicks + 1;
      slot.beats = 0;
      if (job.settled) {
        if (++slot.drainTicks >= this.graceTicks) this.replace(slot, 'cancelled run did not stop');
      } else if (slot.silentTicks >= (job.acked === null ? this.bootTicks : this.lostTicks)) {
        this.lose(slot);
      }
    }
    if (!this.slots.some((s) => s.busy)) this.stopWatchdog();
  }
}
