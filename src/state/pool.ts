import { WorkerPool } from '../workers/client';

/** What the store uses of a worker pool (a test passes a fake with the same surface). */
export type RunPool = Pick<WorkerPool, 'submit' | 'terminate' | 'prewarm' | 'crashWorkerOf' | 'killWorkerOf'>;

let pool: RunPool | null = null;

/** The page's worker pool, created on first use (so tests and the first paint pay nothing). */
export function getPool(): RunPool {
  pool ??= new WorkerPool();
  return pool;
}

/** Replace the pool (tests). */
export function setPool(p: RunPool | null): void {
  pool?.terminate();
  pool = p;
}

/** Start a worker when the page is idle (after first paint), so the first Run starts without a hitch. */
export function prewarmPoolWhenIdle(): void {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void }).requestIdleCallback;
  if (idle) idle(() => getPool().prewarm(), { timeout: 3000 });
  else setTimeout(() => getPool().prewarm(), 1000);
}
