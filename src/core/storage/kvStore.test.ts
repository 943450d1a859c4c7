import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openKvStore } from './kvStore';

describe('key-value store', () => {
  it('kv store: get/put/update/delete round-trip typed arrays', async () => {
    const kv = openKvStore(new IDBFactory(), 'kv-test');
    expect(kv.kind).toBe('indexeddb');
    await kv.put('a', [Float32Array.from([1, 2])]);
    expect(await kv.get('a')).toEqual([Float32Array.from([1, 2])]);
    const r = await kv.update<number, string>('n', (cur) => ({ value: (cur ?? 0) + 1, result: 'ok' }));
    expect(r).toBe('ok');
    await kv.update<number, null>('n', (cur) => ({ value: cur! + 1, result: null }));
    expect(await kv.get('n')).toBe(2);
    await kv.delete('n');
    expect(await kv.get('n')).toBeUndefined();
  });

  it('without a factory: a memory store with the same contract (values are copies)', async () => {
    const kv = openKvStore(undefined);
    expect(kv.kind).toBe('memory');
    const v = { a: [1] };
    await kv.put('mem-test', v);
    v.a.push(2);
    expect(await kv.get('mem-test')).toEqual({ a: [1] });
    expect(await kv.update<{ a: number[] }, number>('mem-test', (c) => ({ value: { a: [...c!.a, 3] }, result: c!.a.length }))).toBe(1);
    expect(await kv.get('mem-test')).toEqual({ a: [1, 3] });
  });
  it('parallel read-modify-writes through IndexedDB transactions lose no update', async () => {
    const kv = openKvStore(new IDBFactory(), 'kv-race');
    await Promise.all(Array.from({ length: 20 }, () => kv.update<number, null>('n', (c) => ({ value: (c ?? 0) + 1, result: null }))));
    expect(await kv.get('n')).toBe(20);
  });
});
