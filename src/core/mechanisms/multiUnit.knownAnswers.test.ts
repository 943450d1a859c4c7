import { describe, expect, it } from 'vitest';
import { createRng } from '../math/rng';
import { discriminatory } from './discriminatory';
import type { MultiUnitMechanism, MultiUnitSettings, PriceRule, StepBids } from './multiUnit';
import { uniformPrice } from './uniformPrice';
import { vcgMultiUnit } from './vcgMultiUnit';

/**
 * Multi-unit known-answer tables, computed BY HAND (the arithmetic is in the comments). Each table is one
 * batch of auctions sharing supply S and reserve r, cleared in ONE batched call per mechanism and price rule.
 *
 * Notation: a firm's schedule is its steps (price, quantity), highest price first; "A1" is firm A's step 1.
 * Allocation: sort eligible steps (price ≥ r and > 0, quantity > 0) by price, fill greedily; the marginal price group
 * shares what is left pro-rata to quantity.
 *   FR (first rejected) = highest price with unfilled eligible demand, or r when all of it is filled.
 *   LA (last accepted)  = price of the lowest accepted step, or r when nothing is accepted.
 *   uniform FR/LA: pay_i = price × a_i.   disc: pay_i = Σ_t fill_it · p_it.
 *   VCG: pay_i = the a_i highest unfilled units among the OTHER firms' eligible steps, the rest at r.
 */
type Step = [price: number, quantity: number];
interface KnownAuction {
  /** firms[i] = firm i's steps (length T each). */
  firms: Step[][];
  fills: number[][];
  alloc: number[];
  fr: number;
  la: number;
  uFR: number[];
  uLA: number[];
  disc: number[];
  vcg: number[];
}
interface KnownTable {
  supply: number;
  reserve: number;
  auctions: KnownAuction[];
}

