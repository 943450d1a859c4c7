import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';

/**
 * The app's IndexedDB databases, defined once: their schemas and one way to open them over an injected
 * `IDBFactory` (the core never reads `indexedDB` itself; the page and workers pass theirs in). Opening is done
 * by hand on `factory.open` and the resulting connection is enhanced with the `idb` package's `wrap`, which
 * is what `idb`'s own `openDB` does over the global factory. Every operation goes through
 * {@link Database.run}, which never rejects: failures become a fallback value plus a {@link StorageStatus}
 * that says why, in a sentence for the UI.
 *
 * `idb` recognises IndexedDB objects by `instanceof` against the global classes (`IDBDatabase`,
 * `IDBRequest`, …), so the injected factory must be the environment's own (browser, worker, or
 * `fake-indexeddb/auto` in tests); where those classes are missing the database reports itself unavailable.
 */

/** Name of the run-history database. */
export const HISTORY_DB_NAME = 'auction-lab';
/** Schema version of {@link HISTORY_DB_NAME}. Bump only with an upgrade path in {@link historyDatabase}'s `upgrade`. */
export const HISTORY_DB_VERSION = 1;
/** Name of the optimal-auction lab's key-value database (warm starts, tuning studies). */
export const OA_DB_NAME = 'auction-lab-optimal-auction';
/** Schema version of {@link OA_DB_NAME}. */
export const OA_DB_VERSION = 1;
/** How long an open may take before it is given up (a blocked open never settles on its own), in ms. */
export const DEFAULT_OPEN_TIMEOUT_MS = 5000;

/**
 * Database `auction-lab`:
 * - `runs`: run records, keyPath `id`; index `lab` (on `lab`) and index `lab_startedAt` (on `[lab, startedAt]`,
 *   to find a lab's oldest runs without reading their series). Rows are read back unvalidated.
 * - `kv`: a small key-value store (out-of-line string keys).
 */
export interface HistorySchema extends DBSchema {
  runs: { key: IDBValidKey; value: unknown; indexes: { lab: string; lab_startedAt: [string, number] } };
  kv: { key: string; value: unknown };
}

/** Database `auction-lab-optimal-auction`: one object store `kv` with out-of-line string keys. */
export interface KvSchema extends DBSchema {
  kv: { key: string; value: unknown };
}

/** One database: name, version, the upgrade that creates its stores, and what the user calls it. */
export interface DatabaseSpec<S extends DBSchema> {
  name: string;
  version: number;
  /** Noun phrase for status sentences, e.g. "the run history". */
  label: string;
  /** Create what is missing (runs inside the version-change transaction). */
  upgrade(db: IDBPDatabase<S>): void;
}

/** The run history's database (`name` overrides the database name: tests use a fresh one per case). */
export function historyDatabase(name = HISTORY_DB_NAME): DatabaseSpec<HistorySchema> {
  return {
    name,
    version: HISTORY_DB_VERSION,
    label: 'the run history',
    upgrade(db) {
      if (!db.objectStoreNames.contains('runs')) {
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('lab', 'lab', { unique: false });
        runs.createIndex('lab_startedAt', ['lab', 'startedAt'], { unique: false });
      }
      if (!db.objectStoreNames.contains('kv')) db.createObjectStore('kv');
    },
  };
}

/** The optimal-auction key-value database (`name` overrides the database name). */
export function kvDatabase(name = OA_DB_NAME): DatabaseSpec<KvSchema> {
  return {
    name,
    version: OA_DB_VERSION,
    label: 'the saved studies and warm starts',
    upgrade(db) {
      if (!db.objectStoreNames.contains('kv')) db.createObjectStore('kv');
    },
  };
}

/** Whether a database can be used, and if not, a sentence for the UI saying why. */
export interface StorageStatus {
  available: boolean;
  /** Why the database is unavailable (set when `available` is false). */
  reason?: string;
  /** The last failed operation on an open database (quota, clone error, …), if any. */
  lastError?: string;
}

/** Options of {@link openDatabase}. */
export interface OpenOptions {
  /** Give up opening after this many milliseconds (default {@link DEFAULT_OPEN_TIMEOUT_MS}). */
  openTimeoutMs?: number;
}

