import { afterEach, describe, it, expect, vi } from 'vitest';
import type { RunEvent } from './types';
import {
  createRunContext,
  createThrottledEmitter,
  HEARTBEAT_INTERVAL_MS,
  RunCancelled,
  RunController,
  RunDiverged,
  startHeartbeat,
  yieldToEventLoop,
} from './runControl';

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Whether `p` settles within `ms`. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  await wait(ms);
  return done;
}

describe('RunController', () => {
  it('checkpoint resolves promptly when running', async () => {
    const c = new RunController();
    for (let i = 1; i <= 5; i++) await c.checkpoint(i);
    expect(c.isPaused).toBe(false);
    expect(c.isCancelled).toBe(false);
  });

  it('cancel makes checkpoint throw RunCancelled', async () => {
    const c = new RunController();
    await c.checkpoint(1);
    c.cancel();
    expect(c.isCancelled).toBe(true);
    await expect(c.checkpoint(2)).rejects.toBeInstanceOf(RunCancelled);
    await expect(c.checkpoint(3)).rejects.toThrow('run cancelled');
  });

  it('while paused, checkpoint does not resolve until resume', async () => {
    const c = new RunController();
    c.pause();
    expect(c.isPaused).toBe(true);
    const p = c.checkpoint(1);
    expect(await settlesWithin(p, 60)).toBe(false);
    c.resume();
    expect(c.isPaused).toBe(false);
    await expect(p).resolves.toBeUndefined();
  });

  it('pause then resume lets a run loop continue where it stopped', async () => {
    const c = new RunController(1000); // paced at 1 ms per unit (≥ 300 ms in all) so the loop is still going when we pause
    let done = 0;
    const loop = (async () => {
      for (let i = 1; i <= 300; i++) {
        await c.checkpoint(i);
        done = i;
      }
    })();
    await wait(30);
    c.pause();
    await wait(20);
    const atPause = done;
    expect(atPause).toBeGreaterThan(0);
    expect(atPause).toBeLessThan(300);
    await wait(60);
    expect(done).toBe(atPause); // nothing moves while paused
    c.resume();
    await loop;
    expect(done).toBe(300);
  });

  it('cancel while paused wakes the waiting checkpoint with RunCancelled', async () => {
    const c = new RunController();
    c.pause();
    const p = c.checkpoint(1);
    const outcome = p.then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await wait(20);
    c.cancel();
    expect(await outcome).toBeInstanceOf(RunCancelled);
  });

  it('pace: 20 checkpoints of 1 unit at 200 units/s take ≳ 100 ms (≥ 80 ms)', async () => {
    const c = new RunController(200);
    const t0 = performance.now();
    for (let i = 1; i <= 20; i++) await c.checkpoint(i);
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(80);
    expect(elapsed).toBeLessThan(2000);
  });

  it('pace 0 (and invalid paces) run as fast as possible', async () => {
    for (const pace of [0, -5, NaN, Infinity]) {
      const c = new RunController(pace);
      const t0 = performance.now();
      for (let i = 1; i <= 20; i++) await c.checkpoint(i * 1000);
      expect(performance.now() - t0).toBeLessThan(500); // a positive pace would sleep up to 1 s per checkpoint here
    }
  });

  it('setPace can change the pace mid-run', async () => {
    const c = new RunController(0);
    for (let i = 1; i <= 10; i++) await c.checkpoint(i);
    c.setPace(100); // 10 more units at 100/s ≈ 100 ms
    const t0 = performance.now();
    for (let i = 11; i <= 20; i++) await c.checkpoint(i);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(70);
  });

  it('cancel during a paced sleep ends the run with RunCancelled', async () => {
    const c = new RunController(20); // one unit per 50 ms
    const p = c.checkpoint(2); // due in ~100 ms
    const outcome = p.then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await wait(20);
    c.cancel();
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

describe('createThrottledEmitter (fake clock via performance.now)', () => {
  let now = 1000;
  const useFakeClock = () => {
    now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
  };
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const progress = (done: number): RunEvent => ({ type: 'progress', done, total: 100, unitsPerSecond: 1, elapsedSeconds: done, phase: 'train' });
  const points = (series: string, ...xs: number[]): RunEvent => ({ type: 'points', series, rows: xs.map((x) => ({ x, y: 2 * x })) });

  it('flushes the first event at once, then batches points rows per series until the interval passes', () => {
    useFakeClock();
    const out: RunEvent[] = [];
    const em = createThrottledEmitter((e) => out.push(e), 50);
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
    const em = createThrottledEmitter((e) => out.push(e), 50);
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
    const em = createThrottledEmitter((e) => out.push(e), 50);
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
    const em = createThrottledEmitter((e) => out.push(e), 50);
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
    const em = createThrottledEmitter((e) => out.push(e), 50);
    em.flush();
    expect(out).toEqual([]);
  });

  it('createRunContext wires emit/flush to the throttled sink and checkpoint to the controller', async () => {
    useFakeClock();
    const out: RunEvent[] = [];
    const c = new RunController();
    const ctx = createRunContext(c, (e) => out.push(e), 'ts', 50);
    expect(ctx.backend).toBe('ts');
    ctx.emit(points('train', 1));
    now += 1;
    ctx.emit(points('train', 2));
    expect(out).toEqual([points('train', 1)]);
    ctx.flush();
    expect(out).toEqual([points('train', 1), points('train', 2)]);
    vi.restoreAllMocks();
    await ctx.checkpoint(1);
    c.cancel();
    await expect(ctx.checkpoint(2)).rejects.toBeInstanceOf(RunCancelled);
  });
});

describe('RunController cpu share', () => {
  it('sleeps (1/share − 1) × each stretch of work, so a share of 1/2 roughly doubles the wall time', async () => {
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const run = async (share: number) => {
      const c = new RunController(0, share);
      const t0 = performance.now();
      for (let k = 1; k <= 5; k++) {
        busy(20);
        await c.checkpoint(k);
      }
      return performance.now() - t0;
    };
    const full = await run(1);
    const half = await run(0.5);
    expect(half).toBeGreaterThan(full + 80); // ≥ 5 × 20 ms of sleep, minus timer slack
  });

  it('ignores nonsense shares (full speed)', async () => {
    for (const share of [0, -1, Number.NaN, 7]) {
      const c = new RunController(0, share);
      const t0 = performance.now();
      await c.checkpoint(1);
      expect(performance.now() - t0).toBeLessThan(50);
    }
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