const tables: Record<string, KnownTable> = {
  'S = 10, r = 0, two firms, two tiers': {
    supply: 10,
    reserve: 0,
    auctions: [
      {
        // Partial fill at the margin. Sorted: A1 10×4, B1 8×5, A2 6×4, B2 3×5.
        // A1 4 (left 6), B1 5 (left 1), A2 marginal: 1 of 4. alloc [5, 5]; FR = 6 (A2 has 3 unfilled), LA = 6.
        // uniform: 6·5 = 30 each. disc: A 4·10 + 1·6 = 46, B 5·8 = 40.
        // VCG: A's 5 units → B's unfilled B2 5×3 = 15; B's 5 units → A's unfilled A2 3×6 = 18, 2 more at r = 0 → 18.
        firms: [[[10, 4], [6, 4]], [[8, 5], [3, 5]]],
        fills: [[4, 1], [5, 0]],
        alloc: [5, 5],
        fr: 6,
        la: 6,
        uFR: [30, 30],
        uLA: [30, 30],
        disc: [46, 40],
        vcg: [15, 18],
      },
      {
        // Exact fill, FR ≠ LA. A1 4 (left 6), B1 6 (left 0): the groups exhaust S exactly.
        // FR = next group's price A2 = 6; LA = last filled group B1 = 8. alloc [4, 6].
        // uniform FR: [24, 36]; LA: [32, 48]. disc: [40, 48].
        // VCG: A's 4 → B2 4×3 = 12; B's 6 → A2 4×6 = 24 + 2 at 0 → 24.
        firms: [[[10, 4], [6, 4]], [[8, 6], [3, 5]]],
        fills: [[4, 0], [6, 0]],
        alloc: [4, 6],
        fr: 6,
        la: 8,
        uFR: [24, 36],
        uLA: [32, 48],
        disc: [40, 48],
        vcg: [12, 24],
      },
      {
        // All demand filled (8 < S = 10): FR = r = 0, LA = lowest step B2 = 3. alloc [5, 3].
        // uniform FR: 0; LA: [15, 9]. disc: A 3·10 + 2·6 = 42, B 2·8 + 1·3 = 19.
        // VCG: nobody else wants more units → every unit at r = 0.
        firms: [[[10, 3], [6, 2]], [[8, 2], [3, 1]]],
        fills: [[3, 2], [2, 1]],
        alloc: [5, 3],
        fr: 0,
        la: 3,
        uFR: [0, 0],
        uLA: [15, 9],
        disc: [42, 19],
        vcg: [0, 0],
      },
      {
        // Nothing eligible (all quantities 0): nothing sold, FR = LA = r = 0, all payments 0.
        firms: [[[10, 0], [6, 0]], [[8, 0], [3, 0]]],
        fills: [[0, 0], [0, 0]],
        alloc: [0, 0],
        fr: 0,
        la: 0,
        uFR: [0, 0],
        uLA: [0, 0],
        disc: [0, 0],
        vcg: [0, 0],
      },
      {
        // Tie at the margin, pro-rata. A1 2, B1 2 (left 6); group at 5: A2 6 + B2 2 = 8 > 6, share 6/8 = 0.75:
        // A2 4.5, B2 1.5. alloc [6.5, 3.5]; FR = LA = 5. uniform [32.5, 17.5].
        // disc: A 2·10 + 4.5·5 = 42.5, B 2·9 + 1.5·5 = 25.5.
        // VCG: A's 6.5 → B2's 0.5 unfilled ×5 = 2.5, 6 more at 0 → 2.5; B's 3.5 → A2's 1.5 unfilled ×5 = 7.5 → 7.5.
        //   (check A by welfare: without A, B gets all 4 units: 18 + 10 = 28; with A, B has 25.5 → 2.5.)
        firms: [[[10, 2], [5, 6]], [[9, 2], [5, 2]]],
        fills: [[2, 4.5], [2, 1.5]],
        alloc: [6.5, 3.5],
        fr: 5,
        la: 5,
        uFR: [32.5, 17.5],
        uLA: [32.5, 17.5],
        disc: [42.5, 25.5],
        vcg: [2.5, 7.5],
      },
      {
        // One tie group across firms and steps: A1 8, A2 4, B1 8 all at 5 (B2 has quantity 0: ignored).
        // 20 > 10, share 1/2: A [4, 2], B [4, 0]. alloc [6, 4]; FR = LA = 5. uniform = disc = [30, 20].
        // VCG: A's 6 → B1's 4 unfilled ×5 = 20, 2 more at 0 → 20; B's 4 → A's 6 unfilled, 4 of them ×5 = 20.
        firms: [[[5, 8], [5, 4]], [[5, 8], [0, 0]]],
        fills: [[4, 2], [4, 0]],
        alloc: [6, 4],
        fr: 5,
        la: 5,
        uFR: [30, 20],
        uLA: [30, 20],
        disc: [30, 20],
        vcg: [20, 20],
      },
      {
        // Zero-quantity steps are ignored, also for FR: A1 4 + B1 6 exhaust S; A2 (price 9, quantity 0) is not
        // demand, so FR = B2 = 3 (not 9); LA = 8. uniform FR [12, 18]; LA [32, 48]; disc [40, 48].
        // VCG: A's 4 → B2 4×3 = 12; B's 6 → A has no unfilled demand → 6 at r = 0 → 0.
        firms: [[[10, 4], [9, 0]], [[8, 6], [3, 5]]],
        fills: [[4, 0], [6, 0]],
        alloc: [4, 6],
        fr: 3,
        la: 8,
        uFR: [12, 18],
        uLA: [32, 48],
        disc: [40, 48],
        vcg: [12, 0],
      },
    ],
  },
  'S = 10, reserve 4 binding': {
    supply: 10,
    reserve: 4,
    auctions: [
      {
        // A2 (3) and B2 (2) are below r = 4: rejected. Eligible A1 4 + B1 3 = 7 < 10: all filled.
        // FR = r = 4; LA = 8. uniform FR [16, 12]; LA [32, 24]. disc [40, 24].
        // VCG: nobody else wants more eligible units → units at r: A 4·4 = 16, B 3·4 = 12.
        firms: [[[10, 4], [3, 4]], [[8, 3], [2, 5]]],
        fills: [[4, 0], [3, 0]],
        alloc: [4, 3],
        fr: 4,
        la: 8,
        uFR: [16, 12],
        uLA: [32, 24],
        disc: [40, 24],
        vcg: [16, 12],
      },
      {
        // B2 (3) below r. A1 6 (left 4), B1 3 (left 1), A2 1 of 4. alloc [7, 3]; FR = LA = 5. uniform [35, 15].
        // disc: A 60 + 5 = 65, B 24. VCG: A's 7 → B has no eligible unfilled step → 7·4 = 28;
        //   B's 3 → A2 3 unfilled ×5 = 15.
        firms: [[[10, 6], [5, 4]], [[8, 3], [3, 5]]],
        fills: [[6, 1], [3, 0]],
        alloc: [7, 3],
        fr: 5,
        la: 5,
        uFR: [35, 15],
        uLA: [35, 15],
        disc: [65, 24],
        vcg: [28, 15],
      },
      {
        // Every step below r = 4: nothing eligible, nothing sold, FR = LA = r = 4, payments 0.
        firms: [[[3, 4], [2, 4]], [[3.5, 5], [1, 5]]],
        fills: [[0, 0], [0, 0]],
        alloc: [0, 0],
        fr: 4,
        la: 4,
        uFR: [0, 0],
        uLA: [0, 0],
        disc: [0, 0],
        vcg: [0, 0],
      },
      {
        // Steps AT the reserve are eligible: A1 2, A2 3, B1 1 (all ≥ 4), 6 < 10 all filled. FR = r = 4, LA = 4.
        // uniform [20, 4]; disc A 12 + 12 = 24, B 4; VCG at r: [20, 4].
        firms: [[[6, 2], [4, 3]], [[4, 1], [0, 0]]],
        fills: [[2, 3], [1, 0]],
        alloc: [5, 1],
        fr: 4,
        la: 4,
        uFR: [20, 4],
        uLA: [20, 4],
        disc: [24, 4],
        vcg: [20, 4],
      },
    ],
  },
  'single firm, S = 5, r = 1': {
    supply: 5,
    reserve: 1,
    auctions: [
      {
        // 3 at 10, then 2 of 4 at 4. FR = LA = 4: uniform 20; disc 30 + 8 = 38; VCG: no others → 5·r = 5.
        firms: [[[10, 3], [4, 4]]],
        fills: [[3, 2]],
        alloc: [5],
        fr: 4,
        la: 4,
        uFR: [20],
        uLA: [20],
        disc: [38],
        vcg: [5],
      },
      {
        // 2 + 3 = 5 exactly: all demand filled → FR = r = 1, LA = 4. uniform FR 5, LA 20; disc 20 + 12 = 32; VCG 5.
        firms: [[[10, 2], [4, 3]]],
        fills: [[2, 3]],
        alloc: [5],
        fr: 1,
        la: 4,
        uFR: [5],
        uLA: [20],
        disc: [32],
        vcg: [5],
      },
      {
        // Step 2 (0.5) below r: only 1 unit eligible. FR = r = 1, LA = 10. uniform FR 1, LA 10; disc 10; VCG 1.
        firms: [[[10, 1], [0.5, 10]]],
        fills: [[1, 0]],
        alloc: [1],
        fr: 1,
        la: 10,
        uFR: [1],
        uLA: [10],
        disc: [10],
        vcg: [1],
      },
      {
        // Both steps below r: nothing sold, FR = LA = 1.
        firms: [[[0.5, 3], [0, 2]]],
        fills: [[0, 0]],
        alloc: [0],
        fr: 1,
        la: 1,
        uFR: [0],
        uLA: [0],
        disc: [0],
        vcg: [0],
      },
    ],
  },
  'T = 3, three firms, S = 12, r = 0': {
    supply: 12,
    reserve: 0,
    auctions: [
      {
        // Sorted: A1 20×2, B1 18×4, C1 16×1, {A2 15×3, B2 15×2}, C2 12×3, B3 10×5, A3 5×4, C3 0×2 (never eligible: a price of 0 never wins).
        // 2 + 4 + 1 = 7 (left 5); group 15 = 5 ≤ 5 → filled, left 0. FR = C2 = 12, LA = 15.
        // alloc A 2 + 3 = 5, B 4 + 2 = 6, C 1. uniform FR [60, 72, 12]; LA [75, 90, 15].
        // disc: A 40 + 45 = 85, B 72 + 30 = 102, C 16.
        // VCG: A's 5 → C2 3×12 + B3 2×10 = 56; B's 6 → C2 3×12 + A3 3×5 = 51; C's 1 → B3 1×10 = 10.
        //   (welfare check B: without B the others get A1 40, C1 16, A2 45, C2 36, A3 3×5 = 152; with B 85 + 16 = 101.)
        firms: [
          [[20, 2], [15, 3], [5, 4]],
          [[18, 4], [15, 2], [10, 5]],
          [[16, 1], [12, 3], [0, 2]],
        ],
        fills: [[2, 3, 0], [4, 2, 0], [1, 0, 0]],
        alloc: [5, 6, 1],
        fr: 12,
        la: 15,
        uFR: [60, 72, 12],
        uLA: [75, 90, 15],
        disc: [85, 102, 16],
        vcg: [56, 51, 10],
      },
      {
        // Group 9: A1 4 + B1 2 = 6 (left 6); C1 8×3 (left 3); group 7: A2 2 + B2 4 + C2 6 = 12 (A3 has quantity 0),
        // share 3/12 = 1/4: A2 0.5, B2 1, C2 1.5. alloc [4.5, 3, 4.5]; FR = LA = 7. uniform 7·a = [31.5, 21, 31.5].
        // disc: A 36 + 3.5 = 39.5, B 18 + 7 = 25, C 24 + 10.5 = 34.5.
        // VCG: A's 4.5 → B2 3 + C2 1.5 unfilled, all at 7 → 31.5; B's 3 → A2 1.5 + C2 1.5 at 7 → 21;
        //   C's 4.5 → A2 1.5 + B2 3 at 7 → 31.5.
        firms: [
          [[9, 4], [7, 2], [7, 0]],
          [[9, 2], [7, 4], [1, 3]],
          [[8, 3], [7, 6], [6, 1]],
        ],
        fills: [[4, 0.5, 0], [2, 1, 0], [3, 1.5, 0]],
        alloc: [4.5, 3, 4.5],
        fr: 7,
        la: 7,
        uFR: [31.5, 21, 31.5],
        uLA: [31.5, 21, 31.5],
        disc: [39.5, 25, 34.5],
        vcg: [31.5, 21, 31.5],
      },
    ],
  },
  'T = 1 (per-unit bids), four firms, S = 3, r = 0': {
    supply: 3,
    reserve: 0,
    auctions: [
      {
        // Unit bids 5, 3, 4, 1: the three highest win; FR = 1, LA = 3. uniform FR [1,1,1,0]; LA [3,3,3,0];
        // disc = own bids [5,3,4,0]; VCG = highest losing bid 1 for each winner (= uniform FR with unit demand).
        firms: [[[5, 1]], [[3, 1]], [[4, 1]], [[1, 1]]],
        fills: [[1], [1], [1], [0]],
        alloc: [1, 1, 1, 0],
        fr: 1,
        la: 3,
        uFR: [1, 1, 1, 0],
        uLA: [3, 3, 3, 0],
        disc: [5, 3, 4, 0],
        vcg: [1, 1, 1, 0],
      },
      {
        // 6×2 filled (left 1), 5×2 marginal: 1. FR = LA = 5. uniform [10, 5, 0, 0]; disc [12, 5, 0, 0].
        // VCG: firm 0's 2 → firm 1's 1 unfilled at 5 + firm 2's 1 at 4 = 9; firm 1's 1 → firm 2 at 4 = 4.
        firms: [[[6, 2]], [[5, 2]], [[4, 2]], [[3, 2]]],
        fills: [[2], [1], [0], [0]],
        alloc: [2, 1, 0, 0],
        fr: 5,
        la: 5,
        uFR: [10, 5, 0, 0],
        uLA: [10, 5, 0, 0],
        disc: [12, 5, 0, 0],
        vcg: [9, 4, 0, 0],
      },
      {
        // Four-way tie at 2, 1 unit each, S = 3: pro-rata 3/4 each. Price 2: uniform = disc = 1.5 each.
        // VCG: each firm's 0.75 → the other three's 0.25 unfilled each = 0.75 at 2 = 1.5.
        firms: [[[2, 1]], [[2, 1]], [[2, 1]], [[2, 1]]],
        fills: [[0.75], [0.75], [0.75], [0.75]],
        alloc: [0.75, 0.75, 0.75, 0.75],
        fr: 2,
        la: 2,
        uFR: [1.5, 1.5, 1.5, 1.5],
        uLA: [1.5, 1.5, 1.5, 1.5],
        disc: [1.5, 1.5, 1.5, 1.5],
        vcg: [1.5, 1.5, 1.5, 1.5],
      },
    ],
  },
  'fractional quantities, S = 2.5, r = 0.5 (dyadic numbers: exact in binary)': {
    supply: 2.5,
    reserve: 0.5,
    auctions: [
      {
        // B2 (0.25) below r. Eligible A1 1.25, B1 0.5, A2 0.75 = 2.5 = S: all filled exactly, no eligible demand
        // left → FR = r = 0.5; LA = 1. alloc [2, 0.5]. uniform FR [1, 0.25]; LA [2, 0.5].
        // disc: A 3.75 + 0.75 = 4.5, B 1. VCG: nobody else has unfilled eligible demand → at r: [1, 0.25].
        firms: [[[3, 1.25], [1, 0.75]], [[2, 0.5], [0.25, 4]]],
        fills: [[1.25, 0.75], [0.5, 0]],
        alloc: [2, 0.5],
        fr: 0.5,
        la: 1,
        uFR: [1, 0.25],
        uLA: [2, 0.5],
        disc: [4.5, 1],
        vcg: [1, 0.25],
      },
      {
        // A1 1.5 (left 1), B1 0.75 (left 0.25), group 1: A2 0.75 + B2 0.25 = 1, share 1/4: A2 0.1875, B2 0.0625.
        // alloc [1.6875, 0.8125]; FR = LA = 1 → uniform [1.6875, 0.8125].
        // disc: A 4.5 + 0.1875 = 4.6875, B 1.5 + 0.0625 = 1.5625.
        // VCG: A's 1.6875 → B2 0.1875 unfilled ×1 + 1.5 at r 0.5 = 0.9375;
        //   B's 0.8125 → A2 0.5625 ×1 + 0.25 ×0.5 = 0.6875.
        //   (welfare check A: without A, B gets its 1 unit (1.75) and the seller keeps 1.5 (0.75) = 2.5;
        //    with A, B has 1.5625 → 0.9375.)
        firms: [[[3, 1.5], [1, 0.75]], [[2, 0.75], [1, 0.25]]],
        fills: [[1.5, 0.1875], [0.75, 0.0625]],
        alloc: [1.6875, 0.8125],
        fr: 1,
        la: 1,
        uFR: [1.6875, 0.8125],
        uLA: [1.6875, 0.8125],
        disc: [4.6875, 1.5625],
        vcg: [0.9375, 0.6875],
      },
    ],
  },
};

