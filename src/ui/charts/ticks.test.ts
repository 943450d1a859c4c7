import { describe, expect, it } from 'vitest';
import { extent, logTicks, niceAxis } from './ticks';

describe('nice axes', () => {
  it('rounds out to 1-2-2.5-5 steps', () => {
    expect(niceAxis(0.47, 0.9, 5)).toEqual({ domain: [0.4, 0.9], ticks: [0.4, 0.5, 0.6, 0.7, 0.8, 0.9] });
    expect(niceAxis(0, 2000, 4).ticks).toEqual([0, 500, 1000, 1500, 2000]);
  });
  it('pads a flat series instead of dividing by zero', () => {
    const { domain } = niceAxis(0.5, 0.5);
    expect(domain[0]).toBeLessThan(0.5);
    expect(domain[1]).toBeGreaterThan(0.5);
  });
  it('log ticks cover the range with 1-2-5 marks', () => {
    expect(logTicks(10, 500).ticks).toEqual([10, 20, 50, 100, 200, 500]);
  });
  it('empty series give a default axis, never an endless loop', () => {
    expect(logTicks(Infinity, -Infinity).ticks.length).toBeGreaterThan(1);
    expect(logTicks(0, 0).ticks.length).toBeGreaterThan(1);
    expect(niceAxis(Infinity, -Infinity).ticks.length).toBeGreaterThan(1);
  });
  it('extent ignores NaN and includes theory values', () => {
    expect(extent([[{ a: 1 }, { a: NaN }, { a: 3 }]], ['a'], [5])).toEqual([1, 5]);
  });
});
