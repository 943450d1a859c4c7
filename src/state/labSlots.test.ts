import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setPool } from './pool';
import { currentRuns, selectConfig, selectPresetId } from './selectors';
import { activeSlot, applyPreset, loadFromHash, notify, selectLab, setField, startRun, useLabStore } from './store';
import { installFakePool, type FakeSubmission } from './testing/fakePool';
import { createHistoryDb, setHistoryDb } from './historyDb';

const flush = () => new Promise((r) => setTimeout(r, 0));
/** Let promises and IndexedDB requests settle until `done` (each step is one macrotask; no clock involved). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await flush();
  expect(done()).toBe(true);
}
const state = () => useLabStore.getState();

let submitted: FakeSubmission[];
beforeEach(() => {
  submitted = installFakePool();
  // A fresh page: every lab at its defaults, no runs, no notices.
  useLabStore.setState({ lab: 'learn-to-bid', slots: {}, runs: {}, notices: [] });
});
afterEach(() => setPool(null));

/** Start the visible lab's job and let its runs report that a worker picked them up. */
function run(): string[] {
  const from = submitted.length;
  const ids = startRun();
  for (const s of submitted.slice(from)) s.start();
  return ids;
}

describe('each lab keeps its own settings, runs and results', () => {
  it('after a run in any other lab, learn-to-bid shows none of that lab\'s runs', async () => {
    for (const other of ['permit-auction', 'optimal-auction', 'all-pay-design', 'carbon-market']) {
      selectLab(other);
      if (other === 'permit-auction') setField('mode', 'train');
      const ids = run();
      expect(ids.length).toBeGreaterThan(0);
      for (const s of submitted) s.settle({ status: 'done', metrics: {} });
      await flush();
      selectLab('learn-to-bid');
      expect(currentRuns(state()).map((r) => r.lab)).not.toContain(other);
      expect(currentRuns(state()).every((r) => r.lab === 'learn-to-bid')).toBe(true);
    }
  });

  it('a lab shows its own last run, not the last run of whatever lab ran', async () => {
    const [ltb] = run();
    selectLab('all-pay-design');
    expect(currentRuns(state())).toEqual([]);
    selectLab('optimal-auction');
    expect(currentRuns(state())).toEqual([]);
    selectLab('learn-to-bid');
    expect(currentRuns(state()).map((r) => r.id)).toEqual([ltb]);
    submitted[0].settle({ status: 'done', metrics: { revenue: 0.33 } });
    await flush();
    selectLab('carbon-market');
    selectLab('learn-to-bid');
    expect(currentRuns(state())[0].final).toEqual({ revenue: 0.33 });
  });

  it('switching labs keeps the settings and the preset heading of each lab', () => {
    setField('bidders', 5);
    selectLab('permit-auction');
    setField('supply', 13);
    selectLab('learn-to-bid');
    expect(selectConfig(state()).bidders).toBe(5);
    expect(selectPresetId(state())).toBeNull();
    selectLab('permit-auction');
    expect(selectConfig(state()).supply).toBe(13);
    selectLab('carbon-market');
    expect(selectPresetId(state())).toBe(activeSlot(state()).presetId);
    expect(selectPresetId(state())).not.toBeNull();
  });

  it('pressing Run in one lab leaves a run in another lab going', () => {
    const [ltb] = run();
    selectLab('carbon-market');
    run();
    expect(submitted[0].cancelled).toBe(false);
    selectLab('learn-to-bid');
    expect(currentRuns(state()).map((r) => [r.id, r.status])).toEqual([[ltb, 'running']]);
  });
});

describe('a cancelled run is kept', () => {
  it('a run cancelled after it produced rows is saved to the history as cancelled', async () => {
    setHistoryDb(createHistoryDb(indexedDB, { name: `cancelled-${Math.random()}` }));
    const [id] = run();
    submitted[0].emit({ type: 'points', series: 'train', rows: [{ step: 1, w0: 0.9, w1: 0.9 }] });
    applyPreset('second-price-truthful');
    await until(() => state().history.some((h) => h.id === id));
    expect(state().history.find((h) => h.id === id)!.status).toBe('cancelled');
    setHistoryDb(null);
  });
});

describe('a new link replaces what the lab showed', () => {
  it('a link opened in a lab that already ran shows no old run and no old link warnings', async () => {
    loadFromHash('#v=1&lab=learn-to-bid&bidders=999');
    expect(state().notices.filter((n) => n.topic === 'link')).toHaveLength(1);
    notify('error', 'an unrelated failure');
    run();
    submitted[0].settle({ status: 'done', metrics: {} });
    await flush();
    expect(currentRuns(state())).toHaveLength(1);
    loadFromHash('#v=1&lab=learn-to-bid&mechanism=second-price&bidders=3');
    expect(currentRuns(state())).toEqual([]);
    expect(selectConfig(state()).mechanism).toBe('second-price');
    // The previous link's warning is gone; other notices stay.
    expect(state().notices.map((n) => n.text)).toEqual(['an unrelated failure']);
  });

  it('a link with problems replaces the previous link\'s banner with its own', () => {
    loadFromHash('#v=1&lab=learn-to-bid&bidders=999');
    loadFromHash('#v=1&lab=learn-to-bid&mechanism=dutch');
    const link = state().notices.filter((n) => n.topic === 'link');
    expect(link).toHaveLength(1);
    expect(link[0].text).toMatch(/mechanism/);
    expect(link[0].text).not.toMatch(/bidders/);
  });

  it('a run still going when a new experiment loads is cancelled and said so', async () => {
    run();
    applyPreset('second-price-truthful');
    expect(submitted[0].cancelled).toBe(true);
    expect(currentRuns(state())).toEqual([]);
    expect(state().notices.at(-1)!.text).toMatch(/cancelled/);
    await flush();
  });
});
