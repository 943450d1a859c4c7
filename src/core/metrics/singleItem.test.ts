import { describe, it, expect } from 'vitest';
import { allocativeEfficiency, l2Distance, meanRevenue, meanUtilities } from './singleItem';

const f64 = (xs: number[]) => Float64Array.from(xs);
const i32 = (xs: number[]) => Int32Array.from(xs);

describe('meanRevenue', () => {
  it('sums every payment and divides by the number of auctions', () => {
    // 2 auctions × 3 bidders: (0 + 0.7 + 0) + (0.2 + 0.1 + 0.3) = 1.3 → 0.65 per auction
    expect(meanRevenue(f64([0, 0.7, 0, 0.2, 0.1, 0.3]), 2)).toBeCloseTo(0.65, 12);
  });
  it('zero payments → 0; one auction → its total', () => {
    expect(meanRevenue(f64([0, 0, 0, 0]), 2)).toBe(0);
    expect(meanRevenue(f64([0.25, 0.5]), 1)).toBeCloseTo(0.75, 12);
  });
});

describe('allocativeEfficiency', () => {
  it('1 when the highest value always wins', () => {
    const values = f64([0.3, 0.9, 0.1, 0.8, 0.2, 0.4]);
    expect(allocativeEfficiency(values, i32([1, 0]), 2, 3)).toBe(1);
  });
  it('ratio of sums: Σ v_winner / Σ max v', () => {
    // auction 0: winner 0 gets 0.3, best 0.9; auction 1: winner 0 gets 0.8, best 0.8 → (0.3 + 0.8)/(0.9 + 0.8) = 1.1/1.7
    const values = f64([0.3, 0.9, 0.1, 0.8, 0.2, 0.4]);
    expect(allocativeEfficiency(values, i32([0, 0]), 2, 3)).toBeCloseTo(1.1 / 1.7, 12);
    // both wrong: (0.1 + 0.2)/(1.7)
    expect(allocativeEfficiency(values, i32([2, 1]), 2, 3)).toBeCloseTo(0.3 / 1.7, 12);
  });
  it('all-zero values count as fully efficient (no division by zero)', () => {
    expect(allocativeEfficiency(f64([0, 0, 0, 0]), i32([1, 0]), 2, 2)).toBe(1);
  });
});

describe('meanUtilities', () => {
  it('winner gets value − payment, losers −payment, averaged over auctions', () => {
    // auction 0: values [0.6, 0.9], winner 1 pays 0.5 → u = [0, 0.4]
    // auction 1: values [0.8, 0.2], winner 0 pays 0.3, all-pay-like loser pays 0.1 → u = [0.5, −0.1]
    // mean: [0.25, 0.15]
    const u = meanUtilities(f64([0.6, 0.9, 0.8, 0.2]), i32([1, 0]), f64([0, 0.5, 0.3, 0.1]), 2, 2);
    expect(u).toBeInstanceOf(Float64Array);
    expect(u.length).toBe(2);
    expect(u[0]).toBeCloseTo(0.25, 12);
    expect(u[1]).toBeCloseTo(0.15, 12);
  });
  it('three bidders, one auction: only the winner collects its value', () => {
    // values [0.2, 0.5, 0.7], winner 2 pays 0.5 → [0, 0, 0.2]
    const u = meanUtilities(f64([0.2, 0.5, 0.7]), i32([2]), f64([0, 0, 0.5]), 1, 3);
    expect(Array.from(u).map((x) => +x.toFixed(12))).toEqual([0, 0, 0.2]);
  });
  it('sum of utilities + revenue = realised surplus (Σ v_winner)/K', () => {
    const values = f64([0.6, 0.9, 0.8, 0.2, 0.3, 0.35]);
    const winner = i32([1, 0, 1]);
    const payments = f64([0.1, 0.6, 0.7, 0.05, 0.2, 0.3]);
    const u = meanUtilities(values, winner, payments, 3, 2);
    const surplus = (0.9 + 0.8 + 0.35) / 3;
    expect(u[0] + u[1] + meanRevenue(payments, 3)).toBeCloseTo(surplus, 12);
  });
});

describe('l2Distance', () => {
  it('root-mean-square difference', () => {
    // diffs [0.3, 0.4] → √((0.09 + 0.16)/2) = √0.125
    expect(l2Distance([0.3, 0.4], [0, 0])).toBeCloseTo(Math.sqrt(0.125), 12);
    // diffs [1, −1, 1, −1] → 1
    expect(l2Distance([1, 0, 1, 0], [0, 1, 0, 1])).toBeCloseTo(1, 12);
    // diffs [0.1, 0.1, 0.1] → 0.1
    expect(l2Distance([0.6, 0.7, 0.8], [0.5, 0.6, 0.7])).toBeCloseTo(0.1, 12);
  });
  it('identical curves → 0; empty grid → 0 (no NaN)', () => {
    expect(l2Distance([0.1, 0.2], [0.1, 0.2])).toBe(0);
    expect(l2Distance([], [])).toBe(0);
  });
});
