import * as Comlink from 'comlink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunState } from '../core/labs/runControl';
import type { FinalMetrics } from '../core/labs/types';
import { WorkerPool, type RunOutcome, type WatchdogTimers } from './client';
import type { LabWorkerApi, RunRequest, WorkerMessage } from './protocol';

type Sink = (m: WorkerMessage) => Promise<void>;

/** One `run` call as the fake worker received it; the test drives it. */
interface Call {
  request: RunRequest;
  /** Send on the run's event callback; resolves once the page has handled it. */
  send: Sink;
  beat(state?: RunState): Promise<void>;
  resolve(m: FinalMetrics): void;
  /** End the run as cancelled, as the worker does once it has stopped at a checkpoint. */
  stopped(): void;
  reject(e: Error): void;
}

/**
 * A stand-in for a lab worker: the Worker surface Comlink needs over a real MessageChannel, with a fake
 * `LabWorkerApi` exposed on the other end. `die()` silences it the way a browser kill does: no error event,
 * no more messages.
 */
class FakeWorker {
  readonly calls: Call[] = [];
  readonly control: string[] = [];
  terminated = false;
  private readonly page: MessagePort;
  private readonly inside: MessagePort;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.page = port1;
    this.inside = port2;
    const api: LabWorkerApi = {
      run: (request, onMessage) =>
        new Promise<void>((resolve, reject) => {
          const send: Sink = async (m) => onMessage(m);
          this.calls.push({
            request,
            send,
            beat: (state = 'running') => send({ type: 'heartbeat', runId: request.runId, state }),
            // As the real worker does: the end goes last on the run's own channel, then `run` resolves.
            resolve: (metrics) => void send({ type: 'settled', runId: request.runId, outcome: { status: 'done', metrics } }).then(() => resolve()),
            stopped: () => void send({ type: 'settled', runId: request.runId, outcome: { status: 'cancelled' } }).then(() => resolve()),
            reject,
          });
        }),
      pause: (id) => void this.control.push(`pause ${id}`),
      resume: (id) => void this.control.push(`resume ${id}`),
      cancel: (id) => void this.control.push(`cancel ${id}`),
      setPace: () => {},
      crash: () => {},
    };
    Comlink.expose(api, port2);
    port1.start();
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    this.page.postMessage(message, transfer as never);
  }
  addEventListener(type: string, listener: EventListener): void {
    if (type === 'message') this.page.addEventListener('message', listener as never);
  }
  removeEventListener(type: string, listener: EventListener): void {
    if (type === 'message') this.page.removeEventListener('message', listener as never);
  }
  terminate(): void {
    this.terminated = true;
    this.page.close();
    this.inside.close();
  }
  die(): void {
    this.inside.close();
  }
  /** The call of `runId`, once it has arrived. */
  call(runId: string): Call | undefined {
    return this.calls.find((c) => c.request.runId === runId);
  }
}

const turn = () => new Promise<void>((r) => setImmediate(r));

/** Let messages flow (event-loop turns, no clock) until `cond` holds. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await turn();
  }
  throw new Error(`never happened: ${what}`);
}

const request = (runId: string): RunRequest => ({ runId, lab: 'learn-to-bid', config: {}, seed: 1, backend: 'ts', pace: 0 });

/** Whether a promise has settled yet, readable synchronously. */
function track(outcome: Promise<RunOutcome>): { readonly value: RunOutcome | undefined } {
  const t: { value: RunOutcome | undefined } = { value: undefined };
  void outcome.then((o) => (t.value = o));
  return t;
}


