/**
 * A small key-value store over an injected IndexedDB factory (the core never touches browser globals: callers
 * in workers or the page pass `indexedDB`). The optimal-auction lab keeps phase-1 warm starts and tuning
 * studies here, in database `auction-lab-optimal-auction`, object store `kv` (out-of-line string keys),
 * reachable from every worker of the pool and from the page, so parallel study workers share one study and
 * the view can show a saved study. Without a factory (Node) it is a per-process memory map. No method
 * rejects: a failed IndexedDB operation falls back to memory for that call.
 */
export interface KvStore {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  /**
   * Read-modify-write in one IndexedDB transaction (atomic across workers): `fn` gets the current value and
   * returns the new one (`undefined` leaves it unchanged) plus a result passed back to the caller.
   */
  update<T, R>(key: string, fn: (current: T | undefined) => { value?: T; result: R }): Promise<R>;
  delete(key: string): Promise<void>;
  /** Where values live: 'indexeddb' or 'memory'. */
  readonly kind: 'indexeddb' | 'memory';
}

export const OA_DB_NAME = 'auction-lab-optimal-auction';
const STORE = 'kv';

function memoryStore(map: Map<string, unknown>): KvStore {
  return {
    kind: 'memory',
    get: async <T>(key: string) => structuredClone(map.get(key)) as T | undefined,
    put: async (key, value) => void map.set(key, structuredClone(value)),
    update: async <T, R>(key: string, fn: (c: T | undefined) => { value?: T; result: R }) => {
      const out = fn(structuredClone(map.get(key)) as T | undefined);
      if (out.value !== undefined) map.set(key, structuredClone(out.value));
      return out.result;
    },
    delete: async (key) => void map.delete(key),
  };
}

const memory = new Map<string, unknown>();

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function openDb(idb: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = idb.open(name, 1);
    r.onupgradeneeded = () => {
      if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE);
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error('IndexedDB open blocked'));
  });
}

/** Open a store: `idb` is the environment's `indexedDB` (undefined: memory); `name` lets tests use a fresh database. */
export function openKvStore(idb: IDBFactory | undefined, name = OA_DB_NAME): KvStore {
  const fallback = memoryStore(memory);
  if (!idb) return fallback;
  let db: Promise<IDBDatabase> | null = null;
  const tx = async <R>(mode: IDBTransactionMode, body: (s: IDBObjectStore) => Promise<R>): Promise<R> => {
    db ??= openDb(idb, name);
    const t = (await db).transaction(STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error ?? new Error('transaction aborted'));
    });
    const out = await body(t.objectStore(STORE));
    await done;
    return out;
  };
  return {
    kind: 'indexeddb',
    get: <T>(key: string) => tx('readonly', (s) => req(s.get(key)) as Promise<T | undefined>).catch(() => fallback.get<T>(key)),
    put: (key, value) => tx('readwrite', async (s) => void (await req(s.put(value, key)))).catch(() => fallback.put(key, value)),
    update: <T, R>(key: string, fn: (c: T | undefined) => { value?: T; result: R }) =>
      tx('readwrite', (s) =>
        // Everything inside one transaction: no await on anything but this store's requests.
        new Promise<R>((resolve, reject) => {
          const g = s.get(key);
          g.onerror = () => reject(g.error);
          g.onsuccess = () => {
            const out = fn(g.result as T | undefined);
            if (out.value === undefined) return resolve(out.result);
            const p = s.put(out.value, key);
            p.onerror = () => reject(p.error);
            p.onsuccess = () => resolve(out.result);
          };
        }),
      ).catch(() => fallback.update(key, fn)),
    delete: (key) => tx('readwrite', async (s) => void (await req(s.delete(key)))).catch(() => fallback.delete(key)),
  };
}
