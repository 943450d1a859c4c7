import { describe, it, expect } from 'vitest';
import { createRng } from '../math/rng';
import { allPay } from './allPay';
import { firstPrice } from './firstPrice';
import { singleItemMechanismIds, singleItemMechanisms } from './registry';
import { secondPrice } from './secondPrice';
import { findWinners, type SingleItemMechanism, type SingleItemMechanismId } from './singleItem';

/**
 * Known-answer tables, computed by hand. Each group is cleared in ONE batched call.
 * Rows are auctions; `winner` uses 'lowest-index' tie-breaking.
 *   fp: first price, the winner pays its own bid, losers 0.
 *   sp: second price, the winner pays the highest competing bid (0 with a single bidder), losers 0.
 *   all-pay: every bidder pays its own bid (the bids row itself).
 */
interface KnownRow {
  bids: number[];
  winner: number;
  fp: number[];
  sp: number[];
}

const knownTables: Record<string, KnownRow[]> = {
  'one bidder': [
    // single bidder: wins, first price pays own bid, second price pays 0 (no competing bid)
    { bids: [0.6], winner: 0, fp: [0.6], sp: [0] },
    { bids: [0], winner: 0, fp: [0], sp: [0] },
  ],
  'two bidders': [
    // 0.75 > 0.25: bidder 1 wins; fp pays 0.75; sp pays 0.25
    { bids: [0.25, 0.75], winner: 1, fp: [0, 0.75], sp: [0, 0.25] },
    // tie at 0.5: lowest index (0) wins; fp 0.5; sp pays the tied bid 0.5
    { bids: [0.5, 0.5], winner: 0, fp: [0.5, 0], sp: [0.5, 0] },
    // 1 > 0: bidder 0 wins; sp pays the competing 0
    { bids: [1, 0], winner: 0, fp: [1, 0], sp: [0, 0] },
    // all zero: tie, bidder 0 wins, nobody pays anything
    { bids: [0, 0], winner: 0, fp: [0, 0], sp: [0, 0] },
  ],
  'three bidders': [
    // the worked example: [0.3, 0.7, 0.5] → bidder 1; fp 0.7, sp 0.5
    { bids: [0.3, 0.7, 0.5], winner: 1, fp: [0, 0.7, 0], sp: [0, 0.5, 0] },
    // 0.9 highest, runner-up 0.2
    { bids: [0.9, 0.1, 0.2], winner: 0, fp: [0.9, 0, 0], sp: [0.2, 0, 0] },
    // tie 0.4/0.4 → bidder 0, sp pays 0.4
    { bids: [0.4, 0.4, 0.1], winner: 0, fp: [0.4, 0, 0], sp: [0.4, 0, 0] },
    // tie at the top between bidders 1 and 2 → bidder 1, sp 0.6
    { bids: [0.2, 0.6, 0.6], winner: 1, fp: [0, 0.6, 0], sp: [0, 0.6, 0] },
    // zero bids
    { bids: [0, 0, 0], winner: 0, fp: [0, 0, 0], sp: [0, 0, 0] },
    // the last bidder wins; runner-up is the first
    { bids: [0.35, 0.05, 0.8], winner: 2, fp: [0, 0, 0.8], sp: [0, 0, 0.35] },
  ],
  'four bidders': [
    // 0.9 (bidder 2) beats 0.8 (bidder 3)
    { bids: [0.1, 0.2, 0.9, 0.8], winner: 2, fp: [0, 0, 0.9, 0], sp: [0, 0, 0.8, 0] },
    // three-way tie at 0.6 → bidder 0; sp pays 0.6
    { bids: [0.6, 0.3, 0.6, 0.6], winner: 0, fp: [0.6, 0, 0, 0], sp: [0.6, 0, 0, 0] },
    // zero bids except one
    { bids: [0, 0, 0, 0.01], winner: 3, fp: [0, 0, 0, 0.01], sp: [0, 0, 0, 0] },
  ],
  'five bidders': [
    // bidder 4 with 0.95; runner-up 0.5
    { bids: [0.5, 0.4, 0.3, 0.2, 0.95], winner: 4, fp: [0, 0, 0, 0, 0.95], sp: [0, 0, 0, 0, 0.5] },
    // tie 0.5 between bidders 1 and 3 → bidder 1
    { bids: [0.05, 0.5, 0.45, 0.5, 0.1], winner: 1, fp: [0, 0.5, 0, 0, 0], sp: [0, 0.5, 0, 0, 0] },
    // values above 1 are fine (value units are arbitrary): 3 beats 2.5
    { bids: [2.5, 0, 3, 1, 0.5], winner: 2, fp: [0, 0, 3, 0, 0], sp: [0, 0, 2.5, 0, 0] },
  ],
};

