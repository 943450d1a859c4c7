import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setPool } from '../../state/pool';
import { currentRuns } from '../../state/selectors';
import { selectLab, setField, useLabStore } from '../../state/store';
import { installFakePool, type FakeSubmission } from '../../state/testing/fakePool';
import { startChecked } from './startChecked';

let submitted: FakeSubmission[];
beforeEach(() => {
  submitted = installFakePool();
  useLabStore.setState({ lab: 'learn-to-bid', slots: {}, runs: {}, notices: [] });
});
afterEach(() => setPool(null));

describe('Run checks the cost first', () => {
  it('starts a default run at once, without asking', () => {
    const asked: string[] = [];
    startChecked((q) => (asked.push(q), true));
    expect(asked).toEqual([]);
    expect(submitted).toHaveLength(1);
  });

  it('refuses work that cannot fit in a worker, naming the fields, and starts nothing', () => {
    selectLab('optimal-auction');
    for (const [k, v] of Object.entries({ bidders: 8, evalDraws: 65536, evalMisreportRestarts: 256, evalMisreportSteps: 500, layers: [256, 256, 256, 256] })) setField(k, v);
    startChecked(() => true);
    expect(submitted).toHaveLength(0);
    const last = useLabStore.getState().notices.at(-1)!;
    expect(last.level).toBe('error');
    expect(last.text).toMatch(/evalDraws/);
  });

  it('asks before a run of minutes, and a No starts nothing', () => {
    selectLab('permit-auction');
    setField('mode', 'train');
    setField('auctions', 5_000_000);
    const asked: string[] = [];
    startChecked((q) => (asked.push(q), false));
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/min/);
    expect(submitted).toHaveLength(0);
    startChecked(() => true);
    expect(currentRuns(useLabStore.getState()).length).toBeGreaterThan(0);
  });
});
