import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHistoryDb, historyStatus, listRuns, setHistoryDb } from './historyDb';
import { setPool } from './pool';
import { CHECKPOINT_MS, UI_FLUSH_MS, applyPreset, checkpointsOf, refreshHistory, startRun, useLabStore } from './store';
import { installFakePool, type FakeSubmission } from './testing/fakePool';
import { restoreRunRecord } from './restoreRun';

/** One turn of the event loop that fake timers leave alone (IndexedDB requests settle on it). */
const tick = () => new Promise((r) => setImmediate(r));
async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await done()); i++) await tick();
  expect(await done()).toBe(true);
}
const state = () => useLabStore.getState();

let submitted: FakeSubmission[];
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  setHistoryDb(createHistoryDb(indexedDB, { name: `checkpoint-test-${Math.random()}` }));
  // Open the database before the fake clock moves: its open timeout runs on setTimeout.
  expect((await historyStatus()).available).toBe(true);
  submitted = installFakePool();
  useLabStore.setState({ lab: 'learn-to-bid', slots: {}, runs: {}, notices: [], history: [] });
  applyPreset('two-bidders');
});
afterEach(() => {
  setPool(null);
  vi.useRealTimers();
});

function runWithPoints(): string {
  const [id] = startRun();
  submitted.at(-1)!.start();
  submitted.at(-1)!.emit({ type: 'points', series: 'train', rows: [{ step: 1, w0: 0.9, w1: 0.9 }] });
  vi.advanceTimersByTime(UI_FLUSH_MS);
  return id;
}

describe('a running run is checkpointed to the run history', () => {
  it('writes its record every CHECKPOINT_MS; a reload would read it as interrupted; the page still shows it as running', async () => {
    const id = runWithPoints();
    vi.advanceTimersByTime(CHECKPOINT_MS - 1);
    await tick();
    expect(checkpointsOf(id)).toBe(0);
    vi.advanceTimersByTime(1);
    await until(() => checkpointsOf(id) === 1);
    const stored = (await listRuns('learn-to-bid')).map(restoreRunRecord);
    expect(stored).toHaveLength(1);
    expect(stored[0].ok && [stored[0].record.id, stored[0].record.status, stored[0].record.series.train.length]).toEqual([id, 'interrupted', 1]);
    await refreshHistory();
    expect(state().history, 'the live run is not listed as a stored one').toEqual([]);
  });

  it('a run cancelled before it produced anything leaves no checkpoint; a finished run replaces its checkpoint', async () => {
    const [quiet] = startRun();
    submitted[0].start();
    vi.advanceTimersByTime(CHECKPOINT_MS * 2);
    await tick();
    expect(checkpointsOf(quiet)).toBe(0);

    const id = runWithPoints();
    vi.advanceTimersByTime(CHECKPOINT_MS);
    await until(() => checkpointsOf(id) === 1);
    submitted.at(-1)!.settle({ status: 'done', metrics: { w: [0.5, 0.5] } });
    await until(() => state().history.length === 1 && state().history[0].status === 'done');
    expect(state().history[0].id).toBe(id);
    expect((await listRuns('learn-to-bid')).length).toBe(1);
  });
});
