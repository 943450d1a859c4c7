import { decimateRows } from '../core/math/decimate';
import type { RunRecord } from './runRecord';

/**
 * Run history in IndexedDB (plain `indexedDB` API, no library).
 *
 * Database `auction-lab`, version 1:
 * - `runs`: {@link RunRecord}s, keyPath `id`; index `lab` (on `lab`) and index `lab_startedAt`
 *   (on `[lab, startedAt]`, used to find the oldest runs of a lab without reading their series).
 * - `kv`: a small key-value store (out-of-line string keys) for later labs: caches, studies, settings.
 *
 * Everything degrades gracefully: with no `indexedDB` (Node, some workers, private modes) or when opening
 * fails or stays blocked, every call resolves (reads give `[]` / `undefined`, writes do nothing) and
 * {@link HistoryDb.status} says why. No function here ever rejects or throws into the UI.
 */

/** Database name. */
export const HISTORY_DB_NAME = 'auction-lab';
/** Database schema version. Bump only with an upgrade path in `onupgradeneeded`. */
export const HISTORY_DB_VERSION = 1;
/** Rows kept per stored series; longer series are decimated (first and last row kept). */
export const MAX_STORED_SERIES_ROWS = 2000;
/** Runs kept per lab; saving one more deletes the oldest (by `startedAt`). */
export const MAX_RUNS_PER_LAB = 200;

const RUNS = 'runs';
const KV = 'kv';
const BY_LAB = 'lab';
const BY_LAB_STARTED = 'lab_startedAt';

/** Whether the history can be used, and if not, a sentence for the UI saying why. */
export interface HistoryStatus {
  available: boolean;
  /** Why the history is unavailable (set when `available` is false). */
  reason?: string;
  /** Message of the last failed operation on an open database (quota, clone error, …), if any. */
  lastError?: string;
}

/** Limits and timeouts of one history instance (defaults: the exported constants, 5 s open timeout). */
export interface HistoryDbOptions {
  /** Database name (tests use a fresh one per case). */
  name?: string;
  maxSeriesRows?: number;
  maxRunsPerLab?: number;
  /** Give up opening after this many milliseconds (a blocked open never settles on its own). */
  openTimeoutMs?: number;
}

/** The run-history API over one IndexedDB database. Every method resolves; none rejects. */
export interface HistoryDb {
  /** Store (insert or replace by `id`) a run, its series decimated; then prune the lab to its run cap. */
  saveRun(record: RunRecord): Promise<void>;
  /**
   * Stored runs, of one lab or all, newest first by `finishedAt ?? startedAt`, exactly as stored: unvalidated
   * (an older version or a corrupt entry may have written anything); `restoreRunRecord` reads them. `[]` when
   * unavailable.
   */
  listRuns(lab?: string): Promise<unknown[]>;
  /** Delete one run by its key (no-op when absent); the key of an unreadable row may be any IndexedDB key. */
  deleteRun(id: IDBValidKey): Promise<void>;
  /** Delete the runs of one lab, or all runs. The `kv` store is left alone. */
  clearRuns(lab?: string): Promise<void>;
  /** Value stored under `key` in the `kv` store, or `undefined`. */
  kvGet<T>(key: string): Promise<T | undefined>;
  /** Store a structured-cloneable value under `key` in the `kv` store. */
  kvSet(key: string, value: unknown): Promise<void>;
  /** Remove `key` from the `kv` store. */
  kvDelete(key: string): Promise<void>;
  /** Opens the database if needed and says whether the history works (and why not). */
  status(): Promise<HistoryStatus>;
  /** Close the connection; a later call reopens it. */
  close(): void;
}

/**
 * A copy of `record` ready for storage: each series decimated to at most `maxRows` rows (uniform stride,
 * first and last kept). The input is not modified.
 */
export function prepareForStorage(record: RunRecord, maxRows = MAX_STORED_SERIES_ROWS): RunRecord {
  const series: RunRecord['series'] = {};
  for (const [name, rows] of Object.entries(record.series ?? {})) {
    series[name] = Array.isArray(rows) ? decimateRows(rows, maxRows) : rows;
  }
  return { ...record, series };
}

/** Sort key for "newest first" (of a stored row, which may be anything). */
function recency(row: unknown): number {
  if (typeof row !== 'object' || row === null) return -Infinity;
  const { finishedAt, startedAt } = row as { finishedAt?: unknown; startedAt?: unknown };
  const t = finishedAt ?? startedAt;
  return typeof t === 'number' && Number.isFinite(t) ? t : -Infinity;
}

