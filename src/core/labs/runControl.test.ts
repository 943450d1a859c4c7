import { afterEach, beforeEach, describe, it, expect, vi } from 'vitest';
import type { RunEvent } from './types';
import {
  createRunContext,
  createThrottledEmitter,
  HEARTBEAT_INTERVAL_MS,
  RunCancelled,
  RunController,
  RunDiverged,
  startHeartbeat,
  type Clock,
  yieldToEventLoop,
} from './runControl';

/**
 * Every RunController test runs on fake timers with an injected clock, so no assertion depends on how fast this
 * machine is: the clock reads the fake time (`Date.now()` under `vi.useFakeTimers()`), sleeps are fake
 * `setTimeout`s, and without `MessageChannel` the controller's yield falls back to `setTimeout(0)`, which the fake
 * timers run too. Time moves only when a test advances it.
 */
const fakeClock: Clock = () => Date.now();

function useFakeTime(): void {
  vi.useFakeTimers();
  vi.stubGlobal('MessageChannel', undefined);
}
function useRealTime(): void {
  vi.useRealTimers();
  vi.unstubAllGlobals();
}

/** Whether `p` has settled after `ms` of fake time. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  await vi.advanceTimersByTimeAsync(ms);
  return done;
}

/** Runs `f` to completion on fake time; resolves with its result and the fake milliseconds it took. */
async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = Date.now();
  const p = f();
  await vi.runAllTimersAsync();
  return { value: await p, ms: Date.now() - t0 };
}

describe('RunController (fake timers, injected clock)', () => {
  beforeEach(useFakeTime);
  afterEach(useRealTime);

  it('checkpoint resolves without any time passing when running', async () => {
    const c = new RunController(0, 1, fakeClock);
    const { ms } = await timed(async () => {
      for (let i = 1; i <= 5; i++) await c.checkpoint(i);
    });
    expect(ms).toBe(0);
    expect(c.isPaused).toBe(false);
    expect(c.isCancelled).toBe(false);
  });

  it('cancel makes checkpoint throw RunCancelled', async () => {
    const c = new RunController(0, 1, fakeClock);
    await timed(() => c.checkpoint(1));
    c.cancel();
    expect(c.isCancelled).toBe(true);
    await expect(c.checkpoint(2)).rejects.toBeInstanceOf(RunCancelled);
    await expect(c.checkpoint(3)).rejects.toThrow('run cancelled');
  });

  it('while paused, checkpoint does not resolve until resume', async () => {
    const c = new RunController(0, 1, fakeClock);
    c.pause();
    expect(c.isPaused).toBe(true);
    const p = c.checkpoint(1);
    expect(await settlesWithin(p, 60_000)).toBe(false);
    c.resume();
    expect(c.isPaused).toBe(false);
    await vi.runAllTimersAsync();
    await expect(p).resolves.toBeUndefined();
  });

  it('pause then resume lets a run loop continue where it stopped', async () => {
    const c = new RunController(1000, 1, fakeClock); // paced at 1 ms per unit: 300 units take 300 ms of fake time
    let done = 0;
    const loop = (async () => {
      for (let i = 1; i <= 300; i++) {
        await c.checkpoint(i);
        done = i;
      }
    })();
    await vi.advanceTimersByTimeAsync(30);
    c.pause();
    await vi.advanceTimersByTimeAsync(20);
    const atPause = done;
    expect(atPause).toBeGreaterThanOrEqual(25);
    expect(atPause).toBeLessThanOrEqual(35);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(done).toBe(atPause); // nothing moves while paused
    c.resume();
    await vi.runAllTimersAsync();
    await loop;
    expect(done).toBe(300);
  });

  it('cancel while paused wakes the waiting checkpoint with RunCancelled', async () => {
    const c = new RunController(0, 1, fakeClock);
    c.pause();
    const outcome = c.checkpoint(1).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(20);
    c.cancel();
    await vi.runAllTimersAsync();
    expect(await outcome).toBeInstanceOf(RunCancelled);
  });

  it('pace: 20 checkpoints of 1 unit at 200 units/s take 100 ms', async () => {
    const c = new RunController(200, 1, fakeClock);
    const { ms } = await timed(async () => {
      for (let i = 1; i <= 20; i++) await c.checkpoint(i);
    });
    expect(ms).toBeGreaterThanOrEqual(99);
    expect(ms).toBeLessThanOrEqual(101);
  });

  it('pace 0 (and invalid paces) never sleep', async () => {
    for (const pace of [0, -5, NaN, Infinity]) {
      const c = new RunController(pace, 1, fakeClock);
      const { ms } = await timed(async () => {
        for (let i = 1; i <= 20; i++) await c.checkpoint(i * 1000); // a positive pace would sleep up to 1 s each
      });
      expect(ms).toBe(0);
    }
  });

  it('setPace can change the pace mid-run', async () => {
    const c = new RunController(0, 1, fakeClock);
    const before = await timed(async () => {
      for (let i = 1; i <= 10; i++) await c.checkpoint(i);
    });
    expect(before.ms).toBe(0);
    c.setPace(100); // 10 more units at 100/s = 100 ms
    const after = await timed(async () => {
      for (let i = 11; i <= 20; i++) await c.checkpoint(i);
    });
    expect(after.ms).toBeGreaterThanOrEqual(99);
    expect(after.ms).toBeLessThanOrEqual(101);
  });

  it('a paced sleep is capped at 1 s per checkpoint', async () => {
    const c = new RunController(1, 1, fakeClock); // one unit per second
    const { ms } = await timed(() => c.checkpoint(10)); // due in 10 s
    expect(ms).toBe(1000);
  });

  it('cancel during a paced sleep ends the run with RunCancelled', async () => {
    const c = new RunController(20, 1, fakeClock); // one unit per 50 ms
    const outcome = c.checkpoint(2).then(
      () => 'resolved',
      (e: unknown) => e,
    ); // due in 100 ms
    await vi.advanceTimersByTimeAsync(20);
    c.cancel();
    await vi.runAllTimersAsync();
    expect(await outcome).toBeInstanceOf(RunCancelled);
  });
});

