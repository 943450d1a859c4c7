import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discriminatory } from './discriminatory';
import { validateSchedules, type MultiUnitOutcome, type MultiUnitSettings, type PriceRule, type StepBids } from './multiUnit';
import { multiUnitMechanismIds, multiUnitMechanisms } from './multiUnitRegistry';
import { uniformPrice } from './uniformPrice';
import { vcgMultiUnit } from './vcgMultiUnit';

/**
 * Property-based tests (fast-check) over random valid step schedules: N 1–12 firms, T 1–3 steps, K 1–5
 * auctions, random supply and reserve. Prices and quantities mix a coarse grid (ties at the margin, exact
 * fills) with arbitrary doubles (rounding); every schedule passes `validateSchedules`.
 */

interface Case {
  bids: StepBids;
  supply: number;
  reserve: number;
}

const gridOrDouble = (gridMax: number, gridStep: number, doubleMax: number) =>
  fc.oneof(
    fc.integer({ min: 0, max: Math.round(gridMax / gridStep) }).map((x) => x * gridStep),
    fc.double({ min: 0, max: doubleMax, noNaN: true, noDefaultInfinity: true }).map((x) => x + 0), // no −0
  );

const price = gridOrDouble(20, 0.5, 40);
const quantity = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 24 }).map((x) => x / 4), fc.double({ min: 0, max: 10, noNaN: true, noDefaultInfinity: true }).map((x) => x + 0));

const caseArb: fc.Arbitrary<Case> = fc
  .record({ K: fc.integer({ min: 1, max: 5 }), N: fc.integer({ min: 1, max: 12 }), T: fc.integer({ min: 1, max: 3 }) })
  .chain(({ K, N, T }) =>
    fc.record({
      // one schedule per (auction, firm): T prices sorted descending (non-increasing), T quantities
      schedules: fc.array(fc.tuple(fc.array(price, { minLength: T, maxLength: T }), fc.array(quantity, { minLength: T, maxLength: T })), {
        minLength: K * N,
        maxLength: K * N,
      }),
      supply: fc.oneof(fc.integer({ min: 1, max: 160 }).map((x) => x / 2), fc.double({ min: 1e-3, max: 200, noNaN: true, noDefaultInfinity: true })),
      reserve: fc.oneof(fc.constant(0), gridOrDouble(15, 0.5, 30)),
      K: fc.constant(K),
      N: fc.constant(N),
      T: fc.constant(T),
    }),
  )
  .map(({ schedules, supply, reserve, K, N, T }) => {
    const prices = new Float64Array(K * N * T);
    const quantities = new Float64Array(K * N * T);
    schedules.forEach(([ps, qs], r) => {
      const sorted = ps.slice().sort((a, b) => b - a);
      for (let t = 0; t < T; t++) {
        prices[r * T + t] = sorted[t]!;
        quantities[r * T + t] = qs[t]!;
      }
    });
    return { bids: { K, N, T, prices, quantities }, supply, reserve };
  });

const settings = (c: Case, priceRule: PriceRule): MultiUnitSettings => ({ supply: c.supply, reserve: c.reserve, priceRule, tieRule: 'pro-rata' });

/** a ≤ b up to rounding relative to the magnitudes involved. */
const leq = (a: number, b: number, scale = 1) => a <= b + 1e-9 * Math.max(1, Math.abs(a), Math.abs(b), scale);

const revenue = (o: MultiUnitOutcome, k: number, N: number) => {
  let r = 0;
  for (let i = 0; i < N; i++) r += o.payments[k * N + i];
  return r;
};

const bidValue = (c: Case, o: MultiUnitOutcome, k: number, i: number) => {
  const { N, T, prices } = c.bids;
  let v = 0;
  for (let t = 0; t < T; t++) v += o.fills[(k * N + i) * T + t] * prices[(k * N + i) * T + t];
  return v;
};

const RUNS = { numRuns: 300, seed: 20240611 };

/**
 * Reference model for decimal inputs: quantities and supply on a 0.1 grid, computed in integer tenths (exact),
 * prices on a 0.5 grid (exact in binary). Returns FR, LA, the fills, and VCG payments from the welfare
 * definition (not the mechanism's "others' unfilled units" shortcut): VCG_i = W_{−i} − (W − v_i), where W is the
 * best declared value of S units plus the reserve for every unsold unit.
 */
