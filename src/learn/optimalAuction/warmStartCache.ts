import type { WarmStartCache } from '../../core/labs/optimalAuction/run';
import type { KvStore } from '../../core/storage/kvStore';
import { environmentKvStore } from './browserStore';

/** Phase-1 weights in the lab's key-value store under `warmstart|<key>` (Float32Arrays clone as they are). */
export function kvWarmStartCache(store: KvStore): WarmStartCache {
  return {
    get: async (key) => (await store.get<Float32Array[]>(`warmstart|${key}`)) ?? null,
    put: (key, weights) => store.put(`warmstart|${key}`, weights),
  };
}

let shared: WarmStartCache | null = null;

/** The cache runs use by default: IndexedDB in a worker, per-process memory in Node. */
export function defaultWarmStartCache(): WarmStartCache {
  shared ??= kvWarmStartCache(environmentKvStore());
  return shared;
}