/** Pack `[K][N][T]` steps into StepBids. */
function pack(auctions: Step[][][]): StepBids {
  const K = auctions.length;
  const N = auctions[0].length;
  const T = auctions[0][0].length;
  const prices = new Float64Array(K * N * T);
  const quantities = new Float64Array(K * N * T);
  auctions.forEach((firms, k) =>
    firms.forEach((steps, i) => {
      expect(steps.length).toBe(T);
      steps.forEach(([p, q], t) => {
        prices[(k * N + i) * T + t] = p;
        quantities[(k * N + i) * T + t] = q;
      });
    }),
  );
  return { K, N, T, prices, quantities };
}

const close = (actual: ArrayLike<number>, expected: number[], label: string) => {
  expect(actual.length, label).toBe(expected.length);
  for (let j = 0; j < expected.length; j++) {
    expect(Math.abs(actual[j] - expected[j]), `${label}[${j}]: got ${actual[j]}, expected ${expected[j]}`).toBeLessThan(1e-9);
  }
};

const settings = (table: KnownTable, priceRule: PriceRule): MultiUnitSettings => ({
  supply: table.supply,
  reserve: table.reserve,
  priceRule,
  tieRule: 'pro-rata',
});

interface Case {
  name: string;
  mech: MultiUnitMechanism;
  priceRule: PriceRule;
  pay: (a: KnownAuction) => number[];
  price: (a: KnownAuction) => number;
}
const cases: Case[] = [
  { name: 'uniform, first rejected', mech: uniformPrice, priceRule: 'first-rejected', pay: (a) => a.uFR, price: (a) => a.fr },
  { name: 'uniform, last accepted', mech: uniformPrice, priceRule: 'last-accepted', pay: (a) => a.uLA, price: (a) => a.la },
  // pay-as-bid and VCG report the stop-out price (LA) whatever the price rule
  { name: 'discriminatory', mech: discriminatory, priceRule: 'first-rejected', pay: (a) => a.disc, price: (a) => a.la },
  { name: 'discriminatory (last-accepted setting)', mech: discriminatory, priceRule: 'last-accepted', pay: (a) => a.disc, price: (a) => a.la },
  { name: 'VCG', mech: vcgMultiUnit, priceRule: 'first-rejected', pay: (a) => a.vcg, price: (a) => a.la },
  { name: 'VCG (last-accepted setting)', mech: vcgMultiUnit, priceRule: 'last-accepted', pay: (a) => a.vcg, price: (a) => a.la },
];

