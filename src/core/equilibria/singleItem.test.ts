import { describe, it, expect, expectTypeOf } from 'vitest';
import { createRng } from '../math/rng';
import { singleItemMechanismIds, singleItemMechanisms } from '../mechanisms/registry';
import type { SingleItemMechanismId } from '../mechanisms/singleItem';
import { meanRevenue } from '../metrics/singleItem';
import { sampleUniformValues } from '../priors/uniform';
import {
  SINGLE_ITEM_EQUILIBRIA,
  equilibriumBidFunctions,
  equilibriumSlope,
  singleItemEquilibrium,
  type BidFunction,
  type EquilibriumTable,
  type PriorKind,
} from './singleItem';

/** Equilibrium revenue where a closed form is known, else null. */
const equilibriumRevenue = (m: SingleItemMechanismId, n: number, upper: number[]): number | null => {
  const eq = singleItemEquilibrium(m, n, upper);
  return eq.known ? eq.revenue : null;
};

const bne = (m: SingleItemMechanismId, n: number, upper: number[]): BidFunction[] => {
  const fs = equilibriumBidFunctions(m, n, upper);
  expect(fs).not.toBeNull();
  expect(fs!.length).toBe(n);
  return fs!;
};

/** argmax of f over a uniform grid of `steps` + 1 points on [lo, hi]. */
function gridArgmax(f: (b: number) => number, lo: number, hi: number, steps: number): number {
  let best = lo;
  let bestF = -Infinity;
  for (let g = 0; g <= steps; g++) {
    const b = lo + ((hi - lo) * g) / steps;
    const y = f(b);
    if (y > bestF) {
      bestF = y;
      best = b;
    }
  }
  return best;
}

/** Inverse of an increasing function on [0, hi] by bisection: the v with fn(v) = y (clamped to the ends). */
function invert(fn: (v: number) => number, y: number, hi: number): number {
  if (y <= fn(0)) return 0;
  if (y >= fn(hi)) return hi;
  let lo = 0;
  let up = hi;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + up) / 2;
    if (fn(mid) < y) lo = mid;
    else up = mid;
  }
  return (lo + up) / 2;
}

