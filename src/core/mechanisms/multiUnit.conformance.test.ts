import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../math/rng';
import { createOutcome, validateSchedules, type MultiUnitMechanism, type MultiUnitOutcome, type MultiUnitSettings, type PriceRule, type StepBids } from './multiUnit';
import { multiUnitMechanismIds, multiUnitMechanisms } from './multiUnitRegistry';

/**
 * Shared conformance suite of the multi-unit mechanisms: loops over every entry of `multiUnitMechanisms`, so a
 * new registry entry is covered without touching this file. Bids are random valid step schedules (seeded),
 * with prices on a coarse grid so that ties at the margin are common.
 */

const EPS = 1e-9;

/** Random valid schedules: prices non-increasing per firm on a grid of 0.5 in [0, 20], quantities in [0, 6] (some 0). */
function randomSchedules(rng: Rng, K: number, N: number, T: number, opts: { grid?: boolean } = {}): StepBids {
  const grid = opts.grid ?? true;
  const prices = new Float64Array(K * N * T);
  const quantities = new Float64Array(K * N * T);
  for (let k = 0; k < K; k++)
    for (let i = 0; i < N; i++) {
      let p = grid ? rng.int(41) / 2 : rng.next() * 20;
      for (let t = 0; t < T; t++) {
        const j = (k * N + i) * T + t;
        if (t > 0) p = grid ? Math.max(0, p - rng.int(8) / 2) : p * rng.next();
        prices[j] = p;
        quantities[j] = rng.next() < 0.15 ? 0 : grid ? rng.int(13) / 2 : rng.next() * 6;
      }
    }
  return { K, N, T, prices, quantities };
}

const settingsFor = (supply: number, reserve: number, priceRule: PriceRule, tie: 'pro-rata' | 'random' = 'pro-rata', seed = 1): MultiUnitSettings => ({
  supply,
  reserve,
  priceRule,
  tieRule: tie,
  ...(tie === 'random' ? { rng: createRng(seed) } : {}),
});

/** Σ_t fill·price of firm i in auction k: the bid value of the units it won. */
function bidValue(bids: StepBids, out: MultiUnitOutcome, k: number, i: number): number {
  let v = 0;
  for (let t = 0; t < bids.T; t++) {
    const j = (k * bids.N + i) * bids.T + t;
    v += out.fills[j] * bids.prices[j];
  }
  return v;
}

/** Σ_t quantity of firm i's steps priced at or above the reserve. */
function eligibleDemand(bids: StepBids, reserve: number, k: number, i: number): number {
  let q = 0;
  for (let t = 0; t < bids.T; t++) {
    const j = (k * bids.N + i) * bids.T + t;
    if (bids.prices[j] >= reserve && bids.prices[j] > 0) q += bids.quantities[j];
  }
  return q;
}

/**
 * Every invariant a multi-unit mechanism must satisfy on valid bids. Returns the violations (first 10) so a
 * test makes one `expect` per batch instead of one per number.
 */
