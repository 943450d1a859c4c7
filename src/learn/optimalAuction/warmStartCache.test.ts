import { describe, expect, it } from 'vitest';
import { openKvStore } from '../../core/storage/kvStore';
import { kvWarmStartCache, readWarmStart } from './warmStartCache';

describe('stored warm starts', () => {
  it('weights the cache wrote read back; anything else counts as no warm start', async () => {
    const cache = kvWarmStartCache(openKvStore(undefined));
    const weights = [Float32Array.from([0.5, -1]), Float32Array.from([2])];
    await cache.put('warm-ok', weights);
    expect(await cache.get('warm-ok')).toEqual(weights);
    expect(readWarmStart([[0.5, 1]])).toBeUndefined();
    expect(readWarmStart([Float32Array.from([NaN])])).toBeUndefined();
    expect(readWarmStart('weights')).toBeUndefined();
    expect(readWarmStart(null)).toBeUndefined();
  });
});