interface Reference {
  fr: number;
  la: number;
  fills: number[];
  vcg: number[];
}
function reference(prices: number[], tenths: number[], N: number, T: number, supplyTenths: number, reserve: number, without = -1): Reference {
  const steps: number[] = [];
  for (let j = 0; j < N * T; j++) if (tenths[j] > 0 && prices[j] >= reserve && prices[j] > 0 && Math.floor(j / T) !== without) steps.push(j);
  steps.sort((a, b) => prices[b] - prices[a] || a - b);
  const fills = new Array<number>(N * T).fill(0);
  let left = supplyTenths;
  let fr = reserve;
  let la = NaN;
  for (let i = 0; i < steps.length; ) {
    const p = prices[steps[i]];
    let j = i;
    let group = 0;
    while (j < steps.length && prices[steps[j]] === p) group += tenths[steps[j++]];
    if (left === 0) {
      fr = p;
      break;
    }
    if (group <= left) {
      for (let h = i; h < j; h++) fills[steps[h]] = tenths[steps[h]] / 10;
      left -= group;
      la = p;
    } else {
      for (let h = i; h < j; h++) fills[steps[h]] = (tenths[steps[h]] * left) / group / 10;
      left = 0;
      la = p;
      fr = p;
      break;
    }
    i = j;
  }
  const sold = supplyTenths - left;
  const welfare = fills.reduce((w, f, j) => w + f * prices[j], 0) + ((supplyTenths - sold) / 10) * reserve;
  const vcg = new Array<number>(N).fill(0);
  if (without < 0) {
    for (let i = 0; i < N; i++) {
      let vi = 0;
      let ai = 0;
      for (let t = 0; t < T; t++) {
        vi += fills[i * T + t] * prices[i * T + t];
        ai += fills[i * T + t];
      }
      if (ai === 0) continue;
      const r = reference(prices, tenths, N, T, supplyTenths, reserve, i);
      const wMinusI = r.fills.reduce((w, f, j) => w + f * prices[j], 0) + (supplyTenths / 10 - r.fills.reduce((a, b) => a + b, 0)) * reserve;
      vcg[i] = wMinusI - (welfare - vi);
    }
  }
  return { fr, la: Number.isNaN(la) ? reserve : la, fills, vcg };
}

const decimalCase = fc
  .record({ N: fc.integer({ min: 1, max: 8 }), T: fc.integer({ min: 1, max: 3 }) })
  .chain(({ N, T }) =>
    fc.record({
      N: fc.constant(N),
      T: fc.constant(T),
      prices: fc.array(fc.array(fc.integer({ min: 0, max: 16 }).map((x) => x / 2), { minLength: T, maxLength: T }), { minLength: N, maxLength: N }),
      tenths: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: N * T, maxLength: N * T }),
      supplyTenths: fc.integer({ min: 1, max: 150 }),
      reserve: fc.constantFrom(0, 0, 1, 2.5, 4),
    }),
  )
  .map((c) => ({ ...c, prices: c.prices.flatMap((ps) => ps.slice().sort((a, b) => b - a)) }));