const flat = (rows: number[][]) => Float64Array.from(rows.flat());

describe('single-item mechanisms: known-answer tables (one batched call per table)', () => {
  for (const [name, rows] of Object.entries(knownTables)) {
    const bidders = rows[0].bids.length;
    const batch = rows.length;
    const bids = flat(rows.map((r) => r.bids));
    const winners = rows.map((r) => r.winner);

    it(`${name}: findWinners gives the winners and the highest competing bid`, () => {
      const { winner, second } = findWinners(bids, batch, bidders, { tieBreak: 'lowest-index' });
      expect(Array.from(winner)).toEqual(winners);
      // second = highest bid among the others = sp payment of the winner (−∞ when alone)
      const expectedSecond = rows.map((r) => (bidders === 1 ? -Infinity : r.sp[r.winner]));
      expect(Array.from(second)).toEqual(expectedSecond);
    });

    it(`${name}: first price`, () => {
      const out = firstPrice.clear(bids, batch, bidders, { tieBreak: 'lowest-index' });
      expect(Array.from(out.winner)).toEqual(winners);
      expect(Array.from(out.payments)).toEqual(rows.flatMap((r) => r.fp));
    });

    it(`${name}: second price`, () => {
      const out = secondPrice.clear(bids, batch, bidders, { tieBreak: 'lowest-index' });
      expect(Array.from(out.winner)).toEqual(winners);
      expect(Array.from(out.payments)).toEqual(rows.flatMap((r) => r.sp));
    });

    it(`${name}: all-pay (everyone pays its own bid)`, () => {
      const out = allPay.clear(bids, batch, bidders, { tieBreak: 'lowest-index' });
      expect(Array.from(out.winner)).toEqual(winners);
      expect(Array.from(out.payments)).toEqual(rows.flatMap((r) => r.bids));
    });
  }

  it('the default tie-break (no options) is lowest-index', () => {
    const bids = Float64Array.from([0.4, 0.4, 0.1, 0.2, 0.7, 0.7]);
    for (const m of [firstPrice, secondPrice, allPay]) {
      expect(Array.from(m.clear(bids, 2, 3).winner)).toEqual([0, 1]);
    }
  });

  it('an empty batch gives empty outputs', () => {
    for (const m of [firstPrice, secondPrice, allPay]) {
      const out = m.clear(new Float64Array(0), 0, 3);
      expect(out.winner.length).toBe(0);
      expect(out.payments.length).toBe(0);
    }
  });

  it('findWinners rejects a wrong bids length and random ties without an rng', () => {
    expect(() => findWinners(new Float64Array(5), 2, 3)).toThrow(/length 5.*6/);
    expect(() => findWinners(new Float64Array(6), 2, 3, { tieBreak: 'random' })).toThrow(/rng/);
  });
});

/** How each registered mechanism charges bidders; a new registry entry must be added here (tsc enforces it). */
const paymentRule: Record<SingleItemMechanismId, 'winner-only' | 'everyone-pays-own-bid'> = {
  'first-price': 'winner-only',
  'second-price': 'winner-only',
  'all-pay': 'everyone-pays-own-bid',
};

