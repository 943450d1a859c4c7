// No `fake-indexeddb/auto` here on purpose: this file checks what happens without the global IndexedDB classes.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { describeStorageError, kvDatabase, openDatabase } from './database';
import { openKvStore } from './kvStore';

/** Readers for values this test wrote itself. */
const asIs = (raw: unknown): unknown => raw;

describe('database without the global IndexedDB classes (Node)', () => {
  it('reports itself unavailable instead of failing inside idb, and resolves every call', async () => {
    const db = openDatabase(new IDBFactory(), kvDatabase('no-globals'));
    expect(await db.run(async () => 'opened', () => 'fallback')).toBe('fallback');
    expect(await db.status()).toEqual({ available: false, reason: expect.stringMatching(/no global IndexedDB classes/) });
  });

  it('a key-value store over such a factory works from memory', async () => {
    const kv = openKvStore(new IDBFactory(), 'no-globals-kv');
    await kv.put('no-globals-key', 1);
    expect(await kv.get('no-globals-key', asIs)).toBe(1);
    expect((await kv.status()).available).toBe(false);
  });
});

describe('describeStorageError', () => {
  it('names the error and says what to do when storage is full', () => {
    expect(describeStorageError(new DOMException('could not clone', 'DataCloneError'))).toBe('DataCloneError: could not clone');
    expect(describeStorageError(new DOMException('quota', 'QuotaExceededError'))).toMatch(/^QuotaExceededError: quota \(browser storage is full/);
    expect(describeStorageError('plain')).toBe('plain');
  });
});
