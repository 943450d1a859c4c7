import { OA_DB_NAME, kvDatabase, openDatabase, transact, type OpenOptions, type StorageStatus } from './database';

export { OA_DB_NAME };

/**
 * A small key-value store over an injected IndexedDB factory (the core never touches browser globals: callers
 * in workers or the page pass `indexedDB`). The optimal-auction lab keeps phase-1 warm starts and tuning
 * studies here, in database `auction-lab-optimal-auction`, object store `kv` (out-of-line string keys; schema
 * in `database.ts`), reachable from every worker of the pool and from the page, so parallel study workers
 * share one study and the view can show a saved study. Without a factory (Node) it is a per-process memory
 * map. No method rejects: a failed IndexedDB operation falls back to memory for that call, and
 * {@link KvStore.status} says what failed.
 */
/**
 * Reads a stored value, which may be anything (an older version, another tab, a corrupt entry): the value as `T`,
 * or undefined when it is not one (then it counts as absent). Every read from the store goes through one.
 */
export type StoredReader<T> = (raw: unknown) => T | undefined;

export interface KvStore {
  /** The value under `key`, read by `read` (undefined when absent or unreadable). */
  get<T>(key: string, read: StoredReader<T>): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  /**
   * Read-modify-write in one IndexedDB transaction (atomic across workers): `fn` gets the current value (read by
   * `read`; undefined when absent or unreadable) and returns the new one (`undefined` leaves it unchanged) plus a
   * result passed back to the caller.
   */
  update<T, R>(key: string, read: StoredReader<T>, fn: (current: T | undefined) => { value?: T; result: R }): Promise<R>;
  delete(key: string): Promise<void>;
  /** Where values live: 'indexeddb' or 'memory'. */
  readonly kind: 'indexeddb' | 'memory';
  /** Whether IndexedDB works for this store (always unavailable for a memory store), and why not. */
  status(): Promise<StorageStatus>;
}

type Update<T, R> = (current: T | undefined) => { value?: T; result: R };

function memoryStore(map: Map<string, unknown>): KvStore {
  return {
    kind: 'memory',
    get: async <T>(key: string, read: StoredReader<T>) => read(structuredClone(map.get(key))),
    put: async (key, value) => void map.set(key, structuredClone(value)),
    update: async <T, R>(key: string, read: StoredReader<T>, fn: Update<T, R>) => {
      const out = fn(read(structuredClone(map.get(key))));
      if (out.value !== undefined) map.set(key, structuredClone(out.value));
      return out.result;
    },
    delete: async (key) => void map.delete(key),
    status: async () => ({ available: false, reason: 'IndexedDB is not available in this browser context.' }),
  };
}

const memory = new Map<string, unknown>();

/**
 * Open a store: `idb` is the environment's `indexedDB` (undefined: memory); `name` lets tests use a fresh
 * database; `options.openTimeoutMs` bounds a blocked open (then the store works from memory).
 */
export function openKvStore(idb: IDBFactory | undefined, name = OA_DB_NAME, options: OpenOptions = {}): KvStore {
  const fallback = memoryStore(memory);
  if (!idb) return fallback;
  const db = openDatabase(idb, kvDatabase(name), options);
  return {
    kind: 'indexeddb',
    get: <T>(key: string, read: StoredReader<T>) =>
      db.run(
        async (d) => read(await transact(d, ['kv'], 'readonly', (tx): Promise<unknown> => tx.objectStore('kv').get(key))),
        () => fallback.get(key, read),
      ),
    put: (key, value) =>
      db.run(
        (d) => transact(d, ['kv'], 'readwrite', async (tx) => void (await tx.objectStore('kv').put(value, key))),
        () => fallback.put(key, value),
      ),
    update: <T, R>(key: string, read: StoredReader<T>, fn: Update<T, R>) =>
      db.run(
        (d) =>
          // Atomic only while nothing but this store's requests is awaited inside the transaction.
          transact(d, ['kv'], 'readwrite', async (tx) => {
            const store = tx.objectStore('kv');
            const out = fn(read(await store.get(key)));
            if (out.value !== undefined) await store.put(out.value, key);
            return out.result;
          }),
        () => fallback.update(key, read, fn),
      ),
    delete: (key) =>
      db.run(
        (d) => transact(d, ['kv'], 'readwrite', (tx) => tx.objectStore('kv').delete(key)),
        () => fallback.delete(key),
      ),
    status: () => db.status(),
  };
}
