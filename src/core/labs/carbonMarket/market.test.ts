import { describe, expect, it } from 'vitest';
import type { FirmType } from './economy';
import { AllowanceMarket } from './market';

/**
 * Two identical firms A = 60, Q = 10, e = 1, penalty 30, 8 linear steps: each schedule is 5 tons at 30, then eight
 * steps of 0.625 tons priced v(midpoint) = 28.125, 24.375, 20.625, … (falling by 3.75).
 */
const firms: FirmType[] = [
  { A: 60, Q: 10, e0: 1, w0: 100 },
  { A: 60, Q: 10, e0: 1, w0: 100 },
];

describe('AllowanceMarket (uniform-price call market, pooled endowments)', () => {
  it('writes the hand-computed schedules', () => {
    const m = new AllowanceMarket(1, 2, 8);
    m.writeSchedules(firms, [1, 1], 30, null);
    expect(Array.from(m.bids.prices.subarray(0, 4))).toEqual([30, 28.125, 24.375, 20.625]);
    expect(m.bids.quantities[0]).toBeCloseTo(5, 12);
    expect(m.bids.quantities[1]).toBeCloseTo(0.625, 12);
  });

  it('firm 1 owns all 12 allowances: both end with 6 at P = 24.375; firm 1 is paid 24.375 × 6 = 146.25 by firm 2', () => {
    // Pool 12: 5 + 5 at 30, 0.625 + 0.625 at 28.125 (11.25 so far), the remaining 0.75 shared pro-rata on the
    // 24.375 step (0.375 each), which is also the first rejected price.
    const m = new AllowanceMarket(1, 2, 8);
    m.writeSchedules(firms, [1, 1], 30, null);
    m.clearPool([12, 0], 30);
    expect(m.price[0]).toBeCloseTo(24.375, 12);
    expect(m.holdings[0]).toBeCloseTo(6, 12);
    expect(m.holdings[1]).toBeCloseTo(6, 12);
    expect(m.cash[0]).toBeCloseTo(146.25, 10);
    expect(m.cash[1]).toBeCloseTo(-146.25, 10);
  });

  it('full auctioning of 12: same holdings and price, revenue 292.5 recycled equally, so net cash 0 each', () => {
    const m = new AllowanceMarket(1, 2, 8);
    m.writeSchedules(firms, [1, 1], 30, null);
    m.auction([12], 30);
    expect(m.price[0]).toBeCloseTo(24.375, 12);
    expect(m.holdings[0] + m.holdings[1]).toBeCloseTo(12, 12);
    expect(m.cash[0]).toBeCloseTo(0, 10);
  });

  it('scarcity: a pool of 4 < x_pen of both → price = penalty 30, shared pro-rata (2 each)', () => {
    const m = new AllowanceMarket(1, 2, 8);
    m.writeSchedules(firms, [1, 1], 30, null);
    m.clearPool([1, 3], 30);
    expect(m.price[0]).toBe(30);
    expect(m.holdings[0]).toBeCloseTo(2, 12);
    expect(m.cash[0]).toBeCloseTo(30 * (1 - 2), 10);
  });

  it('surplus: a pool of 30 > BAU demand 20 → price 0, nothing paid, each holds its BAU 10', () => {
    const m = new AllowanceMarket(1, 2, 8);
    m.writeSchedules(firms, [1, 1], 30, null);
    m.clearPool([30, 0], 30);
    expect(m.price[0]).toBe(0);
    expect(m.holdings[0]).toBeCloseTo(10, 12);
    expect(m.cash[0]).toBe(0);
  });

  it('a batch of episodes with different pools (holdover row) gives each episode its own one-auction result', () => {
    const pools = [
      [12, 0],
      [1, 3],
      [0, 0],
      [2, 5],
    ];
    const batch = new AllowanceMarket(pools.length, 2, 8);
    batch.writeSchedules(firms, [1, 1, 1, 1, 1, 1, 1, 1], 30, null);
    batch.clearPool(pools.flat(), 30);
    pools.forEach((pool, k) => {
      const one = new AllowanceMarket(1, 2, 8);
      one.writeSchedules(firms, [1, 1], 30, null);
      one.clearPool(pool, 30);
      expect(batch.price[k]).toBeCloseTo(one.price[0], 12);
      for (let i = 0; i < 2; i++) {
        expect(batch.holdings[k * 2 + i]).toBeCloseTo(one.holdings[i], 10);
        expect(batch.cash[k * 2 + i]).toBeCloseTo(one.cash[i], 8);
      }
    });
    expect(batch.price[2]).toBe(0);
  });

  it('a bid multiplier below 1 shades the schedule (capped at the penalty above 1)', () => {
    const m = new AllowanceMarket(1, 2, 8);
    m.writeSchedules(firms, [1, 1], 30, [0.5, 2]);
    expect(m.bids.prices[0]).toBe(15);
    expect(m.bids.prices[9]).toBe(30);
    expect(m.bids.prices[10]).toBe(30); // 2 × 28.125 capped
  });
});