describe('equilibriumBidFunctions: closed forms (hand-computed)', () => {
  it('second price: b(v) = v for every bidder, any prior', () => {
    const fs = bne('second-price', 3, [1, 2, 5]);
    for (const f of fs) for (const v of [0, 0.3, 1.7]) expect(f(v)).toBe(v);
  });

  it('first price symmetric: b(v) = (N − 1)/N · v', () => {
    // N = 2: b(0.8) = 0.4; N = 3: b(0.9) = 0.6; N = 5, a = 2: b(1.5) = 1.2
    expect(bne('first-price', 2, [1, 1])[0](0.8)).toBeCloseTo(0.4, 12);
    expect(bne('first-price', 3, [1, 1, 1])[2](0.9)).toBeCloseTo(0.6, 12);
    const five = bne('first-price', 5, [2, 2, 2, 2, 2]);
    for (const f of five) expect(f(1.5)).toBeCloseTo(1.2, 12);
  });

  it('all-pay symmetric: b(v) = (N − 1)/N · v^N / a^(N − 1)', () => {
    // N = 2, a = 1: b(0.6) = 0.5·0.36 = 0.18
    expect(bne('all-pay', 2, [1, 1])[1](0.6)).toBeCloseTo(0.18, 12);
    // N = 3, a = 1: b(0.9) = 2/3·0.729 = 0.486
    expect(bne('all-pay', 3, [1, 1, 1])[0](0.9)).toBeCloseTo(0.486, 12);
    // N = 3, a = 2: b(1) = 2/3·1/4 = 1/6; b(2) = 2/3·8/4 = 4/3
    const f = bne('all-pay', 3, [2, 2, 2])[0];
    expect(f(1)).toBeCloseTo(1 / 6, 12);
    expect(f(2)).toBeCloseTo(4 / 3, 12);
  });

  it('no closed form: asymmetric all-pay, asymmetric first price with N > 2', () => {
    expect(equilibriumBidFunctions('all-pay', 2, [1, 2])).toBeNull();
    expect(equilibriumBidFunctions('first-price', 3, [1, 2, 3])).toBeNull();
  });

  describe('first price, two asymmetric bidders U[0, a1], U[0, a2]', () => {
    it('upper = [1, 2]: hand values and both reach a1·a2/(a1 + a2) = 2/3 at the top', () => {
      // k = 1/4 − 1 = −3/4.  b1(1) = (1 − √(1 − 3/4))/(3/4) = 0.5/0.75 = 2/3;
      // b2(2) = (1 − √(1 + 3))/(−3/2) = 2/3.
      // b1(0.5) = (1 − √(1 − 0.1875))/0.375 = (1 − 0.901388)/0.375 = 0.262966
      // b2(0.5) = (1 − √(1 + 0.1875))/(−0.375) = (1.089725 − 1)/0.375 = 0.239266
      const [b1, b2] = bne('first-price', 2, [1, 2]);
      expect(b1(1)).toBeCloseTo(2 / 3, 10);
      expect(b2(2)).toBeCloseTo(2 / 3, 10);
      expect(b1(0.5)).toBeCloseTo(0.262966, 5);
      expect(b2(0.5)).toBeCloseTo(0.239266, 5);
      // the weak bidder (smaller support) bids more aggressively at the same value
      for (const v of [0.1, 0.4, 0.9]) expect(b1(v)).toBeGreaterThan(b2(v));
      // both start at 0 with slope 1/2
      expect(b1(1e-6)).toBeCloseTo(0.5e-6, 10);
      expect(b2(0)).toBe(0);
    });

    it('top of supports for several (a1, a2): b1(a1) = b2(a2) = a1·a2/(a1 + a2); increasing; below value', () => {
      for (const [a1, a2] of [[1, 2], [2, 1], [1, 3], [0.5, 0.7], [4, 1.5]] as const) {
        const [b1, b2] = bne('first-price', 2, [a1, a2]);
        const top = (a1 * a2) / (a1 + a2);
        expect(b1(a1)).toBeCloseTo(top, 9);
        expect(b2(a2)).toBeCloseTo(top, 9);
        for (const [f, a] of [[b1, a1], [b2, a2]] as const) {
          let prev = -Infinity;
          for (let g = 1; g <= 50; g++) {
            const v = (a * g) / 50;
            const b = f(v);
            expect(b).toBeGreaterThan(prev);
            expect(b).toBeLessThan(v);
            prev = b;
          }
        }
      }
    });

    it('k → 0 (nearly equal supports) gives v/2', () => {
      const [b1, b2] = bne('first-price', 2, [1, 1 + 1e-7]);
      for (const v of [0.1, 0.5, 1]) {
        expect(b1(v)).toBeCloseTo(v / 2, 6);
        expect(b2(v)).toBeCloseTo(v / 2, 6);
      }
    });

    it('upper = [1, 2] is an equilibrium: each bidder best-responds (grid search of exact expected utility)', () => {
      const [b1, b2] = bne('first-price', 2, [1, 2]);
      // bidder 1 (value v, V2 ~ U[0, 2]): E u(b) = (v − b) · P(b2(V2) < b) = (v − b) · b2⁻¹(b)/2
      for (const v of [0.2, 0.5, 0.8]) {
        const eu = (b: number) => (v - b) * (invert(b2, b, 2) / 2);
        const best = gridArgmax(eu, 0, v, 2000);
        expect(Math.abs(best - b1(v))).toBeLessThan(0.01);
      }
      // bidder 2 (value v, V1 ~ U[0, 1]): E u(b) = (v − b) · b1⁻¹(b)/1
      for (const v of [0.4, 1, 1.6]) {
        const eu = (b: number) => (v - b) * invert(b1, b, 1);
        const best = gridArgmax(eu, 0, v, 2000);
        expect(Math.abs(best - b2(v))).toBeLessThan(0.01);
      }
    });

    it('the best-response check is sharp: the symmetric v/2 rule is NOT a best response here', () => {
      const [, b2] = bne('first-price', 2, [1, 2]);
      // bidder 1 at v = 0.8 best-responds with b1(0.8) ≈ 0.44, clearly above 0.8/2 = 0.4
      const v = 0.8;
      const best = gridArgmax((b) => (v - b) * (invert(b2, b, 2) / 2), 0, v, 2000);
      expect(Math.abs(best - v / 2)).toBeGreaterThan(0.02);
    });
  });
});

