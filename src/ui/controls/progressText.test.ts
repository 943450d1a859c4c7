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
});