function violations(mech: MultiUnitMechanism, bids: StepBids, s: MultiUnitSettings, out: MultiUnitOutcome): string[] {
  const { K, N, T } = bids;
  const bad: string[] = [];
  const check = (ok: boolean, what: () => string) => {
    if (!ok && bad.length < 10) bad.push(what());
  };
  check(out.fills.length === K * N * T, () => `fills has length ${out.fills.length}`);
  check(out.allocation.length === K * N && out.payments.length === K * N, () => 'allocation/payments length');
  for (const a of [out.price, out.firstRejected, out.lastAccepted]) check(a.length === K, () => 'price/firstRejected/lastAccepted length');
  const tol = EPS * Math.max(1, s.supply);
  for (let k = 0; k < K; k++) {
    let sold = 0;
    let eligibleTotal = 0;
    for (let i = 0; i < N; i++) {
      const where = `${mech.id} auction ${k} firm ${i}`;
      let a = 0;
      for (let t = 0; t < T; t++) {
        const j = (k * N + i) * T + t;
        const f = out.fills[j];
        check(f >= 0 && f <= bids.quantities[j] + EPS, () => `${where} step ${t}: fill ${f} outside [0, ${bids.quantities[j]}]`);
        check((bids.prices[j] >= s.reserve && bids.prices[j] > 0) || f === 0, () => `${where} step ${t}: filled ${f} below the reserve or at price 0`);
        a += f;
      }
      const alloc = out.allocation[k * N + i];
      check(Math.abs(alloc - a) < EPS, () => `${where}: allocation ${alloc} ≠ Σ fills ${a}`);
      const demand = eligibleDemand(bids, s.reserve, k, i);
      check(alloc <= demand + EPS, () => `${where}: allocation ${alloc} > eligible demand ${demand}`);
      eligibleTotal += demand;
      sold += alloc;
      const pay = out.payments[k * N + i];
      check(Number.isFinite(pay) && pay >= -EPS, () => `${where}: payment ${pay} not finite ≥ 0`);
      check(alloc !== 0 || pay === 0, () => `${where}: wins nothing but pays ${pay}`);
      // IR on bids: nobody pays more than its bid value of the units won (for VCG under truthful bids this is
      // "payment ≤ declared value")
      const value = bidValue(bids, out, k, i);
      check(pay <= value + EPS * Math.max(1, pay), () => `${where}: pays ${pay} > bid value ${value}`);
    }
    check(sold <= s.supply + tol, () => `${mech.id} auction ${k}: sells ${sold} > S = ${s.supply}`);
    // greedy clearing sells min(S, eligible demand)
    check(Math.abs(sold - Math.min(s.supply, eligibleTotal)) < tol * Math.max(1, N), () => `${mech.id} auction ${k}: sells ${sold}, not min(S, demand ${eligibleTotal})`);
    check(out.firstRejected[k] >= s.reserve, () => `${mech.id} auction ${k}: first rejected ${out.firstRejected[k]} < reserve`);
    check(out.firstRejected[k] <= out.lastAccepted[k], () => `${mech.id} auction ${k}: first rejected ${out.firstRejected[k]} > last accepted ${out.lastAccepted[k]}`);
  }
  return bad;
}

const priceRules: PriceRule[] = ['first-rejected', 'last-accepted'];

describe('multi-unit registry', () => {
  it('is keyed by each mechanism id and lists uniform, discriminatory and VCG', () => {
    expect(multiUnitMechanismIds).toEqual(Object.keys(multiUnitMechanisms));
    expect(multiUnitMechanismIds).toEqual(expect.arrayContaining(['uniform', 'discriminatory', 'vcg']));
    for (const id of multiUnitMechanismIds) {
      const m = multiUnitMechanisms[id];
      expect(m.id).toBe(id);
      expect(m.title.trim().length).toBeGreaterThan(0);
      expect(m.rule.trim().length).toBeGreaterThan(0);
    }
  });
});

