import { describe, expect, it } from 'vitest';
import { axisWidth, extent, logTicks, niceAxis } from './ticks';

/** Tick labels of an axis, as the chart prints them. */
const labels = (a: { ticks: number[]; format: (v: number) => string }) => a.ticks.map(a.format);

describe('nice axes (d3-scale, d3-format)', () => {
  it('rounds the domain out to 1-2-5 × 10ⁿ steps, labels with the decimals the step needs', () => {
    const a = niceAxis(0.47, 0.9, 5);
    expect(a.domain).toEqual([0.4, 0.9]);
    expect(labels(a)).toEqual(['0.4', '0.5', '0.6', '0.7', '0.8', '0.9']);
    expect(labels(niceAxis(0, 2000, 4))).toEqual(['0', '500', '1 000', '1 500', '2 000']);
  });
  it('every step is 1, 2 or 5 × 10ⁿ', () => {
    for (const [lo, hi] of [[0, 1], [0.31, 0.77], [-3, 17], [0, 61440], [0.9801, 0.9843], [12, 13]]) {
      const t = niceAxis(lo, hi, 5).ticks;
      const step = t[1] - t[0];
      const m = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
      expect([1, 2, 5].some((x) => Math.abs(m - x) < 1e-6), `${lo}–${hi}: step ${step}`).toBe(true);
    }
  });
  it('an exact axis ends at the run length; its ticks stay inside', () => {
    const a = niceAxis(0, 61440, 5, { exact: true, integer: true });
    expect(a.domain).toEqual([0, 61440]);
    expect(a.ticks.at(-1)).toBeLessThanOrEqual(61440);
  });
  it('an integer axis never shows 0.00 or a repeated label, however short', () => {
    for (const [lo, hi] of [[0, 1], [0, 2], [1, 3], [2, 8], [0, 100]]) {
      const l = labels(niceAxis(lo, hi, 5, { integer: true }));
      expect(l.every((x) => /^[\d ]+$/.test(x)), l.join(' ')).toBe(true);
      expect(new Set(l).size).toBe(l.length);
    }
  });
  it('no repeated labels on narrow ranges and no "−0"', () => {
    const l = labels(niceAxis(0.9801, 0.9843, 5));
    expect(new Set(l).size).toBe(l.length);
    expect(labels(niceAxis(-0.04, 0.04, 4))).not.toContain('−0.00');
    expect(niceAxis(-1e-17, 1, 5).format(-1e-17)).toBe('0.0');
  });
  it('pads a flat series instead of dividing by zero', () => {
    const { domain } = niceAxis(0.5, 0.5);
    expect(domain[0]).toBeLessThan(0.5);
    expect(domain[1]).toBeGreaterThan(0.5);
  });
  it('log ticks cover the range with 1-2-5 marks and never 0', () => {
    expect(logTicks(10, 500).ticks).toEqual([10, 20, 50, 100, 200, 500]);
    expect(labels(logTicks(10, 500))).toEqual(['10', '20', '50', '100', '200', '500']);
    expect(logTicks(0, 500).ticks[0]).toBeGreaterThan(0);
    expect(labels(logTicks(0.001, 0.1))).toEqual(['0.001', '0.002', '0.005', '0.01', '0.02', '0.05', '0.1']);
  });
  it('empty series give a default axis', () => {
    expect(logTicks(Infinity, -Infinity).ticks.length).toBeGreaterThan(1);
    expect(logTicks(0, 0).ticks.length).toBeGreaterThan(1);
    expect(niceAxis(Infinity, -Infinity).ticks.length).toBeGreaterThan(1);
  });
  it('extent ignores NaN and includes theory values', () => {
    expect(extent([[{ a: 1 }, { a: NaN }, { a: 3 }]], ['a'], [5])).toEqual([1, 5]);
  });
});

describe('axisWidth', () => {
  it('makes room for the longest tick label and grows with the font; never below the minimum', () => {
    const short = niceAxis(0, 10, 5);
    const long = niceAxis(0.9962, 0.9975, 5);
    expect(axisWidth(short, 12)).toBe(62);
    expect(axisWidth(long, 12)).toBeGreaterThan(62);
    expect(axisWidth(long, 18)).toBeGreaterThan(axisWidth(long, 12));
    // "0.9974": six characters at 0.6 em each, the tick marks and one line for the title.
    expect(axisWidth(long, 18)).toBe(Math.ceil(6 * 0.6 * 18 + 8 + 1.6 * 18));
  });
});
