import type { WarmStartCache } from '../../core/labs/optimalAuction/run';
import type { KvStore } from '../../core/storage/kvStore';
import { environmentKvStore } from './browserStore';

/** Most numbers a stored warm start may hold (the largest network the schema allows is far smaller). */
const MAX_WARM_START_NUMBERS = 50_000_000;

/**
 * Stored phase-1 weights, or undefined when they are not a list of Float32Arrays of finite numbers within the
 * bound (a corrupt entry then counts as no warm start: phase 1 runs again). Their shapes are checked against the
 * network when they are loaded.
 */
export function readWarmStart(raw: unknown): Float32Array[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  let total = 0;
  const out: Float32Array[] = [];
  for (const w of raw) {
    if (!(w instanceof Float32Array)) return undefined;
    total += w.length;
    if (total > MAX_WARM_START_NUMBERS || !w.every(Number.isFinite)) return undefined;
    out.push(w);
  }
  return out;
}

/** Phase-1 weights in the lab's key-value store under `warmstart|<key>` (Float32Arrays clone as they are). */
export function kvWarmStartCache(store: KvStore): WarmStartCache {
  return {
    get: async (key) => (await store.get(`warmstart|${key}`, readWarmStart)) ?? null,
    put: (key, weights) => store.put(`warmstart|${key}`, weights),
  };
}

let shared: WarmStartCache | null = null;

/** The cache runs use by default: IndexedDB in a worker, per-process memory in Node. */
export function defaultWarmStartCache(): WarmStartCache {
  shared ??= kvWarmStartCache(environmentKvStore());
  return shared;
}