describe('symmetric BNE with N = 3 survive a numerical best-response check', () => {
  // Others play β(·); a bidder with value v bidding b wins with probability F(β⁻¹(b))^(N−1), F(x) = x/a.
  for (const a of [1, 2]) {
    const n = 3;
    const upper = [a, a, a];
    const values = [0.3, 0.6, 0.9].map((x) => x * a);

    it(`first price, a = ${a}: best bid = 2/3 · v`, () => {
      const beta = bne('first-price', n, upper)[0];
      for (const v of values) {
        const win = (b: number) => (invert(beta, b, a) / a) ** (n - 1);
        const best = gridArgmax((b) => (v - b) * win(b), 0, v, 2000);
        expect(Math.abs(best - beta(v))).toBeLessThan(0.005 * a);
        expect(best).toBeCloseTo((2 / 3) * v, 2);
      }
    });

    it(`all-pay, a = ${a}: best bid = 2/3 · v³ / a²`, () => {
      const beta = bne('all-pay', n, upper)[0];
      for (const v of values) {
        const win = (b: number) => (invert(beta, b, a) / a) ** (n - 1);
        const best = gridArgmax((b) => v * win(b) - b, 0, beta(a), 4000);
        expect(Math.abs(best - beta(v))).toBeLessThan(0.005 * a);
      }
    });
  }
});

describe('equilibriumSlope and equilibriumRevenue', () => {
  it('slope: (N − 1)/N for symmetric first price, 1 for second price, null otherwise', () => {
    expect(equilibriumSlope('first-price', 2, [1, 1])).toBeCloseTo(0.5, 12);
    expect(equilibriumSlope('first-price', 4, [3, 3, 3, 3])).toBeCloseTo(0.75, 12);
    expect(equilibriumSlope('first-price', 10, Array(10).fill(1))).toBeCloseTo(0.9, 12);
    expect(equilibriumSlope('second-price', 3, [1, 2, 3])).toBe(1);
    expect(equilibriumSlope('all-pay', 2, [1, 1])).toBeNull();
    expect(equilibriumSlope('first-price', 2, [1, 2])).toBeNull();
  });

  it('revenue: a(N − 1)/(N + 1) for every rule; asymmetric first price integrated numerically, asymmetric second price null', () => {
    for (const m of ['first-price', 'second-price', 'all-pay'] as const) {
      expect(equilibriumRevenue(m, 2, [1, 1])).toBeCloseTo(1 / 3, 12);
      expect(equilibriumRevenue(m, 3, [1, 1, 1])).toBeCloseTo(0.5, 12);
      expect(equilibriumRevenue(m, 5, [2, 2, 2, 2, 2])).toBeCloseTo(4 / 3, 12); // 2·4/6
    }
    expect(equilibriumRevenue('second-price', 2, [1, 2])).toBeNull();
  });

  it('asymmetric first price: the integrated revenue and utilities agree with 400k Monte Carlo auctions, scale with the bounds, and reduce to the symmetric 1/3 and 1/6', () => {
    for (const upper of [[1, 2], [0.5, 1], [2, 1]]) {
      const eq = singleItemEquilibrium('first-price', 2, upper);
      if (!eq.known) throw new Error('expected a known equilibrium');
      const batch = 400_000;
      const values = sampleUniformValues(createRng(7), batch, upper);
      const bids = values.map((v, j) => eq.bids[j % 2](v));
      const { winner, payments } = singleItemMechanisms['first-price'].clear(bids, batch, 2);
      const u = [0, 0];
      for (let k = 0; k < batch; k++) u[winner[k]] += (values[k * 2 + winner[k]] - bids[k * 2 + winner[k]]) / batch;
      const scale = Math.max(...upper);
      expect(Math.abs(eq.revenue! - meanRevenue(payments, batch)) / scale, `revenue at ${upper}`).toBeLessThan(0.003);
      for (let i = 0; i < 2; i++) expect(Math.abs(eq.utilities![i] - u[i]) / scale, `utility ${i} at ${upper}`).toBeLessThan(0.003);
    }
    // [1, 2]: the strong bidder earns more; revenue between the two symmetric cases.
    const a = singleItemEquilibrium('first-price', 2, [1, 2]);
    const half = singleItemEquilibrium('first-price', 2, [0.5, 1]);
    if (!a.known || !half.known) throw new Error('expected known equilibria');
    expect(a.utilities![1]).toBeGreaterThan(a.utilities![0]);
    expect(half.revenue! * 2).toBeCloseTo(a.revenue!, 9);
    expect(half.utilities![0] * 2).toBeCloseTo(a.utilities![0], 9);
    const near = singleItemEquilibrium('first-price', 2, [1, 1 + 1e-9]);
    if (!near.known) throw new Error('expected a known equilibrium');
    expect(near.revenue!).toBeCloseTo(1 / 3, 6);
    for (const x of near.utilities!) expect(x).toBeCloseTo(1 / 6, 6);
  });

  it('revenue equivalence (Monte Carlo, 200k draws, N = 3, U[0,1]): every rule at its BNE earns 0.5 ± 0.005', () => {
    const n = 3;
    const batch = 200_000;
    const upper = [1, 1, 1];
    const values = sampleUniformValues(createRng(99), batch, upper);
    const target = equilibriumRevenue('first-price', n, upper)!;
    expect(target).toBeCloseTo(0.5, 12);
    const revenues: Record<string, number> = {};
    for (const id of ['first-price', 'second-price', 'all-pay'] as const) {
      const fs = bne(id, n, upper);
      const bids = new Float64Array(batch * n);
      for (let j = 0; j < bids.length; j++) bids[j] = fs[j % n](values[j]);
      const { payments } = singleItemMechanisms[id].clear(bids, batch, n);
      revenues[id] = meanRevenue(payments, batch);
    }
    for (const [id, r] of Object.entries(revenues)) {
      expect(Math.abs(r - 0.5), `${id} revenue ${r}`).toBeLessThan(0.005);
    }
  });
});