describe('WorkerPool (fake workers, fake timers)', () => {
  let workers: FakeWorker[];
  let pool: WorkerPool;
  // The watchdog's timers, injected; vi's fake interval stands behind them.
  const timers: WatchdogTimers = {
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
  };
  const factory = () => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  };
  /** Advance fake time one watchdog tick (1 s by default) at a time, letting messages flow between ticks. */
  const ticks = async (n: number) => {
    for (let i = 0; i < n; i++) {
      vi.advanceTimersByTime(1000);
      await turn();
    }
  };
  const active = () => workers.filter((w) => !w.terminated);
  const running = () => active().flatMap((w) => w.calls.filter((c) => !(c as { done?: boolean }).done));

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    workers = [];
  });
  afterEach(() => {
    pool?.terminate();
    vi.useRealTimers();
  });

  it('a worker that dies silently: its run fails after the loss bound, the worker is replaced, the next run starts', async () => {
    pool = new WorkerPool(1, factory, { timers });
    const a = pool.submit(request('a'), () => {});
    const b = pool.submit(request('b'), () => {});
    const outA = track(a.outcome);
    await until(() => !!workers[0]?.call('a'), 'run a reaches the worker');
    const callA = workers[0].call('a')!;
    // A live worker beating once a tick (also while paused) is never lost, however long its run takes.
    for (let i = 0; i < 25; i++) {
      if (i === 10) a.pause();
      await callA.beat(i >= 10 ? 'paused' : 'running');
      await ticks(1);
    }
    expect(outA.value).toBeUndefined();
    expect(pool.queued).toBe(1);

    workers[0].die();
    await ticks(9);
    expect(outA.value).toBeUndefined();
    await ticks(2);
    expect(outA.value).toEqual({ status: 'failed', error: expect.stringMatching(/worker stopped responding \(it may have run out of memory\)/) });
    expect(workers[0].terminated).toBe(true);
    await until(() => !!workers[1]?.call('b'), 'run b starts on a fresh worker');
    expect(pool.queued).toBe(0);
    workers[1].call('b')!.resolve({ x: 1 });
    expect(await b.outcome).toEqual({ status: 'done', metrics: { x: 1 } });
  });

  it('cancel of a run whose worker died settles at once; the worker is replaced after the grace and the next run starts', async () => {
    pool = new WorkerPool(1, factory, { timers });
    const a = pool.submit(request('a'), () => {});
    pool.submit(request('b'), () => {});
    await until(() => !!workers[0]?.call('a'), 'run a reaches the worker');
    await workers[0].call('a')!.beat();
    workers[0].die();
    const outA = track(a.outcome);
    a.cancel();
    await turn();
    expect(outA.value).toEqual({ status: 'cancelled' });
    await ticks(5);
    expect(workers[0].terminated).toBe(true);
    await until(() => !!workers[1]?.call('b'), 'run b starts on a fresh worker');
  });

  it('cancel of a live run settles before the worker stops; that worker takes the next run once it has stopped', async () => {
    pool = new WorkerPool(1, factory, { timers });
    const a = pool.submit(request('a'), () => {});
    pool.submit(request('b'), () => {});
    await until(() => !!workers[0]?.call('a'), 'run a reaches the worker');
    const outA = track(a.outcome);
    a.cancel();
    await until(() => workers[0].control.includes('cancel a'), 'the worker is asked to stop');
    expect(outA.value).toEqual({ status: 'cancelled' });
    expect(pool.queued).toBe(1);
    workers[0].call('a')!.stopped();
    await until(() => !!workers[0].call('b'), 'run b starts on the same worker');
    expect(workers).toHaveLength(1);
  });

  it('a worker lost before it acknowledged its run gives that run one more worker', async () => {
    pool = new WorkerPool(1, factory, { timers });
    const a = pool.submit(request('a'), () => {});
    await until(() => !!workers[0]?.call('a'), 'run a reaches the worker');
    workers[0].die();
    await ticks(30);
    await until(() => !!workers[1]?.call('a'), 'run a is retried on a fresh worker');
    const outA = track(a.outcome);
    await turn();
    expect(outA.value).toBeUndefined();
    workers[1].call('a')!.resolve({ ok: 1 });
    expect(await a.outcome).toEqual({ status: 'done', metrics: { ok: 1 } });
  });

  it('heartbeats are consumed by the pool, never forwarded as run events', async () => {
    pool = new WorkerPool(1, factory, { timers });
    const events: WorkerMessage[] = [];
    const a = pool.submit(request('a'), (e) => events.push(e));
    await until(() => !!workers[0]?.call('a'), 'run a reaches the worker');
    const callA = workers[0].call('a')!;
    await callA.beat();
    await callA.send({ type: 'progress', done: 1, total: 2, unitsPerSecond: 1, elapsedSeconds: 1, phase: 'training' });
    await callA.beat('paused');
    expect(events.map((e) => e.type)).toEqual(['progress']);
    expect(a.workerState).toBe('paused');
  });

  it('a run ends on its own ordered channel: every event it sent is delivered before its outcome', async () => {
    pool = new WorkerPool(1, factory, { timers });
    const events: string[] = [];
    const a = pool.submit(request('a'), (e) => events.push(e.type));
    await until(() => !!workers[0]?.call('a'), 'run a reaches the worker');
    const callA = workers[0].call('a')!;
    void callA.send({ type: 'points', series: 'train', rows: [{ step: 1 }] });
    void callA.send({ type: 'final', metrics: { w: [0.5] } });
    callA.resolve({ w: [0.5] });
    const out = await a.outcome;
    expect(out).toEqual({ status: 'done', metrics: { w: [0.5] } });
    expect(events).toEqual(['points', 'final']);
  });

  it('tells the caller each state the worker acknowledges (paused only once the worker says so)', async () => {
    pool = new WorkerPool(1, factory, { timers });
    const states: string[] = [];
    const a = pool.submit(request('a'), () => {}, () => {}, { onState: (st) => states.push(st) });
    await until(() => !!workers[0]?.call('a'), 'run a reaches the worker');
    const callA = workers[0].call('a')!;
    await callA.beat('running');
    a.pause();
    await until(() => workers[0].control.includes('pause a'), 'the worker is asked to pause');
    expect(states).toEqual(['running']);
    await callA.beat('paused');
    await callA.beat('paused');
    expect(states).toEqual(['running', 'paused']);
  });

  it('width is per job: three side-by-side runs at once, then a sweep runs one at a time and extra workers go', async () => {
    pool = new WorkerPool(1, factory, { timers });
    const side = ['m1', 'm2', 'm3'].map((id) => pool.submit(request(id), () => {}, () => {}, { width: 3 }));
    await until(() => running().length === 3, 'three runs at once');
    for (const w of workers) for (const c of w.calls) (c.resolve({}), Object.assign(c, { done: true }));
    await Promise.all(side.map((h) => h.outcome));

    const sweep = ['s1', 's2', 's3'].map((id) => pool.submit(request(id), () => {}));
    await until(() => running().length === 1, 'the first sweep run starts');
    for (let i = 0; i < 20; i++) await turn();
    expect(running()).toHaveLength(1);
    expect(pool.queued).toBe(2);
    expect(active()).toHaveLength(1);
    expect(pool.maxWorkers).toBe(1);
    sweep.forEach((h) => h.cancel());
  });
});