/** Random bids in [0, 1) with no ties (53-bit floats from two draws; equal draws are re-drawn). */
function randomBids(seed: number, batch: number, bidders: number): Float64Array {
  const rng = createRng(seed);
  const bids = new Float64Array(batch * bidders);
  for (let k = 0; k < batch; k++) {
    const seen = new Set<number>();
    for (let i = 0; i < bidders; i++) {
      let b: number;
      do b = rng.next() + rng.next() / 4294967296;
      while (seen.has(b));
      seen.add(b);
      bids[k * bidders + i] = b;
    }
  }
  return bids;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('single-item mechanisms: shared conformance suite (every registry entry)', () => {
  it('the registry is keyed by each mechanism id and lists at least the three classic rules', () => {
    expect(singleItemMechanismIds).toEqual(Object.keys(singleItemMechanisms));
    expect(singleItemMechanismIds).toEqual(expect.arrayContaining(['first-price', 'second-price', 'all-pay']));
    for (const id of singleItemMechanismIds) expect(singleItemMechanisms[id].id).toBe(id);
  });

  for (const id of singleItemMechanismIds) {
    const mech: SingleItemMechanism = singleItemMechanisms[id];

    describe(id, () => {
      it('has a title, a rule sentence and a relaxation formula', () => {
        expect(mech.title.trim().length).toBeGreaterThan(0);
        expect(mech.rule.trim().length).toBeGreaterThan(0);
        expect(mech.relaxation.formula.trim().length).toBeGreaterThan(0);
        expect(paymentRule[id], `add "${id}" to paymentRule in this test`).toBeDefined();
      });

      for (const bidders of [1, 2, 3, 5]) {
        it(`random bids, ${bidders} bidder(s): payments ≥ 0, winner in range and highest, IR of the bid, loser rule`, () => {
          const batch = 400;
          const bids = randomBids(100 + bidders, batch, bidders);
          const copy = Float64Array.from(bids);
          const { winner, payments } = mech.clear(bids, batch, bidders, { tieBreak: 'lowest-index' });
          expect(bids).toEqual(copy); // input not mutated
          expect(winner).toBeInstanceOf(Int32Array);
          expect(payments).toBeInstanceOf(Float64Array);
          expect(winner.length).toBe(batch);
          expect(payments.length).toBe(batch * bidders);
          for (let k = 0; k < batch; k++) {
            const row = k * bidders;
            const w = winner[k];
            expect(w).toBeGreaterThanOrEqual(0);
            expect(w).toBeLessThan(bidders);
            for (let i = 0; i < bidders; i++) {
              const p = payments[row + i];
              expect(Number.isFinite(p)).toBe(true);
              expect(p).toBeGreaterThanOrEqual(0);
              expect(p).toBeLessThanOrEqual(bids[row + i]); // nobody pays more than its bid
              if (i !== w) expect(bids[row + i]).toBeLessThan(bids[row + w]); // highest bid wins
              if (paymentRule[id] === 'everyone-pays-own-bid') expect(p).toBe(bids[row + i]);
              else if (i !== w) expect(p).toBe(0);
            }
          }
        });
      }

      it('permuting the bidders permutes the outcome', () => {
        const bidders = 4;
        const batch = 300;
        const bids = randomBids(7, batch, bidders);
        const base = mech.clear(bids, batch, bidders, { tieBreak: 'lowest-index' });
        const rng = createRng(8);
        for (let trial = 0; trial < 5; trial++) {
          // random permutation π (Fisher–Yates); permuted bidder j is original bidder π[j]
          const pi = [0, 1, 2, 3];
          for (let i = bidders - 1; i > 0; i--) {
            const j = rng.int(i + 1);
            [pi[i], pi[j]] = [pi[j], pi[i]];
          }
          const permuted = new Float64Array(batch * bidders);
          for (let k = 0; k < batch; k++) for (let j = 0; j < bidders; j++) permuted[k * bidders + j] = bids[k * bidders + pi[j]]!;
          const out = mech.clear(permuted, batch, bidders, { tieBreak: 'lowest-index' });
          for (let k = 0; k < batch; k++) {
            expect(pi[out.winner[k]]).toBe(base.winner[k]);
            for (let j = 0; j < bidders; j++) {
              expect(out.payments[k * bidders + j]).toBe(base.payments[k * bidders + pi[j]]);
            }
          }
        }
      });

      it('random tie-break is deterministic for a seed and differs across seeds', () => {
        const batch = 200;
        const bids = new Float64Array(batch * 3).fill(0.5);
        const a = mech.clear(bids, batch, 3, { tieBreak: 'random', rng: createRng(42) });
        const b = mech.clear(bids, batch, 3, { tieBreak: 'random', rng: createRng(42) });
        const c = mech.clear(bids, batch, 3, { tieBreak: 'random', rng: createRng(43) });
        expect(Array.from(a.winner)).toEqual(Array.from(b.winner));
        expect(Array.from(a.payments)).toEqual(Array.from(b.payments));
        expect(Array.from(a.winner)).not.toEqual(Array.from(c.winner));
      });

      it('random tie-break is roughly uniform over the tied bidders only', () => {
        // rows [0.2, 0.9, 0.9, 0.1, 0.9]: bidders 1, 2, 4 tie at the top; 0 and 3 must never win.
        // 3000 draws: each tied bidder wins 1000 in expectation, sd = √(3000·1/3·2/3) ≈ 25.8, so ±150 is ~6 sd.
        const batch = 3000;
        const row = [0.2, 0.9, 0.9, 0.1, 0.9];
        const bids = Float64Array.from(Array.from({ length: batch }, () => row).flat());
        const { winner, payments } = mech.clear(bids, batch, 5, { tieBreak: 'random', rng: createRng(2024) });
        const counts = [0, 0, 0, 0, 0];
        for (const w of winner) counts[w]++;
        expect(counts[0]).toBe(0);
        expect(counts[3]).toBe(0);
        for (const i of [1, 2, 4]) {
          expect(counts[i]).toBeGreaterThan(850);
          expect(counts[i]).toBeLessThan(1150);
        }
        // the winner still pays at most its bid, whoever it is
        for (let k = 0; k < batch; k++) expect(payments[k * 5 + winner[k]]).toBeLessThanOrEqual(0.9);
      });

      it('throws on a wrong bids length', () => {
        expect(() => mech.clear(new Float64Array(7), 2, 3)).toThrow();
        expect(() => mech.clear(new Float64Array(6), 3, 3)).toThrow();
        expect(() => mech.clear(new Float64Array(6), 2, 3)).not.toThrow();
      });

      it('relaxation: dUtilityDBid matches a central finite difference of utility(v, b, m, σ(β(b − m)))', () => {
        const rng = createRng(id.length * 31 + 5);
        const { utility, dUtilityDBid } = mech.relaxation;
        const f = (v: number, b: number, m: number, beta: number) => utility(v, b, m, sigmoid(beta * (b - m)));
        for (let t = 0; t < 500; t++) {
          const v = rng.next() * 2;
          const b = rng.next() * 2;
          const beta = 1 + rng.next() * 99;
          // keep |β(b − m)| ≤ 8 so σ is not saturated and the difference is informative
          const m = b + (rng.next() * 16 - 8) / beta;
          const h = 1e-5;
          const fd = (f(v, b + h, m, beta) - f(v, b - h, m, beta)) / (2 * h);
          const s = sigmoid(beta * (b - m));
          const analytic = dUtilityDBid(v, b, m, s, beta);
          expect(Number.isFinite(analytic)).toBe(true);
          expect(Math.abs(analytic - fd)).toBeLessThan(1e-5 * (1 + Math.abs(fd)));
        }
      });
    });
  }
});

describe('relaxations: hand-computed values', () => {
  // v = 0.8, b = 0.5, m = 0.5, β = 10 → s = σ(0) = 0.5, β s (1 − s) = 2.5
  const [v, b, m, s, beta] = [0.8, 0.5, 0.5, 0.5, 10];
  it('first price: u = (v − b)s = 0.15, du/db = −s + (v − b)·2.5 = 0.25', () => {
    expect(firstPrice.relaxation.utility(v, b, m, s)).toBeCloseTo(0.15, 12);
    expect(firstPrice.relaxation.dUtilityDBid(v, b, m, s, beta)).toBeCloseTo(0.25, 12);
  });
  it('second price: u = (v − m)s = 0.15, du/db = (v − m)·2.5 = 0.75', () => {
    expect(secondPrice.relaxation.utility(v, b, m, s)).toBeCloseTo(0.15, 12);
    expect(secondPrice.relaxation.dUtilityDBid(v, b, m, s, beta)).toBeCloseTo(0.75, 12);
  });
  it('all-pay: u = v s − b = −0.1, du/db = v·2.5 − 1 = 1', () => {
    expect(allPay.relaxation.utility(v, b, m, s)).toBeCloseTo(-0.1, 12);
    expect(allPay.relaxation.dUtilityDBid(v, b, m, s, beta)).toBeCloseTo(1, 12);
  });
});