describe('the table of known equilibria', () => {
  it('an unknown mechanism id is none known, not first price’s line or all-pay’s curve', () => {
    for (const [n, upper] of [[2, [1, 1]], [3, [1, 1, 1]], [2, [1, 2]]] as const) {
      const eq = singleItemEquilibrium('dutch', n, upper);
      expect(eq.known).toBe(false);
      if (!eq.known) expect(eq.reason).toMatch(/no closed form known.*dutch/);
      expect(equilibriumSlope('dutch', n, upper)).toBeNull();
      expect(equilibriumBidFunctions('dutch', n, upper)).toBeNull();
    }
    // inherited object keys are not mechanisms either
    for (const id of ['constructor', 'toString', '__proto__']) expect(singleItemEquilibrium(id, 2, [1, 1]).known).toBe(false);
  });

  it('one bound stands for every bidder; bounds of another length are none known', () => {
    expect(equilibriumSlope('first-price', 4, [3])).toBeCloseTo(0.75, 12);
    expect(bne('all-pay', 3, [2])[2](1)).toBeCloseTo(1 / 6, 12);
    expect(singleItemEquilibrium('first-price', 3, [1, 1]).known).toBe(false);
  });

  it('says where each closed form comes from and which cases have none', () => {
    const rows = singleItemMechanismIds.flatMap((m) =>
      (['symmetric-uniform', 'asymmetric-uniform'] as const).map((p) => [m, p, SINGLE_ITEM_EQUILIBRIA[m][p]] as const),
    );
    expect(rows).toHaveLength(6);
    const none = rows.filter(([, , e]) => typeof e !== 'function').map(([m, p]) => `${m} ${p}`);
    expect(none).toEqual(['all-pay asymmetric-uniform']);
    for (const m of singleItemMechanismIds) {
      const eq = singleItemEquilibrium(m, 2, [1, 1]);
      expect(eq.known && eq.source).toMatch(/Krishna, Auction Theory, 2nd ed\., §\d/);
    }
  });

  it('is exhaustive over registered mechanism ids × prior kinds (checked by the compiler)', () => {
    expectTypeOf<keyof EquilibriumTable>().toEqualTypeOf<keyof typeof singleItemMechanisms>();
    expectTypeOf<keyof EquilibriumTable['all-pay']>().toEqualTypeOf<PriorKind>();
    const row = SINGLE_ITEM_EQUILIBRIA['first-price'];
    // @ts-expect-error a table without an 'all-pay' row does not type-check
    const missingMechanism: EquilibriumTable = { 'first-price': row, 'second-price': row };
    const missingPrior: EquilibriumTable = {
      ...SINGLE_ITEM_EQUILIBRIA,
      // @ts-expect-error a row without the asymmetric prior does not type-check
      'all-pay': { 'symmetric-uniform': row['symmetric-uniform'] },
    };
    expect(Object.keys(missingMechanism)).toHaveLength(2);
    expect(Object.keys(missingPrior['all-pay'])).toHaveLength(1);
    expect(Object.keys(SINGLE_ITEM_EQUILIBRIA).sort()).toEqual([...singleItemMechanismIds].sort());
  });
});
