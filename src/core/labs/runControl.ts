import type { RunContext, RunEvent, SeriesRow } from './types';

/** Thrown inside a run loop when the run was cancelled; callers treat it as a normal end. */
export class RunCancelled extends Error {
  constructor() {
    super('run cancelled');
    this.name = 'RunCancelled';
  }
}

/** Thrown when training produced NaN or Infinity; the curve so far is kept. */
export class RunDiverged extends Error {
  constructor(what: string) {
    super(`training diverged: ${what} became NaN or infinite; lower the learning rate or β`);
    this.name = 'RunDiverged';
  }
}

/** Yield to the event loop (so pause/cancel messages get through) without the 4 ms setTimeout clamp. */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel !== 'undefined') {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(0);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A monotonic clock in milliseconds (the origin is arbitrary: only differences are read). */
export type Clock = () => number;

/** The real clock, `performance.now()`. Tests inject their own (e.g. one driven by fake timers). */
export const realClock: Clock = () => performance.now();

/**
 * Pause / resume / cancel / pace for one run. The run loop calls `checkpoint` between chunks; the owner
 * (worker or CLI) calls the other methods. `pace` is the largest number of work units per second (0: as
 * fast as possible), so a class can watch a curve move at a readable speed. `clock` (default `realClock`)
 * is where every time reading comes from; sleeps use `setTimeout`.
 */
export class RunController {
  private paused = false;
  private cancelled = false;
  private resumeWaiters: (() => void)[] = [];
  private paceUnitsPerSecond = 0;
  private paceOrigin = { time: 0, units: 0 };
  private lastYield = 0;
  private lastUnits = 0;
  private cpuShare = 1;
  private workStart: number;
  /** The clock this controller reads (also the clock of the emitter `createRunContext` builds on it). */
  readonly clock: Clock;

  constructor(pace = 0, cpuShare = 1, clock: Clock = realClock) {
    this.clock = clock;
    this.workStart = clock();
    this.setPace(pace);
    this.setCpuShare(cpuShare);
  }

  /**
   * Largest share of one core this run may use (0 < share ≤ 1; default 1): after each stretch of work the run
   * sleeps (1/share − 1) × that stretch. Runs shown side by side on a machine with fewer free cores than runs use it
   * so that, together, they leave a core to the page.
   */
  setCpuShare(share: number): void {
    this.cpuShare = Number.isFinite(share) && share > 0 ? Math.min(1, share) : 1;
  }

  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
    this.paceOrigin = { time: this.clock(), units: this.lastUnits };
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    for (const w of waiters) w();
  }
  cancel(): void {
    this.cancelled = true;
    this.resume();
  }
  setPace(unitsPerSecond: number): void {
    this.paceUnitsPerSecond = Number.isFinite(unitsPerSecond) && unitsPerSecond > 0 ? unitsPerSecond : 0;
    this.paceOrigin = { time: this.clock(), units: this.lastUnits };
  }
  get isPaused(): boolean {
    return this.paused;
  }
  get isCancelled(): boolean {
    return this.cancelled;
  }
  /** The state the run is in, as the owner reports it back (e.g. in a heartbeat). */
  get state(): RunState {
    return this.cancelled ? 'cancelling' : this.paused ? 'paused' : 'running';
  }

  /** See `RunContext.checkpoint`. Yields at least every ~25 ms of work. */
  async checkpoint(unitsDone: number): Promise<void> {
    this.lastUnits = unitsDone;
    let now = this.clock();
    if (this.cpuShare < 1) {
      const worked = now - this.workStart;
      if (worked > 10) {
        await sleep(Math.min(1000, worked * (1 / this.cpuShare - 1)));
        now = this.clock();
        this.workStart = now;
        this.lastYield = now;
      }
    }
    if (now - this.lastYield > 25 || this.paused) {
      this.lastYield = now;
      await yieldToEventLoop();
    }
    while (this.paused && !this.cancelled) {
      await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
      this.workStart = this.clock();
    }
    if (this.cancelled) throw new RunCancelled();
    if (this.paceUnitsPerSecond > 0) {
      const due = this.paceOrigin.time + ((unitsDone - this.paceOrigin.units) / this.paceUnitsPerSecond) * 1000;
      const wait = due - this.clock();
      if (wait > 1) await sleep(Math.min(wait, 1000));
      if (this.cancelled) throw new RunCancelled();
    }
  }
}

/** A run's state as its owner acknowledges it: `cancelling` until the run loop reaches its next checkpoint. */
export type RunState = 'running' | 'paused' | 'cancelling';

/**
 * Interval between heartbeats, in milliseconds (one message per second per busy worker). The page declares a
 * worker lost after many missed beats, so a run loop that blocks its thread for a second or two between
 * checkpoints is never mistaken for a dead one.
 */
export const HEARTBEAT_INTERVAL_MS = 1000;

/** A running heartbeat: `beat` sends one now (after a pause or resume, to acknowledge it at once), `stop` ends it. */
export interface Heartbeat {
  beat(): void;
  stop(): void;
}

/**
 * Send `send(controller.state)` now and then every `intervalMs` (default `HEARTBEAT_INTERVAL_MS`) until `stop`.
 * The timer runs on the run's own thread, so beats come whenever the run loop yields: while paused (waiting for
 * resume), during a paced or CPU-share sleep, and between chunks; a thread that is killed or wedged goes silent.
 */
export function startHeartbeat(controller: RunController, send: (state: RunState) => void, intervalMs = HEARTBEAT_INTERVAL_MS): Heartbeat {
  const beat = () => send(controller.state);
  const timer = setInterval(beat, intervalMs);
  beat();
  return { beat, stop: () => clearInterval(timer) };
}

/**
 * Wrap an event sink so that `points` rows are batched and everything else is coalesced: at most one
 * flush per `intervalMs` (default 50 ms, i.e. ≤ 20 per second). `progress` and `snapshot` keep only the
 * latest; `final` and `log` flush immediately.
 */
export function createThrottledEmitter(sink: (e: RunEvent) => void, intervalMs = 50, clock: Clock = realClock) {
  const rows = new Map<string, SeriesRow[]>();
  const latest = new Map<string, RunEvent>();
  let last = 0;

  const flush = () => {
    last = clock();
    for (const [series, r] of rows) if (r.length) sink({ type: 'points', series, rows: r });
    rows.clear();
    for (const e of latest.values()) sink(e);
    latest.clear();
  };

  return {
    emit(e: RunEvent): void {
      if (e.type === 'points') {
        const list = rows.get(e.series) ?? [];
        for (const r of e.rows) list.push(r);
        rows.set(e.series, list);
      } else if (e.type === 'progress') latest.set('progress', e);
      else if (e.type === 'snapshot') latest.set(`snapshot:${e.name}`, e);
      else {
        flush();
        sink(e);
        return;
      }
      if (clock() - last >= intervalMs) flush();
    },
    flush,
  };
}

/** Build the `RunContext` a run loop sees from a controller and a sink; the emitter reads the controller's clock. */
export function createRunContext(
  controller: RunController,
  sink: (e: RunEvent) => void,
  backend: string,
  intervalMs = 50,
): RunContext & { flush(): void } {
  const throttled = createThrottledEmitter(sink, intervalMs, controller.clock);
  return {
    emit: throttled.emit,
    flush: throttled.flush,
    checkpoint: (units) => controller.checkpoint(units),
    backend,
  };
}
