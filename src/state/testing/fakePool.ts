import type { RunHandle, RunOutcome } from '../../workers/client';
import type { RunRequest, WorkerEvent } from '../../workers/protocol';
import { setPool, type RunPool } from '../pool';

/** One run the fake pool received: its request, and how the test drives it. */
export interface FakeSubmission {
  request: RunRequest;
  /** Stream an event as the worker would. */
  emit(e: WorkerEvent): void;
  /** Report that a worker picked the run up. */
  start(): void;
  /** End the run with an outcome. */
  settle(o: RunOutcome): void;
  cancelled: boolean;
}

/**
 * Installs a pool that runs nothing: it records every submission and lets the test start, stream to and settle
 * each run by hand (cancel settles as `cancelled`, as the real pool does). For store tests in Node.
 */
export function installFakePool(): FakeSubmission[] {
  const submitted: FakeSubmission[] = [];
  const pool: RunPool = {
    submit(request: RunRequest, onEvent: (e: WorkerEvent) => void, onStart: () => void = () => {}): RunHandle {
      let resolve!: (o: RunOutcome) => void;
      const outcome = new Promise<RunOutcome>((r) => (resolve = r));
      const sub: FakeSubmission = {
        request,
        emit: onEvent,
        start: onStart,
        settle: (o) => resolve(o),
        cancelled: false,
      };
      submitted.push(sub);
      return {
        runId: request.runId,
        outcome,
        pause() {},
        resume() {},
        cancel() {
          sub.cancelled = true;
          resolve({ status: 'cancelled' });
        },
        setPace() {},
      };
    },
    terminate() {},
    prewarm() {},
    crashWorkerOf() {},
    killWorkerOf() {},
  };
  setPool(pool);
  return submitted;
}