describe('multi-unit mechanisms: decimal quantities against an exact reference model (fast-check)', () => {
  it('FR and LA exactly, fills, uniform and pay-as-bid payments, and VCG = the welfare externality', () => {
    fc.assert(
      fc.property(decimalCase, ({ N, T, prices, tenths, supplyTenths, reserve }) => {
        const bids: StepBids = { K: 1, N, T, prices: Float64Array.from(prices), quantities: Float64Array.from(tenths, (x) => x / 10) };
        const supply = supplyTenths / 10;
        const ref = reference(prices, tenths, N, T, supplyTenths, reserve);
        const s = (priceRule: PriceRule): MultiUnitSettings => ({ supply, reserve, priceRule, tieRule: 'pro-rata' });
        const fr = uniformPrice.clear(bids, s('first-rejected'));
        const la = uniformPrice.clear(bids, s('last-accepted'));
        const disc = discriminatory.clear(bids, s('first-rejected'));
        const vcg = vcgMultiUnit.clear(bids, s('first-rejected'));
        expect([fr.firstRejected[0], fr.lastAccepted[0]]).toEqual([ref.fr, ref.la]);
        const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
        for (let j = 0; j < N * T; j++) expect(near(fr.fills[j], ref.fills[j]), `fill ${j}: ${fr.fills[j]} vs ${ref.fills[j]}`).toBe(true);
        for (let i = 0; i < N; i++) {
          let a = 0;
          let v = 0;
          for (let t = 0; t < T; t++) {
            a += ref.fills[i * T + t];
            v += ref.fills[i * T + t] * prices[i * T + t];
          }
          expect(near(fr.payments[i], a * ref.fr), `uniform FR firm ${i}`).toBe(true);
          expect(near(la.payments[i], a * ref.la), `uniform LA firm ${i}`).toBe(true);
          expect(near(disc.payments[i], v), `pay-as-bid firm ${i}`).toBe(true);
          expect(near(vcg.payments[i], ref.vcg[i]), `VCG firm ${i}: ${vcg.payments[i]} vs welfare externality ${ref.vcg[i]}`).toBe(true);
        }
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});

describe('multi-unit mechanisms: properties over random valid schedules (fast-check)', () => {
  it('the generator only makes valid schedules', () => {
    fc.assert(fc.property(caseArb, (c) => validateSchedules(c.bids).length === 0), RUNS);
  });

  it('feasibility for every registered mechanism and price rule: Σ a ≤ S, a_i ≤ eligible demand, 0 ≤ fill ≤ q; payments ≥ 0', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom<PriceRule>('first-rejected', 'last-accepted'), (c, rule) => {
        const { K, N, T, prices, quantities } = c.bids;
        for (const id of multiUnitMechanismIds) {
          const o = multiUnitMechanisms[id].clear(c.bids, settings(c, rule));
          for (let k = 0; k < K; k++) {
            let sold = 0;
            for (let i = 0; i < N; i++) {
              let eligible = 0;
              for (let t = 0; t < T; t++) {
                const j = (k * N + i) * T + t;
                if (!(o.fills[j] >= 0 && leq(o.fills[j], quantities[j]))) return false;
                if (prices[j] >= c.reserve) eligible += quantities[j];
                else if (o.fills[j] !== 0) return false;
              }
              const a = o.allocation[k * N + i];
              if (!leq(a, eligible, N * T)) return false;
              if (!(o.payments[k * N + i] >= 0)) return false;
              if (a === 0 && o.payments[k * N + i] !== 0) return false;
              sold += a;
            }
            if (!(sold <= c.supply + 1e-9 * Math.max(1, c.supply))) return false;
          }
        }
        return true;
      }),
      RUNS,
    );
  });

  it('uniform revenue ≤ discriminatory revenue on the same bids (both price rules), and first-rejected ≤ last-accepted revenue', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { K, N } = c.bids;
        const fr = uniformPrice.clear(c.bids, settings(c, 'first-rejected'));
        const la = uniformPrice.clear(c.bids, settings(c, 'last-accepted'));
        const disc = discriminatory.clear(c.bids, settings(c, 'first-rejected'));
        for (let k = 0; k < K; k++) {
          const d = revenue(disc, k, N);
          if (!leq(revenue(fr, k, N), d) || !leq(revenue(la, k, N), d) || !leq(revenue(fr, k, N), revenue(la, k, N))) return false;
        }
        return true;
      }),
      RUNS,
    );
  });

  it('VCG: payment_i ≤ Σ fill·price (IR on bids) and ≤ the uniform first-rejected payment; VCG revenue ≤ discriminatory revenue', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { K, N } = c.bids;
        const vcg = vcgMultiUnit.clear(c.bids, settings(c, 'first-rejected'));
        const fr = uniformPrice.clear(c.bids, settings(c, 'first-rejected'));
        const disc = discriminatory.clear(c.bids, settings(c, 'first-rejected'));
        for (let k = 0; k < K; k++) {
          for (let i = 0; i < N; i++) {
            const pay = vcg.payments[k * N + i];
            // VCG displaces the others' unfilled units, each priced ≤ the first rejected bid (or the reserve)
            if (!leq(pay, bidValue(c, vcg, k, i)) || !leq(pay, fr.payments[k * N + i])) return false;
          }
          if (!leq(revenue(vcg, k, N), revenue(disc, k, N))) return false;
        }
        return true;
      }),
      RUNS,
    );
  });

  it('first-rejected price ≤ last-accepted price, both ≥ the reserve; uniform price follows the rule', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const fr = uniformPrice.clear(c.bids, settings(c, 'first-rejected'));
        const la = uniformPrice.clear(c.bids, settings(c, 'last-accepted'));
        for (let k = 0; k < c.bids.K; k++) {
          if (!(fr.firstRejected[k] <= fr.lastAccepted[k]) || !(fr.firstRejected[k] >= c.reserve)) return false;
          if (fr.price[k] !== fr.firstRejected[k] || la.price[k] !== la.lastAccepted[k]) return false;
        }
        return true;
      }),
      RUNS,
    );
  });

  it('the allocation is identical across all registered mechanisms and both price rules (pro-rata)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const ref = uniformPrice.clear(c.bids, settings(c, 'first-rejected'));
        const refFills = Array.from(ref.fills);
        const refAlloc = Array.from(ref.allocation);
        for (const id of multiUnitMechanismIds)
          for (const rule of ['first-rejected', 'last-accepted'] as const) {
            const o = multiUnitMechanisms[id].clear(c.bids, settings(c, rule));
            expect(Array.from(o.fills)).toEqual(refFills);
            expect(Array.from(o.allocation)).toEqual(refAlloc);
            expect(Array.from(o.firstRejected)).toEqual(Array.from(ref.firstRejected));
            expect(Array.from(o.lastAccepted)).toEqual(Array.from(ref.lastAccepted));
          }
      }),
      RUNS,
    );
  });

  it('greedy clearing: sells min(S, eligible demand), and every eligible step priced above the first rejected bid is filled in full', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { K, N, T, prices, quantities } = c.bids;
        const o = uniformPrice.clear(c.bids, settings(c, 'first-rejected'));
        for (let k = 0; k < K; k++) {
          let sold = 0;
          let demand = 0;
          for (let j = k * N * T; j < (k + 1) * N * T; j++) {
            sold += o.fills[j];
            if (prices[j] >= c.reserve && prices[j] > 0) demand += quantities[j];
            if (prices[j] > o.firstRejected[k] && prices[j] >= c.reserve && prices[j] > 0 && o.fills[j] !== quantities[j]) return false;
          }
          if (Math.abs(sold - Math.min(c.supply, demand)) > 1e-9 * Math.max(1, c.supply, demand) * N * T) return false;
        }
        return true;
      }),
      RUNS,
    );
  });
});
