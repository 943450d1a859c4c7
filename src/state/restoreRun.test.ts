import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRunsFile } from './importRuns';
import { runsToJson } from './exportRuns';
import { createHistoryDb, setHistoryDb } from './historyDb';
import { restoreRunRecord } from './restoreRun';
import type { RunRecord } from './runRecord';
import { PRESET_VERSION } from '../presets/urlCodec';
import { loadFromHistory, refreshHistory, useLabStore } from './store';
import { selectConfig } from './selectors';

const good = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'r-good', lab: 'learn-to-bid', label: 'first price · N=2', config: { mechanism: 'first-price', bidders: 2, upper: [1] }, seed: 3,
  status: 'done', backend: 'ts', startedAt: 10, finishedAt: 20, series: { train: [{ step: 1, w0: 0.9 }] }, snapshots: {}, final: { w: [0.5], revenue: 0.33 },
  ...over,
});

/** Malformed records of the kinds that used to blank the page or fail inside the worker. */
const HOSTILE: [string, unknown][] = [
  ['null config', good({ config: null })],
  ['missing config', (() => { const r = good(); delete r.config; return r; })()],
  ['a string where an array belongs', good({ config: { upper: 'abc', bidders: 2 } })],
  ['an object as a label', good({ label: { $$typeof: 'react' } })],
  ['a number as a series', good({ series: 5 })],
  ['a string as a series table', good({ series: { train: 'rows' } })],
  ['rows that are not objects', good({ series: { train: [1, null, 'x', { step: 2, w0: 'NaN' }] } })],
  ['final as a string', good({ final: 'done' })],
  ['final with a function-like value', good({ final: { w: ['a'], revenue: 0.3 } })],
  ['status unknown', good({ status: 'exploded' })],
  ['no seed', good({ seed: undefined })],
  ['a fractional seed', good({ seed: 1.5 })],
  ['unknown lab', good({ lab: 'dutch-auction' })],
  ['no id', good({ id: 7 })],
  ['snapshots as an array', good({ snapshots: [1, 2] })],
  ['dutch, 99 bidders, missing keys', good({ config: { mechanism: 'dutch', bidders: 99 } })],
  ['huge bidders', good({ config: { bidders: 1e9 } })],
  ['not an object at all', 'hello'],
  ['null', null],
  ['an array', [1, 2]],
  ['a running record', good({ status: 'running' })],
];

describe('restoreRunRecord: one restore path for stored runs', () => {
  it('a good record restores unchanged in what matters', () => {
    const r = restoreRunRecord(good());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.messages).toEqual([]);
    expect(r.record.config.mechanism).toBe('first-price');
    expect(r.record.series.train).toEqual([{ step: 1, w0: 0.9 }]);
    expect(r.record.final).toEqual({ w: [0.5], revenue: 0.33 });
  });

  it.each(HOSTILE)('%s: restored into a record every view can trust, or refused with a reason', (_name, raw) => {
    const r = restoreRunRecord(raw);
    if (!r.ok) {
      expect(r.reason.length).toBeGreaterThan(0);
      return;
    }
    const rec = r.record;
    expect(typeof rec.label).toBe('string');
    expect(typeof rec.id).toBe('string');
    expect(['done', 'failed', 'cancelled', 'interrupted']).toContain(rec.status);
    for (const rows of Object.values(rec.series)) {
      expect(Array.isArray(rows)).toBe(true);
      for (const row of rows) for (const v of Object.values(row)) expect(typeof v).toBe('number');
    }
    expect(typeof rec.snapshots === 'object' && !Array.isArray(rec.snapshots)).toBe(true);
    // The settings are a valid learn-to-bid config: what a link could have given.
    expect(Array.isArray(rec.config.upper)).toBe(true);
    expect(Number(rec.config.bidders)).toBeLessThanOrEqual(10);
  });

  it.each(['running', 'queued', 'paused'])('a record stored while its run was %s (a checkpoint) is read as interrupted, curve kept', (status) => {
    const r = restoreRunRecord(good({ status }));
    expect(r.ok && r.record.status).toBe('interrupted');
    expect(r.ok && r.record.series.train).toEqual([{ step: 1, w0: 0.9 }]);
  });

  it('a dutch auction with 99 bidders is clamped and each problem is named', () => {
    const r = restoreRunRecord(good({ config: { mechanism: 'dutch', bidders: 99 } }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record.config.mechanism).toBe('first-price');
    expect(r.record.config.bidders).toBe(10);
    expect(r.messages.join(' ')).toMatch(/mechanism/);
    expect(r.messages.join(' ')).toMatch(/bidders/);
  });

  it('records without settings, seed, id or a known lab are refused', () => {
    for (const raw of [good({ config: null }), good({ seed: undefined }), good({ id: 7 }), good({ lab: 'dutch-auction' }), null]) {
      expect(restoreRunRecord(raw).ok).toBe(false);
    }
  });
});