/** A lazily opened database whose operations never reject. */
export interface Database<S extends DBSchema> {
  /**
   * Run `op` on the open database. Resolves with its result; when the database is unavailable, or `op` fails
   * (the failure is kept as {@link StorageStatus.lastError}), resolves with `fallback()` instead (which
   * should not throw: its failure is the only way this rejects).
   */
  run<T>(op: (db: IDBPDatabase<S>) => Promise<T>, fallback: () => T | Promise<T>): Promise<T>;
  /** Opens the database if needed and says whether it works (and why not). */
  status(): Promise<StorageStatus>;
  /** Close the connection; a later call reopens it. */
  close(): void;
}

/** `Name: message` of an error-like value, with what to do about a full disk. */
export function describeStorageError(e: unknown): string {
  let text = String(e);
  let name: string | undefined;
  if (typeof e === 'object' && e !== null && ('message' in e || 'name' in e)) {
    const { name: n, message } = e as { name?: string; message?: string };
    name = n;
    text = n && message ? `${n}: ${message}` : String(message ?? n);
  }
  return name === 'QuotaExceededError'
    ? `${text} (browser storage is full: delete old runs or free disk space)`
    : text;
}

/**
 * Run `body` in a transaction and resolve with its result once the transaction has committed; reject with
 * the first failure. Use it for every transaction: `idb` creates each transaction's `done` promise eagerly,
 * and an unobserved `done` that rejects (an abort, a quota error) is an unhandled rejection.
 */
export async function transact<S extends DBSchema, Names extends StoreNames<S>[], Mode extends IDBTransactionMode, T>(
  db: IDBPDatabase<S>,
  stores: Names,
  mode: Mode,
  body: (tx: IDBPTransaction<S, Names, Mode>) => Promise<T>,
): Promise<T> {
  const tx = db.transaction(stores, mode);
  const [result] = await Promise.all([body(tx), tx.done]);
  return result;
}

/**
 * A database over `factory` (`undefined`/`null`: permanently unavailable). Opening is lazy (first call) and
 * attempted once per instance: an open that fails, throws or outlasts `openTimeoutMs` leaves the database
 * unavailable with the reason in {@link Database.status}. Another tab upgrading the schema closes this
 * connection; the next call reopens it.
 */
export function openDatabase<S extends DBSchema>(
  factory: IDBFactory | undefined | null,
  spec: DatabaseSpec<S>,
  options: OpenOptions = {},
): Database<S> {
  const openTimeoutMs = options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
  const state: StorageStatus = { available: true };
  let opening: Promise<IDBPDatabase<S> | null> | null = null;
  let failed = false;

  const fail = (reason: string): null => {
    failed = true;
    state.available = false;
    state.reason = reason;
    return null;
  };

  function open(): Promise<IDBPDatabase<S> | null> {
    if (failed) return Promise.resolve(null);
    if (!factory) return Promise.resolve(fail('IndexedDB is not available in this browser context.'));
    if (typeof IDBDatabase === 'undefined' || typeof IDBRequest === 'undefined') {
      return Promise.resolve(fail('IndexedDB is not available in this context (no global IndexedDB classes).'));
    }
    opening ??= new Promise<IDBPDatabase<S> | null>((resolve) => {
      let settled = false;
      let blocked = false;
      const settle = (db: IDBPDatabase<S> | null) => {
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
              ? `${capitalized(spec.label)} is blocked by another open tab; close other Auction Lab tabs and reload.`
              : `Opening ${spec.label} timed out.`,
          ),
        );
      }, openTimeoutMs);
      try {
        // The open request is handled here rather than by `wrap(request)`, so a blocked open can time out and say why.
        const req = factory.open(spec.name, spec.version);
        req.onupgradeneeded = () => spec.upgrade(wrap(req.result) as IDBPDatabase<S>);
        req.onblocked = () => {
          blocked = true;
        };
        req.onerror = (ev) => {
          ev.preventDefault?.();
          settle(
            fail(`Could not open ${spec.label} (${describeStorageError(req.error)}); private browsing may disable it.`),
          );
        };
        req.onsuccess = () => {
          const raw = req.result;
          raw.onversionchange = () => {
            raw.close();
            opening = null;
          };
          raw.onclose = () => {
            opening = null;
          };
          settle(wrap(raw) as IDBPDatabase<S>);
        };
      } catch (e) {
        settle(fail(`Could not open ${spec.label} (${describeStorageError(e)}).`));
      }
    });
    return opening;
  }

  return {
    async run(op, fallback) {
      try {
        const db = await open();
        if (db) return await op(db);
      } catch (e) {
        state.lastError = describeStorageError(e);
      }
      return fallback();
    },

    async status() {
      await open();
      return { ...state };
    },

    close() {
      const pending = opening;
      opening = null;
      void pending?.then((db) => db?.close());
    },
  };
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