describe('multi-unit mechanisms: known-answer tables (one batched call per table)', () => {
  for (const [tableName, table] of Object.entries(tables)) {
    describe(tableName, () => {
      const bids = pack(table.auctions.map((a) => a.firms));
      for (const c of cases) {
        it(c.name, () => {
          const out = c.mech.clear(bids, settings(table, c.priceRule));
          close(out.fills, table.auctions.flatMap((a) => a.fills.flat()), 'fills');
          close(out.allocation, table.auctions.flatMap((a) => a.alloc), 'allocation');
          close(out.firstRejected, table.auctions.map((a) => a.fr), 'firstRejected');
          close(out.lastAccepted, table.auctions.map((a) => a.la), 'lastAccepted');
          close(out.price, table.auctions.map(c.price), 'price');
          close(out.payments, table.auctions.flatMap(c.pay), 'payments');
        });
      }
    });
  }

  it('a hand-computed example: S = 10; A (10,4),(6,4); B (8,5),(3,5) → alloc [5,5]; uniform 6 → [30,30]; disc [46,40]; VCG [15,18]', () => {
    const bids = pack([[[[10, 4], [6, 4]], [[8, 5], [3, 5]]]]);
    const s: MultiUnitSettings = { supply: 10, reserve: 0, priceRule: 'first-rejected', tieRule: 'pro-rata' };
    expect(Array.from(uniformPrice.clear(bids, s).payments)).toEqual([30, 30]);
    expect(Array.from(uniformPrice.clear(bids, { ...s, priceRule: 'last-accepted' }).payments)).toEqual([30, 30]);
    expect(Array.from(discriminatory.clear(bids, s).payments)).toEqual([46, 40]);
    expect(Array.from(vcgMultiUnit.clear(bids, s).payments)).toEqual([15, 18]);
    expect(Array.from(uniformPrice.clear(bids, s).allocation)).toEqual([5, 5]);
  });

  it('decimal quantities that exhaust supply exactly: S = 0.3; A (10, 0.1), (8, 0.2); B (5, 1)', () => {
    // By hand: A1 0.1 + A2 0.2 = 0.3 = S, so every step of A is filled and B1 is the first rejected bid:
    // FR = 5, LA = 8; uniform FR pays 0.3 × 5 = 1.5 (LA: 0.3 × 8 = 2.4). VCG: A's 0.3 units → B1 at 5 = 1.5.
    // In doubles 0.3 − 0.1 = 0.19999999999999998 < 0.2, so a kernel without a tolerance treats A2 as the marginal,
    // partly rejected step and reports FR = 8 (uniform FR charges 2.4 instead of 1.5): a 60 % price jump from a
    // 3e-17 rounding residue on quantities a user can type.
    const bids = pack([[[[10, 0.1], [8, 0.2]], [[5, 1], [0, 0]]]]);
    const s: MultiUnitSettings = { supply: 0.3, reserve: 0, priceRule: 'first-rejected', tieRule: 'pro-rata' };
    const u = uniformPrice.clear(bids, s);
    close(u.allocation, [0.3, 0], 'allocation');
    expect(u.lastAccepted[0]).toBe(8);
    expect(u.firstRejected[0]).toBe(5);
    close(u.payments, [1.5, 0], 'uniform FR payments');
    close(vcgMultiUnit.clear(bids, s).payments, [1.5, 0], 'VCG payments');
  });
});

