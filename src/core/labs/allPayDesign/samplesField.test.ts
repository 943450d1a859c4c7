import { describe, expect, it } from 'vitest';
import { parseField } from '../../config/schema';
import { REVENUE_MAX, samplesField, SD_MAX } from './samplesField';
import { allPayDesignSchema } from './schema';
import { simulateDesign } from './simulate';

describe('samples field (mode fit): only what the simulation can produce', () => {
  it.each([
    ['revenue 1e308', [{ w: 0.6, revenue: 1e308 }], /sample 1: revenue must be a number in \[0, 5\]/],
    ['revenue −1e308', [{ w: 0.6, revenue: 0.3 }, { w: 0.9, revenue: -1e308 }], /sample 2: revenue/],
    ['revenue negative', [{ w: 0.6, revenue: -0.01 }], /sample 1: revenue/],
    ['revenue above the bound', [{ w: 0.6, revenue: REVENUE_MAX + 0.01 }], /sample 1: revenue/],
    ['revenue null', [{ w: 0.6, revenue: null }], /sample 1: revenue/],
    ['revenue "Infinity"', [{ w: 0.6, revenue: 'Infinity' }], /sample 1: revenue/],
    ['sd 1e308', [{ w: 0.6, revenue: 0.3, sd: 1e308 }], /sample 1: sd must be a number in \[0, 3\.54\]/],
    ['sd NaN text', [{ w: 0.6, revenue: 0.3, sd: 'NaN' }], /sample 1: sd/],
    ['w 1e308', [{ w: 1e308, revenue: 0.3 }], /sample 1: w must be in \[0.5, 1\]/],
    ['w below 1/2', [{ w: 0.49, revenue: 0.3 }], /sample 1: w/],
    ['a sample that is not an object', [5], /sample 1: w/],
  ])('%s is refused, naming the sample', (_name, raw, pattern) => {
    const r = samplesField.parse(raw);
    expect(r.value).toEqual([]);
    expect(r.issue).toMatch(pattern);
    expect(parseField('samples', samplesField, JSON.stringify(raw)).issue?.message).toMatch(/^samples: sample/);
  });

  it('accepts the edges of the bounds', () => {
    const edges = [{ w: 0.5, revenue: 0, sd: 0 }, { w: 1, revenue: REVENUE_MAX, sd: SD_MAX }];
    expect(samplesField.parse(edges)).toEqual({ value: edges });
  });

  it('the revenue bound is the model’s: n ≤ the schema’s bidders bound, each paying at most 1', () => {
    expect(REVENUE_MAX).toBe(allPayDesignSchema.bidders.max);
    // Learned strategies need not be individually rational: early fictitious play at n = 5 earns far more than the
    // top value 1, and such a sample must still be accepted.
    const early = simulateDesign({ reading: 'prize-split', w: 0.8, bidders: 5, values: 'uniform', learner: 'fictitious-play', iterations: 10, explorationIterations: 10 }, 1);
    expect(early.revenue).toBeGreaterThan(1);
    expect(early.revenue).toBeLessThanOrEqual(REVENUE_MAX);
    expect(samplesField.parse([{ w: 0.8, revenue: early.revenue }]).issue).toBeUndefined();
    const pay = simulateDesign({ reading: 'payment-split', w: 0.5, bidders: 5, values: 'integers', learner: 'fictitious-play', iterations: 10, explorationIterations: 10 }, 1);
    expect(pay.revenue).toBeLessThanOrEqual(2);
  });
});
