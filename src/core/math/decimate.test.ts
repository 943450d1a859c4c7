import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decimateIndices, decimateRows } from './decimate';

describe('decimateIndices', () => {
  it('keeps everything when the sequence is short enough', () => {
    expect(decimateIndices(5, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(decimateIndices(5, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(decimateIndices(0, 3)).toEqual([]);
    expect(decimateIndices(4, Infinity)).toEqual([0, 1, 2, 3]);
  });

  it('uses a uniform stride and keeps first and last (known answers)', () => {
    expect(decimateIndices(10, 4)).toEqual([0, 3, 6, 9]);
    expect(decimateIndices(11, 3)).toEqual([0, 5, 10]);
    expect(decimateIndices(10, 2)).toEqual([0, 9]);
    expect(decimateIndices(7, 4)).toEqual([0, 2, 4, 6]);
  });

  it('handles degenerate caps', () => {
    expect(decimateIndices(10, 1)).toEqual([9]);
    expect(decimateIndices(10, 0)).toEqual([]);
    expect(decimateIndices(10, -3)).toEqual([]);
    expect(decimateIndices(-2, 3)).toEqual([]);
    expect(decimateIndices(3, NaN)).toEqual([0, 1, 2]);
  });

  it('returns exactly min(length, max) strictly increasing indices from 0 to length - 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 2, max: 3000 }), (n, max) => {
        const idx = decimateIndices(n, max);
        expect(idx.length).toBe(Math.min(n, max));
        expect(idx[0]).toBe(0);
        expect(idx[idx.length - 1]).toBe(n - 1);
        expect(idx.every((v, i) => i === 0 || v > idx[i - 1])).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('decimateRows', () => {
  it('returns the same array when nothing is dropped', () => {
    const rows = [{ step: 0 }, { step: 1 }];
    expect(decimateRows(rows, 2)).toBe(rows);
  });

  it('thins to at most max rows keeping first and last, rows by reference', () => {
    const rows = Array.from({ length: 10_001 }, (_, step) => ({ step, v: step * 2 }));
    const out = decimateRows(rows, 2000);
    expect(out).toHaveLength(2000);
    expect(out[0]).toBe(rows[0]);
    expect(out[out.length - 1]).toBe(rows[10_000]);
    expect(rows).toHaveLength(10_001);
  });
});