function message(e: unknown): string {
  if (e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e)) {
    const { name, message: msg } = e as { name?: string; message?: string };
    return name && msg ? `${name}: ${msg}` : String(msg ?? name ?? e);
  }
  return String(e);
}

/** Run `body` in one transaction; resolves with `body`'s request result once the transaction commits. */
function transact<T>(
  db: IDBDatabase,
  stores: string[],
  mode: IDBTransactionMode,
  body: (tx: IDBTransaction) => IDBRequest<T> | void,
): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(stores, mode);
    const req = body(tx);
    tx.oncomplete = () => resolve(req ? req.result : undefined);
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function upgrade(db: IDBDatabase): void {
  if (!db.objectStoreNames.contains(RUNS)) {
    const runs = db.createObjectStore(RUNS, { keyPath: 'id' });
    runs.createIndex(BY_LAB, 'lab', { unique: false });
    runs.createIndex(BY_LAB_STARTED, ['lab', 'startedAt'], { unique: false });
  }
  if (!db.objectStoreNames.contains(KV)) db.createObjectStore(KV);
}

/**
 * Create a history over an `IDBFactory`. Pass `globalThis.indexedDB` for the page (what the module-level
 * functions use), a `fake-indexeddb` factory in tests, or `undefined`/`null` for a history that is
 * permanently unavailable. Opening is lazy (first call) and attempted once per instance.
 */
export function createHistoryDb(factory: IDBFactory | undefined | null, options: HistoryDbOptions = {}): HistoryDb {
  const name = options.name ?? HISTORY_DB_NAME;
  const maxRows = options.maxSeriesRows ?? MAX_STORED_SERIES_ROWS;
  const maxRuns = options.maxRunsPerLab ?? MAX_RUNS_PER_LAB;
  const openTimeoutMs = options.openTimeoutMs ?? 5000;
  const state: HistoryStatus = { available: true };
  let opening: Promise<IDBDatabase | null> | null = null;
  let failed = false;

  const fail = (reason: string): null => {
    failed = true;
    state.available = false;
    state.reason = reason;
    return null;
  };

  function open(): Promise<IDBDatabase | null> {
    if (failed) return Promise.resolve(null);
    if (!factory) return Promise.resolve(fail('IndexedDB is not available in this browser context.'));
    opening ??= new Promise<IDBDatabase | null>((resolve) => {
      let settled = false;
      let blocked = false;
      const settle = (db: IDBDatabase | null) => {
        if (settled) {
          db?.close(); // opened after we gave up
          return;
        }
        settled = true;
        clearTimeout(timer);
        resolve(db);
      };
      const timer = setTimeout(() => {
        settle(
          fail(
            blocked
              ? 'The run history is blocked by another open tab; close other Auction Lab tabs and reload.'
              : 'Opening the run history timed out.',
          ),
        );
      }, openTimeoutMs);
      try {
        const req = factory.open(name, HISTORY_DB_VERSION);
        req.onupgradeneeded = () => upgrade(req.result);
        req.onblocked = () => {
          blocked = true;
        };
        req.onerror = (ev) => {
          ev.preventDefault?.();
          settle(fail(`Could not open the run history (${message(req.error)}); private browsing may disable it.`));
        };
        req.onsuccess = () => {
          const db = req.result;
          // Another tab upgrading the schema: step aside, reopen on the next call.
          db.onversionchange = () => {
            db.close();
            opening = null;
          };
          db.onclose = () => {
            opening = null;
          };
          settle(db);
        };
      } catch (e) {
        settle(fail(`Could not open the run history (${message(e)}).`));
      }
    });
    return opening;
  }

  /** Run `op` on the open database; on any failure record it and return `fallback`. */
  async function guard<T>(fallback: T, op: (db: IDBDatabase) => Promise<T>): Promise<T> {
    try {
      const db = await open();
      if (!db) return fallback;
      return await op(db);
    } catch (e) {
      state.lastError = message(e);
      return fallback;
    }
  }

  return {
    saveRun(record) {
      return guard(undefined, async (db) => {
        const stored = prepareForStorage(record, maxRows);
        await transact(db, [RUNS], 'readwrite', (tx) => {
          const store = tx.objectStore(RUNS);
          store.put(stored);
          const range = IDBKeyRange.bound([stored.lab, -Infinity], [stored.lab, Infinity]);
          const index = store.index(BY_LAB_STARTED);
          const count = index.count(range);
          count.onsuccess = () => {
            let excess = count.result - maxRuns;
            if (excess <= 0) return;
            const cursor = index.openKeyCursor(range); // ascending startedAt: oldest first
            cursor.onsuccess = () => {
              const c = cursor.result;
              if (!c || excess <= 0) return;
              store.delete(c.primaryKey);
              excess -= 1;
              c.continue();
            };
          };
        });
      });
    },

    listRuns(lab) {
      return guard<unknown[]>([], async (db) => {
        const rows = await transact<unknown[]>(db, [RUNS], 'readonly', (tx) => {
          const store = tx.objectStore(RUNS);
          return lab === undefined ? store.getAll() : store.index(BY_LAB).getAll(lab);
        });
        return (rows ?? []).sort((a, b) => recency(b) - recency(a));
      });
    },

    deleteRun(id) {
      return guard(undefined, async (db) => {
        await transact(db, [RUNS], 'readwrite', (tx) => {
          tx.objectStore(RUNS).delete(id);
        });
      });
    },

    clearRuns(lab) {
      return guard(undefined, async (db) => {
        await transact(db, [RUNS], 'readwrite', (tx) => {
          const store = tx.objectStore(RUNS);
          if (lab === undefined) {
            store.clear();
            return;
          }
          const keys = store.index(BY_LAB).getAllKeys(lab);
          keys.onsuccess = () => {
            for (const key of keys.result) store.delete(key);
          };
        });
      });
    },

    kvGet<T>(key: string) {
      return guard<T | undefined>(undefined, (db) =>
        transact<T>(db, [KV], 'readonly', (tx) => tx.objectStore(KV).get(key) as IDBRequest<T>),
      );
    },

    kvSet(key, value) {
      return guard(undefined, async (db) => {
        await transact(db, [KV], 'readwrite', (tx) => {
          tx.objectStore(KV).put(value, key);
        });
      });
    },

    kvDelete(key) {
      return guard(undefined, async (db) => {
        await transact(db, [KV], 'readwrite', (tx) => {
          tx.objectStore(KV).delete(key);
        });
      });
    },

    async status() {
      await open().catch(() => null);
      return { ...state };
    },

    close() {
      const pending = opening;
      opening = null;
      void pending?.then((db) => db?.close());
    },
  };
}

