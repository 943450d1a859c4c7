import { describe, expect, it } from 'vitest';
import { designGrid, theoryBestW, theoryFormula, theoryRevenue } from './theory';

describe('theory curve of the lab', () => {
  it('prize split (n − 3 + 2w)/(n + 1) by hand: n = 3 → w/2, n = 5 → (1 + w)/3, n = 4 → (1 + 2w)/5, n = 2 → (2w − 1)/3', () => {
    const p = (n: number) => ({ reading: 'prize-split', bidders: n, values: 'uniform' }) as const;
    expect(theoryRevenue(p(3), 0.8)).toBeCloseTo(0.4, 12);
    expect(theoryRevenue(p(5), 0.5)).toBeCloseTo(0.5, 12);
    expect(theoryRevenue(p(2), 1)).toBeCloseTo(1 / 3, 12);
    expect(theoryFormula(p(3))).toMatch(/= w\/2$/);
    expect(theoryFormula(p(5))).toContain('= (1 + w)/3');
    expect(theoryFormula(p(4))).toContain('= (1 + 2w)/5');
    expect(theoryFormula(p(2))).toContain('(2w − 1)/3');
    expect(theoryBestW(p(3))).toBe(1);
  });

  it('payment split is flat at (n − 1)/(n + 1); integer values have no theory', () => {
    const q = { reading: 'payment-split', bidders: 4, values: 'uniform' } as const;
    for (const w of designGrid(6)) expect(theoryRevenue(q, w)).toBeCloseTo(3 / 5, 12);
    expect(theoryBestW(q)).toBeNull();
    expect(theoryFormula(q)).toContain('= 3/5 for every w');
    expect(theoryFormula({ ...q, bidders: 3 })).toContain('= 1/2 for every w');
    expect(theoryRevenue({ ...q, values: 'integers' }, 0.7)).toBeNull();
    expect(theoryFormula({ ...q, values: 'integers' })).toBeNull();
    expect(designGrid(3)).toEqual([0.5, 0.75, 1]);
  });
});