describe('errors and helpers', () => {
  it('RunCancelled and RunDiverged are named Errors with useful messages', () => {
    const a = new RunCancelled();
    expect(a).toBeInstanceOf(Error);
    expect(a.name).toBe('RunCancelled');
    const b = new RunDiverged('w');
    expect(b).toBeInstanceOf(Error);
    expect(b.name).toBe('RunDiverged');
    expect(b.message).toContain('w became NaN or infinite');
  });
  it('yieldToEventLoop lets a queued timer-free task run first', async () => {
    let ran = false;
    void Promise.resolve().then(() => (ran = true));
    await yieldToEventLoop();
    expect(ran).toBe(true);
  });
});

describe('createThrottledEmitter (injected clock)', () => {
  let now = 1000;
  const clock: Clock = () => now;
  const useFakeClock = () => {
    now = 1000;
  };

  const progress = (done: number): RunEvent => ({ type: 'progress', done, total: 100, unitsPerSecond: 1, elapsedSeconds: done, phase: 'train' });
  const points = (series: string, ...xs: number[]): RunEvent => ({ type: 'points', series, rows: xs.map((x) => ({ x, y: 2 * x })) });

  it('flushes the first event at once, then batches points rows per series until the interval passes', () => {
    useFakeClock();
    const out: RunEvent[] = [];
    const em = createThrottledEmitter((e) => out.push(e), 50, clock);
    em.emit(points('train', 0));
    expect(out).toEqual([points('train', 0)]);
    out.length = 0;
    now += 10;
    em.emit(points('train', 1));
    now += 10;
    em.emit(points('eval', 10));
    now += 10;
    em.emit(points('train', 2, 3));
    expect(out).toEqual([]); // 30 ms after the last flush: nothing yet
    now += 20; // 50 ms after the last flush
    em.emit(points('train', 4));
    expect(out).toEqual([points('train', 1, 2, 3, 4), points('eval', 10)]);
  });

  it('coalesces progress (and snapshots by name) to the latest value', () => {
    useFakeClock();
    const out: RunEvent[] = [];
    const em = createThrottledEmitter((e) => out.push(e), 50, clock);
    em.emit(progress(1)); // leading flush
    out.length = 0;
    for (let d = 2; d <= 9; d++) {
      now += 5;
      em.emit(progress(d));
      em.emit({ type: 'snapshot', name: 'bids', data: d });
      em.emit({ type: 'snapshot', name: 'hist', data: -d });
    }
    expect(out).toEqual([]);
    now += 20; // 60 ms since the leading flush
    em.emit(progress(10));
    expect(out).toEqual([
      progress(10),
      { type: 'snapshot', name: 'bids', data: 9 },
      { type: 'snapshot', name: 'hist', data: -9 },
    ]);
  });

  it('final (and log) flush pending data immediately, then pass through', () => {
    useFakeClock();
    const out: RunEvent[] = [];
    const em = createThrottledEmitter((e) => out.push(e), 50, clock);
    em.emit(progress(1));
    out.length = 0;
    now += 1;
    em.emit(points('train', 5));
    em.emit(progress(2));
    now += 1;
    em.emit({ type: 'log', level: 'info', message: 'hello' });
    expect(out).toEqual([points('train', 5), progress(2), { type: 'log', level: 'info', message: 'hello' }]);
    out.length = 0;
    now += 1;
    em.emit(points('train', 6));
    em.emit({ type: 'final', metrics: { w: 0.5 } });
    expect(out).toEqual([points('train', 6), { type: 'final', metrics: { w: 0.5 } }]);
  });

  it('at most one flush per interval over a long burst (≤ ~20 per second at 50 ms)', () => {
    useFakeClock();
    const out: RunEvent[] = [];
    const em = createThrottledEmitter((e) => out.push(e), 50, clock);
    // 1 second of events, one every millisecond
    for (let t = 0; t < 1000; t++) {
      now = 1000 + t;
      em.emit(points('train', t));
    }
    em.flush();
    // flushes at t = 0, 50, 100, …, 950 (20) plus the final explicit flush
    expect(out.length).toBeLessThanOrEqual(21);
    expect(out.length).toBeGreaterThanOrEqual(19);
    // no row lost or duplicated, order kept
    const xs = out.flatMap((e) => (e.type === 'points' ? e.rows.map((r) => r.x) : []));
    expect(xs).toEqual(Array.from({ length: 1000 }, (_, t) => t));
  });

  it('explicit flush with nothing pending emits nothing', () => {
    useFakeClock();
    const out: RunEvent[] = [];
    const em = createThrottledEmitter((e) => out.push(e), 50, clock);
    em.flush();
    expect(out).toEqual([]);
  });

  it('createRunContext wires emit/flush to the throttled sink and checkpoint to the controller', async () => {
    useFakeClock();
    const out: RunEvent[] = [];
    const c = new RunController(0, 1, clock);
    const ctx = createRunContext(c, (e) => out.push(e), 'ts', 50);
    expect(ctx.backend).toBe('ts');
    ctx.emit(points('train', 1));
    now += 1;
    ctx.emit(points('train', 2));
    expect(out).toEqual([points('train', 1)]);
    ctx.flush();
    expect(out).toEqual([points('train', 1), points('train', 2)]);
    await ctx.checkpoint(1);
    c.cancel();
    await expect(ctx.checkpoint(2)).rejects.toBeInstanceOf(RunCancelled);
  });
});

