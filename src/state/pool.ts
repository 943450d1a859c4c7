import { WorkerPool } from '../workers/client';

let pool: WorkerPool | null = null;

/** The page's worker pool, created on first use (so tests and the first paint pay nothing). */
export function getPool(): WorkerPool {
  pool ??= new WorkerPool();
  return pool;
}

/** Replace the pool (tests). */
export function setPool(p: WorkerPool | null): void {
  pool?.terminate();
  pool = p;
}
