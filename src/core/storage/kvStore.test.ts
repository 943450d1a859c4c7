// `idb` recognises IndexedDB objects by the global classes: install fake-indexeddb's as globals.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { OA_DB_NAME, openKvStore } from './kvStore';

/** Readers for values this test wrote itself. */
const asIs = (raw: unknown): unknown => raw;
const asNumber = (raw: unknown): number | undefined => (typeof raw === 'number' ? raw : undefined);

/** The upgrade of the hand-written store that preceded `database.ts`, kept verbatim as a fixture. */
function openOldDb(idb: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = idb.open(name, 1);
    r.onupgradeneeded = () => {
      if (!r.result.objectStoreNames.contains('kv')) r.result.createObjectStore('kv');
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

describe('key-value store', () => {
  it('kv store: get/put/update/delete round-trip typed arrays', async () => {
    const kv = openKvStore(new IDBFactory(), 'kv-test');
    expect(kv.kind).toBe('indexeddb');
    await kv.put('a', [Float32Array.from([1, 2])]);
    expect(await kv.get('a', asIs)).toEqual([Float32Array.from([1, 2])]);
    const r = await kv.update<number, string>('n', asNumber, (cur) => ({ value: (cur ?? 0) + 1, result: 'ok' }));
    expect(r).toBe('ok');
    await kv.update<number, null>('n', asNumber, (cur) => ({ value: cur! + 1, result: null }));
    expect(await kv.get('n', asIs)).toBe(2);
    await kv.delete('n');
    expect(await kv.get('n', asIs)).toBeUndefined();
  });

  it('without a factory: a memory store with the same contract (values are copies)', async () => {
    const kv = openKvStore(undefined);
    expect(kv.kind).toBe('memory');
    const v = { a: [1] };
    await kv.put('mem-test', v);
    v.a.push(2);
    expect(await kv.get('mem-test', asIs)).toEqual({ a: [1] });
    expect(await kv.update<{ a: number[] }, number>('mem-test', (raw) => raw as { a: number[] } | undefined, (c) => ({ value: { a: [...c!.a, 3] }, result: c!.a.length }))).toBe(1);
    expect(await kv.get('mem-test', asIs)).toEqual({ a: [1, 3] });
  });
  it('parallel read-modify-writes through IndexedDB transactions lose no update', async () => {
    const kv = openKvStore(new IDBFactory(), 'kv-race');
    await Promise.all(Array.from({ length: 20 }, () => kv.update<number, null>('n', asNumber, (c) => ({ value: (c ?? 0) + 1, result: null }))));
    expect(await kv.get('n', asIs)).toBe(20);
  });

  it('values really live in IndexedDB (read back through a raw connection)', async () => {
    const factory = new IDBFactory();
    const kv = openKvStore(factory, 'kv-raw');
    await kv.put('k', { x: 1 });
    expect(await kv.status()).toEqual({ available: true });
    const raw = await openOldDb(factory, 'kv-raw');
    expect(await request(raw.transaction('kv').objectStore('kv').get('k'))).toEqual({ x: 1 });
    raw.close();
  });

  it('reads a database written by the previous hand-written store, and the old code reads ours', async () => {
    const factory = new IDBFactory();
    const old = await openOldDb(factory, OA_DB_NAME);
    const tx = old.transaction('kv', 'readwrite');
    tx.objectStore('kv').put({ trials: [1, 2] }, 'study|old');
    await new Promise((resolve) => (tx.oncomplete = resolve));
    old.close();

    const kv = openKvStore(factory);
    expect(await kv.get('study|old', asIs)).toEqual({ trials: [1, 2] });
    expect(await kv.update<{ trials: number[] }, number>('study|old', (raw) => raw as { trials: number[] } | undefined, (c) => ({ value: { trials: [...c!.trials, 3] }, result: c!.trials.length }))).toBe(2);

    const again = await openOldDb(factory, OA_DB_NAME);
    expect(again.version).toBe(1);
    expect([...again.objectStoreNames]).toEqual(['kv']);
    expect(await request(again.transaction('kv').objectStore('kv').get('study|old'))).toEqual({ trials: [1, 2, 3] });
    again.close();
  });

  it('an open that never settles times out and the store carries on in memory', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const hanging = { open: () => ({}) } as unknown as IDBFactory;
      const kv = openKvStore(hanging, 'kv-hang', { openTimeoutMs: 1000 });
      const put = kv.put('kv-hang-key', 7);
      await vi.advanceTimersByTimeAsync(1000);
      await put;
      expect(await kv.get('kv-hang-key', asIs)).toBe(7);
      expect(await kv.status()).toMatchObject({ available: false, reason: expect.stringMatching(/timed out/) });
    } finally {
      vi.useRealTimers();
    }
  });
});