describe('multi-unit mechanisms: shared conformance suite (every registry entry)', () => {
  for (const id of multiUnitMechanismIds) {
    const mech = multiUnitMechanisms[id];
    describe(id, () => {
      for (const priceRule of priceRules)
        for (const [N, T] of [
          [1, 1],
          [1, 3],
          [2, 2],
          [4, 1],
          [5, 2],
          [8, 3],
        ] as const)
          it(`${priceRule}, N = ${N}, T = ${T}: feasibility, fills ≤ quantities, payments ≥ 0, losers pay 0, IR on bids`, () => {
            const rng = createRng(1000 * N + 10 * T + priceRule.length);
            for (let trial = 0; trial < 12; trial++) {
              const K = 150;
              const bids = randomSchedules(rng, K, N, T, { grid: trial % 3 !== 2 });
              const before = { prices: Float64Array.from(bids.prices), quantities: Float64Array.from(bids.quantities) };
              const supply = [0.5, 3, 7.5, 20, 60][trial % 5] * (trial % 2 ? 1 : N / 2);
              const reserve = [0, 0, 2.5, 6, 11][(trial + 1) % 5];
              const s = settingsFor(supply, reserve, priceRule);
              const out = mech.clear(bids, s);
              expect(bids.prices).toEqual(before.prices); // input not mutated
              expect(bids.quantities).toEqual(before.quantities);
              expect(violations(mech, bids, s, out)).toEqual([]);
            }
          });

      it('random ties: the same invariants, and the allocation only differs from pro-rata inside the marginal group', () => {
        const rng = createRng(77);
        for (let trial = 0; trial < 10; trial++) {
          const bids = randomSchedules(rng, 200, 5, 2);
          const s = settingsFor(12, 1, 'first-rejected', 'random', trial);
          const out = mech.clear(bids, s);
          expect(violations(mech, bids, s, out)).toEqual([]);
          const pr = mech.clear(bids, settingsFor(12, 1, 'first-rejected'));
          const bad: string[] = [];
          for (let k = 0; k < bids.K; k++) {
            if (out.firstRejected[k] !== pr.firstRejected[k] || out.lastAccepted[k] !== pr.lastAccepted[k]) bad.push(`auction ${k}: prices differ`);
            for (let j = k * bids.N * bids.T; j < (k + 1) * bids.N * bids.T; j++) {
              // steps priced strictly above the marginal (LA) price are filled in full either way; below it, not at all
              if (bids.prices[j] > pr.lastAccepted[k] && out.fills[j] !== pr.fills[j]) bad.push(`auction ${k} step ${j}: above the margin`);
              if (bids.prices[j] < pr.lastAccepted[k] && out.fills[j] !== 0) bad.push(`auction ${k} step ${j}: below the margin`);
            }
          }
          expect(bad).toEqual([]);
        }
      });

      it('VCG-style individual rationality under truthful bids: utility Σ fill·value − payment ≥ 0 for every firm', () => {
        // Truthful: declared schedule = true marginal values, so utility = bid value − payment.
        const rng = createRng(5);
        const bids = randomSchedules(rng, 500, 6, 3, { grid: false });
        for (const priceRule of priceRules) {
          const out = mech.clear(bids, settingsFor(9, 3, priceRule));
          let worst = 0;
          for (let k = 0; k < bids.K; k++)
            for (let i = 0; i < bids.N; i++) worst = Math.min(worst, bidValue(bids, out, k, i) - out.payments[k * bids.N + i]);
          expect(worst).toBeGreaterThanOrEqual(-1e-9);
        }
      });

      it('permuting the firms permutes the outcome (pro-rata ties)', () => {
        const rng = createRng(31);
        const N = 6;
        const T = 2;
        const K = 300;
        const bids = randomSchedules(rng, K, N, T);
        for (const priceRule of priceRules) {
          const s = settingsFor(9.5, 1.5, priceRule);
          const base = mech.clear(bids, s);
          const snap = { fills: base.fills.slice(), allocation: base.allocation.slice(), payments: base.payments.slice(), price: base.price.slice() };
          for (let trial = 0; trial < 4; trial++) {
            // permuted firm j is original firm π[j]
            const pi = Array.from({ length: N }, (_, i) => i);
            for (let i = N - 1; i > 0; i--) {
              const j = rng.int(i + 1);
              [pi[i], pi[j]] = [pi[j], pi[i]];
            }
            const perm: StepBids = { K, N, T, prices: new Float64Array(K * N * T), quantities: new Float64Array(K * N * T) };
            for (let k = 0; k < K; k++)
              for (let j = 0; j < N; j++)
                for (let t = 0; t < T; t++) {
                  perm.prices[(k * N + j) * T + t] = bids.prices[(k * N + pi[j]) * T + t]!;
                  perm.quantities[(k * N + j) * T + t] = bids.quantities[(k * N + pi[j]) * T + t]!;
                }
            const out = mech.clear(perm, s);
            // the tie group's total quantity is summed in another order: equal up to rounding
            const off = (x: number, y: number) => !(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y)));
            const bad: string[] = [];
            for (let k = 0; k < K; k++) {
              if (out.price[k] !== snap.price[k]) bad.push(`auction ${k}: price ${out.price[k]} ≠ ${snap.price[k]}`);
              for (let j = 0; j < N; j++) {
                const o = k * N + pi[j];
                if (off(out.allocation[k * N + j], snap.allocation[o])) bad.push(`auction ${k} firm ${j}: allocation`);
                if (off(out.payments[k * N + j], snap.payments[o])) bad.push(`auction ${k} firm ${j}: payment`);
                for (let t = 0; t < T; t++) if (off(out.fills[(k * N + j) * T + t], snap.fills[o * T + t])) bad.push(`auction ${k} firm ${j} step ${t}: fill`);
              }
            }
            expect(bad).toEqual([]);
          }
        }
      });

      it('seeded determinism with random ties: same seed, same outcome; another seed, another draw', () => {
        // Every firm bids (5, 2): one big tie group, S = 5 → the random order decides who gets what.
        const K = 400;
        const N = 4;
        const bids: StepBids = { K, N, T: 1, prices: new Float64Array(K * N).fill(5), quantities: new Float64Array(K * N).fill(2) };
        const a = mech.clear(bids, settingsFor(5, 0, 'first-rejected', 'random', 42));
        const snapA = { fills: a.fills.slice(), payments: a.payments.slice() };
        const b = mech.clear(bids, settingsFor(5, 0, 'first-rejected', 'random', 42));
        expect(b.fills).toEqual(snapA.fills);
        expect(b.payments).toEqual(snapA.payments);
        const c = mech.clear(bids, settingsFor(5, 0, 'first-rejected', 'random', 43));
        expect(Array.from(c.fills)).not.toEqual(Array.from(snapA.fills));
      });

      it('clearing K auctions in one call equals clearing each alone', () => {
        const rng = createRng(13);
        const K = 40;
        const N = 4;
        const T = 3;
        const bids = randomSchedules(rng, K, N, T);
        for (const priceRule of priceRules) {
          const s = settingsFor(8, 2, priceRule);
          const all = mech.clear(bids, s);
          for (let k = 0; k < K; k++) {
            const one: StepBids = {
              K: 1,
              N,
              T,
              prices: bids.prices.slice(k * N * T, (k + 1) * N * T),
              quantities: bids.quantities.slice(k * N * T, (k + 1) * N * T),
            };
            const o = mech.clear(one, s);
            expect(Array.from(o.fills)).toEqual(Array.from(all.fills.subarray(k * N * T, (k + 1) * N * T)));
            expect(Array.from(o.payments)).toEqual(Array.from(all.payments.subarray(k * N, (k + 1) * N)));
            expect([o.price[0], o.firstRejected[0], o.lastAccepted[0]]).toEqual([all.price[k], all.firstRejected[k], all.lastAccepted[k]]);
          }
        }
      });

      it('reusing an outcome buffer gives identical results to a fresh one (and reuses it)', () => {
        const rng = createRng(21);
        const bids = randomSchedules(rng, 100, 5, 2);
        const other = randomSchedules(rng, 100, 5, 2);
        for (const priceRule of priceRules) {
          const s = settingsFor(10, 1, priceRule);
          const fresh = mech.clear(bids, s);
          const buffer = mech.clear(other, settingsFor(30, 0, priceRule)); // dirty: other bids, other settings
          const reused = mech.clear(bids, s, buffer);
          expect(reused).toBe(buffer);
          for (const key of ['fills', 'allocation', 'payments', 'price', 'firstRejected', 'lastAccepted'] as const) {
            expect(Array.from(reused[key]), key).toEqual(Array.from(fresh[key]));
          }
          // and a buffer of the wrong size is not used
          const small = createOutcome(3, 5, 2);
          const sized = mech.clear(bids, s, small);
          expect(sized).not.toBe(small);
          expect(Array.from(sized.payments)).toEqual(Array.from(fresh.payments));
        }
      });

      it('reusing a buffer from a batch of another shape with the same K·N·T and K·N (K = 2, N = 3 → K = 3, N = 2)', () => {
        // fills (12) and allocation (6) have the sizes of the new batch, but price/firstRejected/lastAccepted
        // have K = 2 entries and the new batch needs 3.
        const rng = createRng(4);
        const first = randomSchedules(rng, 2, 3, 2);
        const second = randomSchedules(rng, 3, 2, 2);
        const s = settingsFor(4, 0, 'first-rejected');
        const fresh = mech.clear(second, s);
        const buffer = mech.clear(first, s);
        const reused = mech.clear(second, s, buffer);
        for (const key of ['fills', 'allocation', 'payments', 'price', 'firstRejected', 'lastAccepted'] as const) {
          expect(Array.from(reused[key]), key).toEqual(Array.from(fresh[key]));
        }
      });

      it('an empty batch (K = 0) gives empty outputs', () => {
        const out = mech.clear({ K: 0, N: 3, T: 2, prices: new Float64Array(0), quantities: new Float64Array(0) }, settingsFor(5, 0, 'first-rejected'));
        expect(out.fills.length + out.allocation.length + out.payments.length + out.price.length).toBe(0);
      });
    });
  }
});

