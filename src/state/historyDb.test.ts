import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHistoryDb, HISTORY_DB_NAME, HISTORY_DB_VERSION, prepareForStorage, type HistoryDb } from './historyDb';
import type { RunRecord } from './runRecord';

/** Rows this test wrote itself, so they are run records (the store restores rows it did not write). */
const asRecords = (rows: unknown[]) => rows as RunRecord[];

function run(id: string, over: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    lab: 'learn-to-bid',
    label: `run ${id}`,
    config: { bidders: 2 },
    seed: 1,
    status: 'done',
    backend: 'ts',
    startedAt: 1000,
    series: { train: [{ step: 0, w0: 0.5 }] },
    snapshots: {},
    ...over,
  };
}

/** A fresh, isolated database per test. */
function freshDb(options: Parameters<typeof createHistoryDb>[1] = {}): HistoryDb {
  return createHistoryDb(new IDBFactory(), options);
}


/**
 * The hand-written open and upgrade of the run history before it moved onto `idb`, kept verbatim as a fixture:
 * a database it creates is what existing users have on disk.
 */
function openOldHistory(factory: IDBFactory, name = HISTORY_DB_NAME): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(name, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('runs')) {
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('lab', 'lab', { unique: false });
        runs.createIndex('lab_startedAt', ['lab', 'startedAt'], { unique: false });
      }
      if (!db.objectStoreNames.contains('kv')) db.createObjectStore('kv');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Run `body` in a raw transaction and wait for it to commit. */
function rawWrite(db: IDBDatabase, store: string, body: (s: IDBObjectStore) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, 'readwrite');
    body(tx.objectStore(store));
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

