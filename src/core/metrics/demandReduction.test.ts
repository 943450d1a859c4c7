import { describe, expect, it } from 'vitest';
import type { StepBids } from '../mechanisms/multiUnit';
import { createRng } from '../math/rng';
import type { Firm } from '../valuations/abatement';
import { demandReduction, stepDemandAt } from './demandReduction';
import { competitivePrice, quantityDri } from './permits';

/** One auction of two-step bids `[pH, qH, pL, qL]` per firm. */
function twoTier(rows: readonly (readonly number[])[]): StepBids {
  const N = rows.length;
  const prices = new Float64Array(2 * N);
  const quantities = new Float64Array(2 * N);
  rows.forEach((r, i) => {
    prices[2 * i] = r[0];
    quantities[2 * i] = r[1];
    prices[2 * i + 1] = r[2];
    quantities[2 * i + 1] = r[3];
  });
  return { K: 1, N, T: 2, prices, quantities };
}

const truthful = (f: Firm) => [0.75 * f.c * f.e, f.e / 2, 0.25 * f.c * f.e, f.e / 2];

function randomFirms(seed: number, n: number): Firm[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => ({ c: 0.5 + rng.next(), e: 4 + 4 * rng.next() }));
}

describe('demandReduction (headline DRI)', () => {
  it('reads exactly 0 for truthful two-tier bids, on 500 random markets, where the raw withheld share reads ≈ 0.14', () => {
    let raw = 0;
    for (let s = 0; s < 500; s++) {
      const firms = randomFirms(s, 4);
      const bids = twoTier(firms.map(truthful));
      const r = demandReduction(firms, bids, competitivePrice(firms, 12));
      expect(r.market).toBe(0);
      for (const w of r.byFirm) expect(w).toBe(0);
      raw += quantityDri(firms, bids, 12).market / 500;
    }
    expect(raw).toBeGreaterThan(0.05);
  });

  it('reads 0 for any step bid priced at the mean true value of the units it covers, whatever its breakpoints', () => {
    const f = { c: 1.2, e: 6 };
    const v = (a: number, b: number) => f.c * (f.e - (a + b) / 2);
    for (const qH of [1, 2.5, 3.7, 5]) {
      const bids = twoTier([[v(0, qH), qH, v(qH, f.e), f.e - qH]]);
      for (const p of [0.5, 2, 4, 6.5]) expect(stepDemandAt(bids, 0, p)).toBeCloseTo(f.e - p / f.c, 12);
    }
  });

  it('reads 1/(N − 1) for the two-step approximation of the linear supply-function equilibrium bid', () => {
    for (const N of [3, 4, 5, 8]) {
      const firms = Array.from({ length: N }, () => ({ c: 1, e: 6 }));
      // x(p) = α(e − p/c), α = (N − 2)/(N − 1): steps [0, αe/2) and [αe/2, αe) priced at the curve at their midpoints.
      const a = (N - 2) / (N - 1);
      const bids = twoTier(firms.map((f) => [0.75 * f.c * f.e, (a * f.e) / 2, 0.25 * f.c * f.e, (a * f.e) / 2]));
      expect(demandReduction(firms, bids, competitivePrice(firms, 3 * N)).market).toBeCloseTo(1 / (N - 1), 12);
    }
  });

  it('is positive when both tiers are shaded alike (the tier index s_L − s_H reads 0), negative when a firm asks for more', () => {
    const firms = [{ c: 1, e: 8 }, { c: 1, e: 8 }];
    const p = competitivePrice(firms, 8);
    const shaded = twoTier(firms.map((f) => truthful(f).map((x, j) => (j % 2 === 0 ? 0.67 * x : x))));
    expect(demandReduction(firms, shaded, p).market).toBeGreaterThan(0.3);
    const greedy = twoTier(firms.map((f) => [f.c * f.e, f.e / 2, 0.6 * f.c * f.e, f.e / 2]));
    expect(demandReduction(firms, greedy, p).market).toBeLessThan(0);
  });

  it('skips steps priced 0 or empty, merges steps of one price, and extends the top segment above the top price', () => {
    // (0, 12) withheld: the step (18, 12) reads (18, 6) and (0, 12).
    const one = twoTier([[18, 12, 0, 12]]);
    expect(stepDemandAt(one, 0, 9)).toBeCloseTo(9, 12);
    expect(stepDemandAt(one, 0, 30)).toBeCloseTo(2, 12);
    expect(stepDemandAt(one, 0, 40)).toBe(0);
    expect(stepDemandAt(twoTier([[5, 4, 5, 4]]), 0, 2.5)).toBeCloseTo(6, 12);
    expect(stepDemandAt(twoTier([[0, 4, 0, 4]]), 0, 1)).toBe(0);
    expect(demandReduction([{ c: 0, e: 5 }], twoTier([[0, 0, 0, 0]]), 1).market).toBe(0);
  });
});