let defaultDb: HistoryDb | null = null;

/** The page-wide history over `globalThis.indexedDB`, created on first use. */
export function getHistoryDb(): HistoryDb {
  defaultDb ??= createHistoryDb(typeof indexedDB === 'undefined' ? undefined : globalThis.indexedDB);
  return defaultDb;
}

/** Replace the page-wide history (tests: a fresh database per case); `null` goes back to the default. */
export function setHistoryDb(db: HistoryDb | null): void {
  defaultDb?.close();
  defaultDb = db;
}

/** Save a run to the page-wide history (see {@link HistoryDb.saveRun}). */
export const saveRun = (record: RunRecord): Promise<void> => getHistoryDb().saveRun(record);
/** Stored runs, newest first, optionally of one lab (see {@link HistoryDb.listRuns}). */
export const listRuns = (lab?: string): Promise<unknown[]> => getHistoryDb().listRuns(lab);
/** Delete one stored run by id. */
export const deleteRun = (id: IDBValidKey): Promise<void> => getHistoryDb().deleteRun(id);
/** Delete the stored runs of one lab, or all of them. */
export const clearRuns = (lab?: string): Promise<void> => getHistoryDb().clearRuns(lab);
/** Read a value from the page-wide key-value store. */
export const kvGet = <T>(key: string): Promise<T | undefined> => getHistoryDb().kvGet<T>(key);
/** Write a value to the page-wide key-value store. */
export const kvSet = (key: string, value: unknown): Promise<void> => getHistoryDb().kvSet(key, value);
/** Remove a key from the page-wide key-value store. */
export const kvDelete = (key: string): Promise<void> => getHistoryDb().kvDelete(key);
/**
 * Whether the page-wide history works: opens the database if needed and resolves `false` when IndexedDB is
 * missing, fails to open or stays blocked; {@link historyStatus} gives the reason. Never rejects.
 */
export const historyAvailable = (): Promise<boolean> => getHistoryDb().status().then((s) => s.available);
/** Availability of the page-wide history with the reason (a sentence for the UI) when it is unavailable. */
export const historyStatus = (): Promise<HistoryStatus> => getHistoryDb().status();