/** The shape of a database's stores and indexes, to compare two databases. */
function schemaOf(db: IDBDatabase) {
  const tx = db.transaction([...db.objectStoreNames]);
  return [...db.objectStoreNames].map((name) => {
    const store = tx.objectStore(name);
    const indexes = [...store.indexNames].map((i) => {
      const index = store.index(i);
      return { i, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
    });
    return { name, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes };
  });
}

describe('historyDb with IndexedDB', () => {
  it('saves, lists, replaces and deletes runs', async () => {
    const db = freshDb();
    expect(await db.status()).toEqual({ available: true });
    expect(await db.listRuns()).toEqual([]);
    const r = run('a', { final: { w: [0.5, 0.49], revenue: 0.33 } });
    await db.saveRun(r);
    expect(await db.listRuns()).toEqual([r]);
    await db.saveRun({ ...r, label: 'renamed' });
    const listed = asRecords(await db.listRuns());
    expect(listed).toHaveLength(1);
    expect(listed[0].label).toBe('renamed');
    await db.deleteRun('a');
    await db.deleteRun('missing');
    expect(await db.listRuns()).toEqual([]);
  });

  it('filters by lab and lists newest first by finishedAt, else startedAt', async () => {
    const db = freshDb();
    await db.saveRun(run('old', { startedAt: 100, finishedAt: 200 }));
    await db.saveRun(run('running', { startedAt: 500 }));
    await db.saveRun(run('new', { startedAt: 150, finishedAt: 900 }));
    await db.saveRun(run('permit', { lab: 'permit-auction', startedAt: 50, finishedAt: 60 }));
    expect(asRecords(await db.listRuns()).map((r) => r.id)).toEqual(['new', 'running', 'old', 'permit']);
    expect(asRecords(await db.listRuns('learn-to-bid')).map((r) => r.id)).toEqual(['new', 'running', 'old']);
    expect(asRecords(await db.listRuns('permit-auction')).map((r) => r.id)).toEqual(['permit']);
    expect(await db.listRuns('nope')).toEqual([]);
  });

  it('clears one lab or everything', async () => {
    const db = freshDb();
    await db.saveRun(run('a'));
    await db.saveRun(run('b'));
    await db.saveRun(run('p', { lab: 'permit-auction' }));
    await db.clearRuns('learn-to-bid');
    expect(asRecords(await db.listRuns()).map((r) => r.id)).toEqual(['p']);
    await db.saveRun(run('a'));
    await db.clearRuns();
    expect(await db.listRuns()).toEqual([]);
  });

  it('decimates each stored series to at most 2000 rows keeping first and last', async () => {
    const db = freshDb();
    const train = Array.from({ length: 5001 }, (_, step) => ({ step, loss: 1 / (step + 1) }));
    const small = [{ step: 0, x: 1 }];
    const r = run('big', { series: { train, eval: small } });
    await db.saveRun(r);
    const [stored] = asRecords(await db.listRuns());
    expect(stored.series.train).toHaveLength(2000);
    expect(stored.series.train[0]).toEqual(train[0]);
    expect(stored.series.train[1999]).toEqual(train[5000]);
    expect(stored.series.eval).toEqual(small);
    expect(r.series.train).toHaveLength(5001); // input untouched
  });

  it('keeps at most 200 runs per lab, deleting the oldest', async () => {
    const db = freshDb();
    for (let i = 0; i < 205; i++) await db.saveRun(run(`r${i}`, { startedAt: 1000 + i, series: {} }));
    await db.saveRun(run('other', { lab: 'permit-auction', startedAt: 0 }));
    const runs = asRecords(await db.listRuns('learn-to-bid'));
    expect(runs).toHaveLength(200);
    expect(runs[0].id).toBe('r204');
    expect(runs[199].id).toBe('r5');
    expect(asRecords(await db.listRuns('permit-auction')).map((r) => r.id)).toEqual(['other']);
  });

  it('honours a custom cap', async () => {
    const db = freshDb({ maxRunsPerLab: 2, maxSeriesRows: 3 });
    for (const [i, id] of ['x', 'y', 'z'].entries()) await db.saveRun(run(id, { startedAt: i }));
    expect(asRecords(await db.listRuns()).map((r) => r.id)).toEqual(['z', 'y']);
  });

  it('has a key-value store beside the runs', async () => {
    const db = freshDb();
    expect(await db.kvGet('study')).toBeUndefined();
    await db.kvSet('study', { trials: [1, 2, 3] });
    expect(await db.kvGet<{ trials: number[] }>('study')).toEqual({ trials: [1, 2, 3] });
    await db.clearRuns();
    expect(await db.kvGet('study')).toEqual({ trials: [1, 2, 3] });
    await db.kvDelete('study');
    expect(await db.kvGet('study')).toBeUndefined();
  });

  it('persists across instances over the same factory and name', async () => {
    const factory = new IDBFactory();
    const first = createHistoryDb(factory);
    await first.saveRun(run('kept'));
    first.close();
    const second = createHistoryDb(factory);
    expect(asRecords(await second.listRuns()).map((r) => r.id)).toEqual(['kept']);
  });

  it('resolves and records an error when a value cannot be stored', async () => {
    const db = freshDb();
    await expect(db.saveRun(run('bad', { config: { fn: () => 1 } }))).resolves.toBeUndefined();
    const status = await db.status();
    expect(status.available).toBe(true);
    expect(status.lastError).toMatch(/DataCloneError/);
    expect(await db.listRuns()).toEqual([]);
  });
});

describe('historyDb without IndexedDB', () => {
  it('resolves everything and says why when no factory is given', async () => {
    const db = createHistoryDb(undefined);
    await expect(db.saveRun(run('a'))).resolves.toBeUndefined();
    await expect(db.listRuns()).resolves.toEqual([]);
    await expect(db.deleteRun('a')).resolves.toBeUndefined();
    await expect(db.clearRuns('x')).resolves.toBeUndefined();
    await expect(db.kvSet('k', 1)).resolves.toBeUndefined();
    await expect(db.kvGet('k')).resolves.toBeUndefined();
    const status = await db.status();
    expect(status.available).toBe(false);
    expect(status.reason).toMatch(/not available/);
  });

  it('degrades when opening fails or throws', async () => {
    const failing = {
      open() {
        const req: { error: Error; onerror?: (ev: Event) => void } = { error: new Error('denied') };
        setTimeout(() => req.onerror?.(new Event('error')), 0);
        return req;
      },
    } as unknown as IDBFactory;
    const db = createHistoryDb(failing);
    expect(await db.listRuns()).toEqual([]);
    expect((await db.status()).reason).toMatch(/denied/);

    const throwing = {
      open() {
        throw new Error('SecurityError');
      },
    } as unknown as IDBFactory;
    const db2 = createHistoryDb(throwing);
    await expect(db2.saveRun(run('a'))).resolves.toBeUndefined();
    expect(await db2.status()).toMatchObject({ available: false });
  });

  it('gives up on an open that never settles (blocked)', async () => {
    const hanging = { open: () => ({}) } as unknown as IDBFactory;
    const db = createHistoryDb(hanging, { openTimeoutMs: 20 });
    expect(await db.listRuns()).toEqual([]);
    expect(await db.status()).toMatchObject({ available: false, reason: expect.stringMatching(/timed out/) });
  });

  describe('module-level functions', () => {
    const saved = globalThis.indexedDB;
    afterEach(() => {
      globalThis.indexedDB = saved;
      vi.resetModules();
    });

    it('report unavailability when globalThis.indexedDB is undefined', async () => {
      // @ts-expect-error -- simulating a context without IndexedDB
      delete globalThis.indexedDB;
      vi.resetModules();
      const mod = await import('./historyDb');
      await expect(mod.saveRun(run('a'))).resolves.toBeUndefined();
      await expect(mod.listRuns()).resolves.toEqual([]);
      await expect(mod.kvGet('k')).resolves.toBeUndefined();
      expect(await mod.historyAvailable()).toBe(false);
      expect((await mod.historyStatus()).reason).toMatch(/not available/);
    });

    it('use globalThis.indexedDB when present', async () => {
      vi.resetModules();
      const mod = await import('./historyDb');
      expect(await mod.historyAvailable()).toBe(true);
      await mod.saveRun(run('g'));
      expect(asRecords(await mod.listRuns('learn-to-bid')).map((r) => r.id)).toContain('g');
      await mod.clearRuns();
      mod.getHistoryDb().close();
    });
  });
});

describe('historyDb and databases written by the previous code', () => {
  it('reads, lists by lab, caps and deletes runs and kv entries of an old database', async () => {
    const factory = new IDBFactory();
    const old = await openOldHistory(factory);
    await rawWrite(old, 'runs', (s) => {
      s.put(run('old-1', { startedAt: 10, finishedAt: 20 }));
      s.put(run('old-2', { startedAt: 30 }));
      s.put(run('old-p', { lab: 'permit-auction', startedAt: 5 }));
      s.put({ id: 'corrupt', lab: 'learn-to-bid' }); // any row an older version may have left
    });
    await rawWrite(old, 'kv', (s) => s.put({ theme: 'dark' }, 'settings'));
    old.close();

    const db = createHistoryDb(factory, { maxRunsPerLab: 3 });
    expect(await db.status()).toEqual({ available: true });
    expect(asRecords(await db.listRuns('learn-to-bid')).map((r) => r.id)).toEqual(['old-2', 'old-1', 'corrupt']);
    expect(asRecords(await db.listRuns('permit-auction')).map((r) => r.id)).toEqual(['old-p']);
    expect(await db.kvGet('settings')).toEqual({ theme: 'dark' });
    // the cap uses the old `lab_startedAt` index: the row without startedAt is not in it, old-1 is the oldest
    await db.saveRun(run('new-1', { startedAt: 40 }));
    await db.saveRun(run('new-2', { startedAt: 50 }));
    expect(asRecords(await db.listRuns('learn-to-bid')).map((r) => r.id)).toEqual(['new-2', 'new-1', 'old-2', 'corrupt']);
    await db.deleteRun('corrupt');
    expect(asRecords(await db.listRuns('learn-to-bid')).map((r) => r.id)).toEqual(['new-2', 'new-1', 'old-2']);
    db.close();
  });

  it('creates the same stores and indexes as the old code, so an old tab still reads what it writes', async () => {
    const oldFactory = new IDBFactory();
    const oldDb = await openOldHistory(oldFactory);
    const expected = schemaOf(oldDb);
    oldDb.close();

    const factory = new IDBFactory();
    const db = createHistoryDb(factory);
    await db.saveRun(run('written-by-new'));
    db.close();
    const reopened = await openOldHistory(factory);
    expect(reopened.version).toBe(HISTORY_DB_VERSION);
    expect(schemaOf(reopened)).toEqual(expected);
    const row = await new Promise((resolve) => {
      const get = reopened.transaction('runs').objectStore('runs').get('written-by-new');
      get.onsuccess = () => resolve(get.result);
    });
    expect(row).toMatchObject({ id: 'written-by-new', lab: 'learn-to-bid' });
    reopened.close();
  });
});

describe('historyDb failures', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('a quota error on save resolves, sets lastError and keeps the history available', async () => {
    const db = freshDb();
    await db.saveRun(run('kept'));
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await expect(db.saveRun(run('too-big'))).resolves.toBeUndefined();
    const status = await db.status();
    expect(status.available).toBe(true);
    expect(status.lastError).toMatch(/^QuotaExceededError: .*browser storage is full/);
    vi.restoreAllMocks();
    expect(asRecords(await db.listRuns()).map((r) => r.id)).toEqual(['kept']);
  });

  it('a blocked open times out with a reason naming the other tab (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const blocking = {
      open() {
        const req: { onblocked?: () => void } = {};
        queueMicrotask(() => req.onblocked?.());
        return req; // never succeeds nor fails, like an open waiting on a tab that will not close
      },
    } as unknown as IDBFactory;
    const db = createHistoryDb(blocking, { openTimeoutMs: 5000 });
    const listed = db.listRuns();
    const saved = db.saveRun(run('a'));
    await vi.advanceTimersByTimeAsync(4999);
    await vi.advanceTimersByTimeAsync(1);
    expect(await listed).toEqual([]);
    await expect(saved).resolves.toBeUndefined();
    expect(await db.status()).toEqual({ available: false, reason: expect.stringMatching(/blocked by another open tab/) });
  });

  it('an open queued behind a deletion another tab blocks gives up at the timeout (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const factory = new IDBFactory();
    const otherTab = await openOldHistory(factory); // never closes on versionchange
    const deletion = factory.deleteDatabase(HISTORY_DB_NAME);
    const db = createHistoryDb(factory, { openTimeoutMs: 5000 });
    const listed = db.listRuns();
    await vi.advanceTimersByTimeAsync(5000);
    expect(await listed).toEqual([]);
    expect(await db.status()).toMatchObject({ available: false, reason: expect.stringMatching(/timed out/) });
    vi.useRealTimers();
    otherTab.close();
    await new Promise((resolve) => (deletion.onsuccess = resolve));
  });

  it('storageStatus gives the banner sentence of the page-wide history', async () => {
    vi.resetModules();
    const mod = await import('./historyDb');
    mod.setHistoryDb(createHistoryDb(undefined));
    expect(await mod.storageStatus()).toEqual({
      available: false,
      reason: expect.stringMatching(/not available/),
      message: expect.stringMatching(/not available/),
    });
    mod.setHistoryDb(freshDb());
    expect(await mod.storageStatus()).toEqual({ available: true });
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await mod.saveRun(run('q'));
    expect((await mod.storageStatus()).message).toMatch(/QuotaExceededError/);
    mod.setHistoryDb(null);
  });
});

describe('prepareForStorage', () => {
  it('copies the record and caps every series', () => {
    const r = run('p', { series: { a: Array.from({ length: 10 }, (_, step) => ({ step })) } });
    const out = prepareForStorage(r, 4);
    expect(out.series.a.map((row) => row.step)).toEqual([0, 3, 6, 9]);
    expect(r.series.a).toHaveLength(10);
    expect(out).not.toBe(r);
  });
});
