import { describe, it, expect } from 'vitest';
import { allPayDesignEquilibrium, gridBestResponse, prizeSplitRevenue } from './allPayDesign';
import { clearRankAllPay } from '../mechanisms/allPayRank';
import { createRng } from '../math/rng';

const vs = [0, 0.1, 0.25, 0.5, 0.7, 0.9, 1];

describe('prize split equilibrium', () => {
  it('w = 1 is the all-pay BNE (n − 1)/n·vⁿ with revenue (n − 1)/(n + 1)', () => {
    for (const n of [2, 3, 4, 5]) {
      const eq = allPayDesignEquilibrium('prize-split', 1, n)!;
      for (const v of vs) expect(eq.bid(v)).toBeCloseTo(((n - 1) / n) * v ** n, 12);
      expect(eq.revenue).toBeCloseTo((n - 1) / (n + 1), 12);
    }
  });
  it('n = 2 gives (2w − 1)/2·v²; n = 3 revenue is w/2', () => {
    const eq = allPayDesignEquilibrium('prize-split', 0.7, 2)!;
    for (const v of vs) expect(eq.bid(v)).toBeCloseTo((0.4 / 2) * v * v, 12);
    for (const w of [0.5, 0.6, 0.9]) expect(prizeSplitRevenue(w, 3)).toBeCloseTo(w / 2, 12);
  });
  it('revenue equals n·E[b(V)] by quadrature and by simulation with clearRankAllPay', () => {
    for (const n of [2, 3, 4, 5]) {
      const eq = allPayDesignEquilibrium('prize-split', 0.7, n)!;
      let s = 0;
      const G = 20000;
      for (let g = 0; g < G; g++) s += eq.bid((g + 0.5) / G);
      expect((n * s) / G).toBeCloseTo(eq.revenue, 6);
    }
    const n = 3;
    const eq = allPayDesignEquilibrium('prize-split', 0.7, n)!;
    const rng = createRng(11);
    const K = 100000;
    const bids = new Float64Array(K * n).map(() => eq.bid(rng.next()));
    const { payments } = clearRankAllPay(bids, K, n, { reading: 'prize-split', w: 0.7 });
    expect(payments.reduce((a, b) => a + b, 0) / K).toBeCloseTo(0.35, 2);
  });
  it('is a best response by grid search (n = 3, w = 0.7)', () => {
    const eq = allPayDesignEquilibrium('prize-split', 0.7, 3)!;
    for (const v of [0.2, 0.4, 0.6, 0.8, 1]) {
      const br = gridBestResponse('prize-split', 0.7, 3, eq.bid, v, 2001, 1);
      expect(Math.abs(br.bid - eq.bid(v))).toBeLessThanOrEqual(1e-3);
    }
  });
});

describe('payment split equilibrium', () => {
  it('w = 1 is first price (n − 1)/n·v', () => {
    for (const n of [2, 3, 5]) {
      const eq = allPayDesignEquilibrium('payment-split', 1, n)!;
      for (const v of vs) expect(eq.bid(v)).toBeCloseTo(((n - 1) / n) * v, 12);
    }
  });
  it('revenue is (n − 1)/(n + 1) for every w (simulation)', () => {
    const n = 3;
    for (const w of [0.5, 0.75]) {
      const eq = allPayDesignEquilibrium('payment-split', w, n)!;
      expect(eq.revenue).toBeCloseTo(0.5, 12);
      const rng = createRng(5);
      const K = 100000;
      const bids = new Float64Array(K * n).map(() => eq.bid(rng.next()));
      const { payments } = clearRankAllPay(bids, K, n, { reading: 'payment-split', w });
      expect(payments.reduce((a, b) => a + b, 0) / K).toBeCloseTo(0.5, 2);
    }
  });
  it('is a best response by grid search (n = 3, w = 0.7; n = 2, w = 0.6)', () => {
    for (const [n, w] of [[3, 0.7], [2, 0.6]] as const) {
      const eq = allPayDesignEquilibrium('payment-split', w, n)!;
      for (const v of [0.2, 0.5, 0.8, 1]) {
        const br = gridBestResponse('payment-split', w, n, eq.bid, v, 2001, 2);
        expect(Math.abs(br.bid - eq.bid(v))).toBeLessThanOrEqual(2e-3);
      }
    }
  });
  it('is increasing', () => {
    const eq = allPayDesignEquilibrium('payment-split', 0.5, 4)!;
    let prev = -1;
    for (let g = 0; g <= 100; g++) {
      const b = eq.bid(g / 100);
      expect(b).toBeGreaterThan(prev);
      prev = b;
    }
  });
  it('returns null outside w ∈ [1/2, 1]', () => {
    expect(allPayDesignEquilibrium('payment-split', 0.3, 3)).toBeNull();
    expect(allPayDesignEquilibrium('prize-split', 0.7, 1)).toBeNull();
  });
});
