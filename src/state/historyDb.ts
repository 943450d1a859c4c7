import { decimateRows } from '../core/math/decimate';
import {
  HISTORY_DB_NAME,
  HISTORY_DB_VERSION,
  historyDatabase,
  openDatabase,
  transact,
  type StorageStatus,
} from '../core/storage/database';
import type { RunRecord } from './runRecord';

/**
 * Run history in IndexedDB: database `auction-lab`, version 1, stores `runs` and `kv` (schema and opening in
 * `core/storage/database.ts`, on the `idb` package).
 *
 * Everything degrades gracefully: with no `indexedDB` (Node, some workers, private modes) or when opening
 * fails or stays blocked, every call resolves (reads give `[]` / `undefined`, writes do nothing) and
 * {@link HistoryDb.status} says why. No function here ever rejects or throws into the UI.
 */

export { HISTORY_DB_NAME, HISTORY_DB_VERSION };
/** Rows kept per stored series; longer series are decimated (first and last row kept). */
export const MAX_STORED_SERIES_ROWS = 2000;
/** Runs kept per lab; saving one more deletes the oldest (by `startedAt`). */
export const MAX_RUNS_PER_LAB = 200;

/** Whether the history can be used, and if not, a sentence for the UI saying why. */
export type HistoryStatus = StorageStatus;

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

/**
 * Create a history over an `IDBFactory`. Pass `globalThis.indexedDB` for the page (what the module-level
 * functions use), a `fake-indexeddb` factory in tests (with `fake-indexeddb/auto` loaded), or
 * `undefined`/`null` for a history that is permanently unavailable. Opening is lazy (first call) and
 * attempted once per instance.
 */
export function createHistoryDb(factory: IDBFactory | undefined | null, options: HistoryDbOptions = {}): HistoryDb {
  const maxRows = options.maxSeriesRows ?? MAX_STORED_SERIES_ROWS;
  const maxRuns = options.maxRunsPerLab ?? MAX_RUNS_PER_LAB;
  const db = openDatabase(factory, historyDatabase(options.name), { openTimeoutMs: options.openTimeoutMs });
  const nothing = () => undefined;

  return {
    saveRun(record) {
      return db.run((d) => {
        const stored = prepareForStorage(record, maxRows);
        return transact(d, ['runs'], 'readwrite', async (tx) => {
          const store = tx.objectStore('runs');
          await store.put(stored);
          const range = IDBKeyRange.bound([stored.lab, -Infinity], [stored.lab, Infinity]);
          const index = store.index('lab_startedAt');
          let excess = (await index.count(range)) - maxRuns;
          // Ascending [lab, startedAt]: oldest first.
          for (let c = excess > 0 ? await index.openKeyCursor(range) : null; c && excess > 0; c = await c.continue()) {
            await store.delete(c.primaryKey);
            excess -= 1;
          }
        });
      }, nothing);
    },

    listRuns(lab) {
      return db.run(
        async (d) => {
          const rows = await transact(d, ['runs'], 'readonly', (tx) => {
            const store = tx.objectStore('runs');
            return lab === undefined ? store.getAll() : store.index('lab').getAll(lab);
          });
          return rows.sort((a, b) => recency(b) - recency(a));
        },
        (): unknown[] => [],
      );
    },

    deleteRun(id) {
      return db.run((d) => transact(d, ['runs'], 'readwrite', (tx) => tx.objectStore('runs').delete(id)), nothing);
    },

    clearRuns(lab) {
      return db.run(
        (d) =>
          transact(d, ['runs'], 'readwrite', async (tx) => {
            const store = tx.objectStore('runs');
            if (lab === undefined) return store.clear();
            const keys = await store.index('lab').getAllKeys(lab);
            await Promise.all(keys.map((key) => store.delete(key)));
          }),
        nothing,
      );
    },

    kvGet<T>(key: string) {
      return db.run(
        (d) => transact(d, ['kv'], 'readonly', (tx) => tx.objectStore('kv').get(key) as Promise<T | undefined>),
        (): T | undefined => undefined,
      );
    },

    kvSet(key, value) {
      return db.run(
        (d) => transact(d, ['kv'], 'readwrite', async (tx) => void (await tx.objectStore('kv').put(value, key))),
        nothing,
      );
    },

    kvDelete(key) {
      return db.run((d) => transact(d, ['kv'], 'readwrite', (tx) => tx.objectStore('kv').delete(key)), nothing);
    },

    status: () => db.status(),

    close: () => db.close(),
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
/**
 * Whether the page-wide history works: opens the database if needed and resolves `false` when IndexedDB is
 * missing, fails to open or stays blocked; {@link historyStatus} gives the reason. Never rejects.
 */
export const historyAvailable = (): Promise<boolean> => getHistoryDb().status().then((s) => s.available);
/** Availability of the page-wide history with the reason (a sentence for the UI) when it is unavailable. */
export const historyStatus = (): Promise<HistoryStatus> => getHistoryDb().status();

/** What the UI shows about browser storage: the history's status plus the one sentence to put in a banner. */
export interface StorageBanner extends HistoryStatus {
  /** Set when something is wrong: why runs cannot be kept, or why the last save failed; absent when all is well. */
  message?: string;
}

/**
 * Status of the page-wide history for a "storage unavailable" banner: opens the database if needed, never
 * rejects. `message` is `reason` when the history is unavailable (no IndexedDB, blocked by another tab,
 * private mode, open failed), else `lastError` when a save failed (e.g. quota exceeded), else absent.
 */
export const storageStatus = async (): Promise<StorageBanner> => {
  const s = await getHistoryDb().status();
  const message = s.available ? s.lastError : s.reason;
  return message === undefined ? s : { ...s, message };
};
