import { describe, expect, it } from 'vitest';
import { progressCount } from './progressText';

describe('progressCount', () => {
  it('counts whole units, never a fraction, and never a part done as a whole one', () => {
    expect(progressCount({ done: 17.47, total: 100, runsDone: 0, runsTotal: 1 }, 'rounds')).toBe('17 / 100 rounds');
    expect(progressCount({ done: 99.9, total: 100, runsDone: 0, runsTotal: 1 }, 'rounds')).toBe('99 / 100 rounds');
  });

  it('groups thousands and names the runs of a sweep', () => {
    expect(progressCount({ done: 21001, total: 200000, runsDone: 1, runsTotal: 3 }, 'steps')).toBe('21 001 / 200 000 steps · 1/3 runs');
  });

  it('says how a job of several runs is computed: in turn on a narrow pool, or side by side', () => {
    const base = { done: 300, total: 1400, runsDone: 1, runsTotal: 7 };
    expect(progressCount({ ...base, runsRunning: 1, runsQueued: 5 }, 'steps')).toBe('300 / 1 400 steps · 1/7 runs, one after another');
    expect(progressCount({ ...base, runsRunning: 3, runsQueued: 3 }, 'steps')).toBe('300 / 1 400 steps · 1/7 runs, 3 side by side');
    // The last run: nothing waits, nothing to explain.
    expect(progressCount({ ...base, runsDone: 6, runsRunning: 1, runsQueued: 0 }, 'steps')).toBe('300 / 1 400 steps · 6/7 runs');
  });
});