describe('validateSchedules', () => {
  const one = (prices: number[], quantities: number[], K = 1, N = 2, T = 2): StepBids => ({
    K,
    N,
    T,
    prices: Float64Array.from(prices),
    quantities: Float64Array.from(quantities),
  });

  it('accepts valid schedules (equal tiers, zero quantities, zero prices)', () => {
    expect(validateSchedules(one([10, 6, 8, 8], [4, 4, 5, 0]))).toEqual([]);
    expect(validateSchedules(one([0, 0, 3, 0], [0, 0, 1.5, 2]))).toEqual([]);
    expect(validateSchedules(randomSchedules(createRng(3), 50, 6, 3))).toEqual([]);
  });

  it('rejects pL > pH, naming firm and step (1-based in the message)', () => {
    const issues = validateSchedules(one([10, 6, 5, 8], [4, 4, 5, 5]));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ firm: 1, step: 1 });
    expect(issues[0].message).toMatch(/firm 2, step 2/);
    expect(issues[0].message).toMatch(/8/);
    expect(issues[0].message).toMatch(/increase|pL ≤ pH/);
  });

  it('rejects negative prices and quantities, NaN and ±Infinity, naming firm and step', () => {
    const cases: [number[], number[], number, number, RegExp][] = [
      [[10, -1, 8, 3], [4, 4, 5, 5], 0, 1, /firm 1, step 2: price -1/],
      [[10, 6, 8, 3], [4, 4, -2, 5], 1, 0, /firm 2, step 1: quantity -2/],
      [[NaN, 6, 8, 3], [4, 4, 5, 5], 0, 0, /firm 1, step 1: price NaN/],
      [[10, 6, 8, 3], [4, 4, 5, NaN], 1, 1, /firm 2, step 2: quantity NaN/],
      [[10, 6, Infinity, 3], [4, 4, 5, 5], 1, 0, /firm 2, step 1: price Infinity/],
      [[10, 6, 8, 3], [Infinity, 4, 5, 5], 0, 0, /firm 1, step 1: quantity Infinity/],
    ];
    for (const [p, q, firm, step, re] of cases) {
      const issues = validateSchedules(one(p, q));
      expect(issues.length, `${p} / ${q}`).toBeGreaterThanOrEqual(1);
      expect(issues[0]).toMatchObject({ firm, step });
      expect(issues[0].message).toMatch(re);
    }
  });

  it('names the auction in a batch and reports every problem', () => {
    // auction 2, firm 1: pL 7 > pH 5; auction 1, firm 2: quantity NaN
    const issues = validateSchedules(one([10, 6, 8, 3, 5, 7, 8, 3], [4, 4, 5, NaN, 4, 4, 5, 5], 2, 2, 2));
    expect(issues.map((x) => x.message)).toEqual([expect.stringMatching(/firm 2, step 2 \(auction 1\): quantity NaN/), expect.stringMatching(/firm 1, step 2 \(auction 2\): price 7/)]);
  });

  it('rejects arrays of the wrong length', () => {
    const issues = validateSchedules(one([10, 6, 8], [4, 4, 5]));
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toMatch(/K·N·T = 4/);
  });
});