describe('the history panel\'s data: unreadable rows are listed, the rest works', () => {
  afterEach(() => setHistoryDb(null));

  it('one malformed record does not hide the others; loading a repaired one says what was fixed', async () => {
    const db = createHistoryDb(indexedDB, { name: `restore-list-${Math.random()}` });
    setHistoryDb(db);
    await db.saveRun(good() as unknown as RunRecord);
    await db.saveRun(good({ id: 'r-null', config: null, startedAt: 30 }) as unknown as RunRecord);
    await db.saveRun(good({ id: 'r-dutch', config: { mechanism: 'dutch', bidders: 99 }, startedAt: 40 }) as unknown as RunRecord);
    useLabStore.setState({ lab: 'learn-to-bid', slots: {}, notices: [] });
    await refreshHistory();
    const s = useLabStore.getState();
    expect(s.history.map((h) => h.id)).toEqual(['r-dutch', 'r-good']);
    expect(s.unreadable.map((u) => u.key)).toEqual(['r-null']);
    loadFromHistory('r-dutch');
    expect(selectConfig(useLabStore.getState()).bidders).toBe(10);
    expect(useLabStore.getState().notices.at(-1)!.text).toMatch(/mechanism/);
  });
});

describe('storage that cannot keep runs', () => {
  afterEach(() => setHistoryDb(null));
  it('says so once in the banner, and the history still answers', async () => {
    setHistoryDb(createHistoryDb(undefined));
    useLabStore.setState({ lab: 'learn-to-bid', slots: {}, notices: [] });
    await refreshHistory();
    await refreshHistory();
    await new Promise((r) => setTimeout(r, 0));
    const storage = useLabStore.getState().notices.filter((n) => n.topic === 'storage');
    expect(storage).toHaveLength(1);
    expect(storage[0].text).toMatch(/cannot keep runs/);
    expect(useLabStore.getState().history).toEqual([]);
  });
});

describe('Import runs (JSON)', () => {
  it('reads the Export JSON envelope back through the same restore path', () => {
    const restored = restoreRunRecord(good());
    if (!restored.ok) throw new Error(restored.reason);
    const exported = runsToJson([restored.record]);
    const { records, problems } = parseRunsFile(exported);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.id)).toEqual(['r-good']);
    expect(records[0].v).toBe(PRESET_VERSION);
  });
  it('keeps the good runs of a file with bad ones and says which were not imported', () => {
    const text = JSON.stringify({ format: 'auction-lab/runs', version: 1, runs: [good(), good({ id: 'x', config: null }), good({ id: 'y', sweepFirms: 3 })] });
    const { records, problems } = parseRunsFile(text);
    expect(records.map((r) => r.id)).toEqual(['r-good', 'y']);
    expect(problems.join(' ')).toMatch(/run 2 was not imported/);
  });
  it('refuses what is not a runs file', () => {
    expect(parseRunsFile('not json').problems[0]).toMatch(/not JSON/);
    expect(parseRunsFile('{"format":"other"}').problems[0]).toMatch(/not an Auction Lab runs export/);
    expect(parseRunsFile('{"format":"auction-lab/runs","runs":5}').problems[0]).toMatch(/no list of runs/);
  });
});
