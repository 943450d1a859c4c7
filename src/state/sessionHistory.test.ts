import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { SessionExport, type RoundSummary } from '../core/session/protocol';
import { createHistoryDb, listRuns, setHistoryDb } from './historyDb';
import { parseRunsFile } from './importRuns';
import { keepSessionInHistory, sessionRunRecord, sessionRunsJson } from './sessionHistory';
import { restoreRunRecord } from './restoreRun';

function summary(round: number, mechanism: RoundSummary['mechanism'], humans: number | null, ppo: number | null): RoundSummary {
  return {
    round, drawIndex: mechanism === 'vcg' ? round - 1 : round, mechanism, bidders: 5, humanBids: humans === null ? 0 : 3,
    clearingPrice: 4.5, competitivePrice: 5, revenue: 90, efficiency: 0.97, unitsSold: 20,
    dri: { humans, ppo, truthful: 0.01 }, truthful: { clearingPrice: 5, revenue: 100, efficiency: 0.99 },
  };
}

const seat = (s: number, kind: 'student' | 'ppo', name: string | null) => ({ seat: s, kind, name, c: 1, e: 6, bid: [4, 3, 1, 3], permits: 4, payment: 18, profit: 5, truthfulProfit: kind === 'student' ? 4 : null });

const doc: SessionExport = {
  format: 'auction-lab/classroom-session', version: 1, code: 'BC3DF7', createdAt: 1_700_000_000_000,
  settings: { mechanism: 'uniform', priceRule: 'first-rejected', supply: 20, reserve: 0, prior: { cMin: 0.5, cMax: 1.5, eMin: 4, eMax: 8 }, seats: 5, ppoSeats: 2, timerSeconds: 60 },
  seed: 7,
  rounds: [
    { summary: summary(1, 'uniform', 0.3, 0.2), openedAt: 1_700_000_001_000, closedAt: 1_700_000_002_000, seats: [seat(0, 'student', '<img src=x onerror=alert(1)>'), seat(1, 'student', null), seat(3, 'ppo', null)] },
    { summary: summary(2, 'vcg', 0.1, null), openedAt: 1_700_000_003_000, closedAt: 1_700_000_004_000, seats: [seat(0, 'student', 'Ann'), seat(2, 'student', null)] },
    { summary: summary(3, 'uniform', 0.5, 0.4), openedAt: 1_700_000_005_000, closedAt: 1_700_000_006_000, seats: [seat(0, 'student', 'Ann')] },
  ],
};

describe('a class session in the run history', () => {
  it('the fixture is a valid session export', () => {
    expect(v.safeParse(SessionExport, doc).success).toBe(true);
  });

  it('one row per round, the figures the history shows, and the whole session kept', () => {
    const r = sessionRunRecord(doc, { mode: 'train', firms: 4 }, 3);
    expect(r.lab).toBe('permit-auction');
    expect(r.label).toBe('Class session BC3DF7: 3 rounds, 3 students');
    expect(r.series.rounds.map((x) => x.round)).toEqual([1, 2, 3]);
    expect(r.series.rounds[1]).toMatchObject({ mechanism: 2, driHumans: 0.1, driTruthful: 0.01 });
    expect('driPpo' in r.series.rounds[1]).toBe(false);
    expect(r.final).toMatchObject({ mechanism: 'Uniform price + VCG', rounds: 3, students: 3, efficiency: expect.closeTo(0.97, 12), revenue: 90 });
    expect(r.final?.dri).toBeCloseTo(0.3, 12);
    expect(r.final?.driByMechanism).toEqual({ uniform: { rounds: 2, humans: 0.4, ppo: expect.closeTo(0.3, 12) }, vcg: { rounds: 1, humans: 0.1, ppo: null } });
    expect(r.snapshots.session).toBe(doc);
    expect(r.finishedAt).toBe(1_700_000_006_000);
  });

  it('its JSON is a runs file that restores without a single repair', () => {
    const record = sessionRunRecord(doc, { mode: 'train', firms: 4, supply: 24 }, 3);
    const { records, problems } = parseRunsFile(sessionRunsJson(record));
    expect(problems).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0].series.rounds).toEqual(record.series.rounds);
    expect(records[0].snapshots.session).toEqual(doc);
    expect(restoreRunRecord(JSON.parse(JSON.stringify(record))).ok).toBe(true);
  });

  it('is saved to the history through the restore path (and saving it again replaces it)', async () => {
    setHistoryDb(createHistoryDb(new IDBFactory(), { name: `session-history-${Math.random()}` }));
    const record = sessionRunRecord(doc, { mode: 'train' }, 3);
    expect(await keepSessionInHistory(record)).toEqual({ ok: true, messages: [] });
    expect(await keepSessionInHistory(record)).toEqual({ ok: true, messages: [] });
    const stored = await listRuns('permit-auction');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: record.id, label: record.label, status: 'done' });
    setHistoryDb(null);
  });
});