describe('multi-unit mechanisms: random ties at the margin (seeded)', () => {
  // Firm 0 bids (9, 1) and is filled outright; firms 1–3 tie at (5, 2); S = 2 leaves a remainder of 1 < 2,
  // so exactly one tied firm gets the whole remainder (1 unit), the others nothing.
  // By hand for every draw: FR = LA = 5. uniform: firm 0 pays 5, the tied winner 5. disc: firm 0 pays 9,
  // the tied winner 5. VCG: firm 0's 1 unit → a tied firm's unfilled unit at 5 = 5; the tied winner's unit →
  // another tied firm's unfilled unit at 5 = 5.
  const K = 3000;
  const one: Step[][] = [[[9, 1]], [[5, 2]], [[5, 2]], [[5, 2]]];
  const bids = pack(Array.from({ length: K }, () => one));
  const s = (seed: number): MultiUnitSettings => ({ supply: 2, reserve: 0, priceRule: 'first-rejected', tieRule: 'random', rng: createRng(seed) });

  for (const [mech, winnerPays, firm0Pays] of [
    [uniformPrice, 5, 5],
    [discriminatory, 5, 9],
    [vcgMultiUnit, 5, 5],
  ] as const) {
    it(`${mech.id}: one tied firm takes the whole remainder; the same seed gives the same draw`, () => {
      const out = mech.clear(bids, s(7));
      const again = mech.clear(bids, s(7));
      expect(Array.from(again.fills)).toEqual(Array.from(out.fills));
      expect(Array.from(again.payments)).toEqual(Array.from(out.payments));
      for (let k = 0; k < K; k++) {
        expect(out.allocation[k * 4]).toBe(1);
        expect(out.payments[k * 4]).toBe(firm0Pays);
        expect(out.firstRejected[k]).toBe(5);
        expect(out.lastAccepted[k]).toBe(5);
        const tied = [1, 2, 3].map((i) => out.allocation[k * 4 + i]);
        expect(tied.slice().sort()).toEqual([0, 0, 1]);
        for (const i of [1, 2, 3]) expect(out.payments[k * 4 + i]).toBe(out.allocation[k * 4 + i] === 1 ? winnerPays : 0);
      }
    });
  }

  it('each tied step gets the whole remainder with equal frequency (3000 draws)', () => {
    // Each tied firm wins 1000 in expectation, sd = √(3000 · 1/3 · 2/3) ≈ 25.8; ±150 is ~6 sd.
    const out = uniformPrice.clear(bids, s(2024));
    const wins = [0, 0, 0, 0];
    for (let k = 0; k < K; k++) for (let i = 1; i < 4; i++) if (out.allocation[k * 4 + i] === 1) wins[i]++;
    expect(wins[1] + wins[2] + wins[3]).toBe(K);
    for (const i of [1, 2, 3]) {
      expect(wins[i]).toBeGreaterThan(850);
      expect(wins[i]).toBeLessThan(1150);
    }
  });

  it('a remainder larger than one step: the order is uniform (first full, second the rest, third nothing)', () => {
    // S = 4: firm 0 takes 1, remainder 3 over three tied (5, 2) steps → shares {2, 1, 0} in a random order;
    // each firm gets 2 (and 1, and 0) in ~1/3 of the draws.
    const out = discriminatory.clear(bids, { ...s(99), supply: 4 });
    const got2 = [0, 0, 0, 0];
    const got1 = [0, 0, 0, 0];
    for (let k = 0; k < K; k++) {
      const tied = [1, 2, 3].map((i) => out.allocation[k * 4 + i]);
      expect(tied.slice().sort()).toEqual([0, 1, 2]);
      for (const i of [1, 2, 3]) {
        if (out.allocation[k * 4 + i] === 2) got2[i]++;
        if (out.allocation[k * 4 + i] === 1) got1[i]++;
      }
      // pay-as-bid: 9 for firm 0, 5 per unit for the tied firms
      expect(out.payments[k * 4]).toBe(9);
    }
    for (const i of [1, 2, 3]) {
      expect(got2[i]).toBeGreaterThan(850);
      expect(got2[i]).toBeLessThan(1150);
      expect(got1[i]).toBeGreaterThan(850);
      expect(got1[i]).toBeLessThan(1150);
    }
  });

  it('different seeds give different draws', () => {
    const a = uniformPrice.clear(bids, s(1));
    const b = uniformPrice.clear(bids, s(2));
    expect(Array.from(a.allocation)).not.toEqual(Array.from(b.allocation));
  });

  it('random ties without an rng are refused', () => {
    const { rng: _omit, ...noRng } = s(1);
    for (const mech of [uniformPrice, discriminatory, vcgMultiUnit]) expect(() => mech.clear(bids, noRng)).toThrow(/rng/);
  });
});