describe('RunController cpu share (fake timers, injected clock)', () => {
  beforeEach(useFakeTime);
  afterEach(useRealTime);

  /** Five stretches of 20 ms of (fake) work, each followed by a checkpoint; resolves with the fake time it took. */
  const run = async (share: number) => {
    const c = new RunController(0, share, fakeClock);
    const { ms } = await timed(async () => {
      for (let k = 1; k <= 5; k++) {
        vi.advanceTimersByTime(20); // the work: 20 ms pass on the clock the controller reads
        await c.checkpoint(k);
      }
    });
    return ms;
  };

  it('sleeps (1/share − 1) × each stretch of work, so a share of 1/2 doubles the wall time', async () => {
    expect(await run(1)).toBe(100);
    expect(await run(0.5)).toBe(200);
    expect(await run(0.25)).toBe(400);
  });

  it('ignores nonsense shares (full speed)', async () => {
    for (const share of [0, -1, Number.NaN, 7]) expect(await run(share)).toBe(100);
  });
});

describe('startHeartbeat (fake timers)', () => {
  afterEach(() => vi.useRealTimers());

  it('beats at once, then once per interval with the acknowledged state, also while paused; stop ends it', () => {
    vi.useFakeTimers();
    const c = new RunController();
    const beats: string[] = [];
    const hb = startHeartbeat(c, (state) => beats.push(state));
    expect(beats).toEqual(['running']);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS * 2);
    expect(beats).toEqual(['running', 'running', 'running']);
    c.pause();
    hb.beat();
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect(beats.slice(3)).toEqual(['paused', 'paused']);
    c.cancel();
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect(beats.at(-1)).toBe('cancelling');
    hb.stop();
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS * 5);
    expect(beats).toHaveLength(6);
  });

  it('sends at most one beat per second of fake time (never floods the page)', () => {
    vi.useFakeTimers();
    let n = 0;
    const hb = startHeartbeat(new RunController(), () => n++);
    vi.advanceTimersByTime(10_000);
    hb.stop();
    expect(n).toBeLessThanOrEqual(11);
    expect(HEARTBEAT_INTERVAL_MS).toBeGreaterThanOrEqual(500);
  });
});
