import { describe, it, expect } from 'vitest';
import { clearRankAllPay, rankUtility, rankWeights } from './allPayRank';
import { createRng } from '../math/rng';
import { allPay } from './allPay';
import { firstPrice } from './firstPrice';

const f = (xs: number[]) => Float64Array.from(xs);
const arr = (x: Float64Array | Int32Array) => Array.from(x).map((v) => Math.round(v * 1e12) / 1e12);

describe('rankWeights', () => {
  it('is (w, 1 − w, 0, …)', () => {
    expect(arr(rankWeights(0.7, 4))).toEqual([0.7, 0.3, 0, 0]);
    expect(arr(rankWeights(0.7, 2))).toEqual([0.7, 0.3]);
  });
});

describe('clearRankAllPay — prize split, known answers', () => {
  it('n = 2: the loser gets 1 − w, both pay their bids', () => {
    const out = clearRankAllPay(f([0.2, 0.5]), 1, 2, { reading: 'prize-split', w: 0.8 });
    expect(arr(out.shares)).toEqual([0.2, 0.8]);
    expect(arr(out.payments)).toEqual([0.2, 0.5]);
    expect(Array.from(out.ranks)).toEqual([1, 0]);
  });
  it('n = 3, two rows', () => {
    const out = clearRankAllPay(f([0.1, 0.9, 0.4, 0.3, 0.2, 0.6]), 2, 3, { reading: 'prize-split', w: 0.7 });
    expect(arr(out.shares)).toEqual([0, 0.7, 0.3, 0.3, 0, 0.7]);
    expect(arr(out.payments)).toEqual([0.1, 0.9, 0.4, 0.3, 0.2, 0.6]);
    expect(Array.from(out.ranks)).toEqual([2, 0, 1, 1, 2, 0]);
  });
  it('n = 4', () => {
    const out = clearRankAllPay(f([0.5, 0.25, 0.75, 0.1]), 1, 4, { reading: 'prize-split', w: 0.6 });
    expect(arr(out.shares)).toEqual([0.4, 0, 0.6, 0]);
    expect(arr(out.payments)).toEqual([0.5, 0.25, 0.75, 0.1]);
  });
  it('w = 1 is the standard all-pay auction', () => {
    const rng = createRng(3);
    const bids = new Float64Array(200 * 4).map(() => rng.next());
    const out = clearRankAllPay(bids, 200, 4, { reading: 'prize-split', w: 1 });
    const ref = allPay.clear(bids, 200, 4);
    expect(arr(out.payments)).toEqual(arr(ref.payments));
    for (let k = 0; k < 200; k++) expect(out.shares[k * 4 + ref.winner[k]]).toBe(1);
  });
});

describe('clearRankAllPay — payment split, known answers', () => {
  it('n = 2: winner pays w·b, loser (1 − w)·b', () => {
    const out = clearRankAllPay(f([0.2, 0.5]), 1, 2, { reading: 'payment-split', w: 0.8 });
    expect(arr(out.shares)).toEqual([0, 1]);
    expect(arr(out.payments)).toEqual([0.04, 0.4]);
  });
  it('n = 3', () => {
    const out = clearRankAllPay(f([0.1, 0.9, 0.4]), 1, 3, { reading: 'payment-split', w: 0.7 });
    expect(arr(out.shares)).toEqual([0, 1, 0]);
    expect(arr(out.payments)).toEqual([0, 0.63, 0.12]);
  });
  it('n = 4', () => {
    const out = clearRankAllPay(f([0.5, 0.25, 0.75, 0.1]), 1, 4, { reading: 'payment-split', w: 0.6 });
    expect(arr(out.shares)).toEqual([0, 0, 1, 0]);
    expect(arr(out.payments)).toEqual([0.2, 0, 0.45, 0]);
  });
  it('w = 1 is a first-price auction', () => {
    const rng = createRng(4);
    const bids = new Float64Array(200 * 3).map(() => rng.next());
    const out = clearRankAllPay(bids, 200, 3, { reading: 'payment-split', w: 1 });
    const ref = firstPrice.clear(bids, 200, 3);
    expect(arr(out.payments)).toEqual(arr(ref.payments));
  });
});

describe('ties', () => {
  it('split averages shares and payment rates over the tied positions', () => {
    const p = clearRankAllPay(f([0.5, 0.5, 0.2]), 1, 3, { reading: 'prize-split', w: 0.8 });
    expect(arr(p.shares)).toEqual([0.5, 0.5, 0]);
    expect(arr(p.payments)).toEqual([0.5, 0.5, 0.2]);
    expect(Array.from(p.ranks)).toEqual([0, 0, 2]);
    const q = clearRankAllPay(f([0.5, 0.5, 0.2]), 1, 3, { reading: 'payment-split', w: 0.8 });
    expect(arr(q.shares)).toEqual([0.5, 0.5, 0]);
    expect(arr(q.payments)).toEqual([0.25, 0.25, 0]);
    // tie for second among three of four
    const r = clearRankAllPay(f([0.9, 0.3, 0.3, 0.3]), 1, 4, { reading: 'prize-split', w: 0.7 });
    expect(arr(r.shares)).toEqual([0.7, 0.1, 0.1, 0.1]);
  });
  it('random is deterministic per seed and fair over draws', () => {
    const bids = new Float64Array(3 * 30000);
    for (let k = 0; k < 30000; k++) bids.set([0.5, 0.5, 0.5], 3 * k);
    const a = clearRankAllPay(bids, 30000, 3, { reading: 'prize-split', w: 0.8, tieBreak: 'random', rng: createRng(7) });
    const b = clearRankAllPay(bids, 30000, 3, { reading: 'prize-split', w: 0.8, tieBreak: 'random', rng: createRng(7) });
    expect(Array.from(a.ranks)).toEqual(Array.from(b.ranks));
    const mean = [0, 0, 0];
    for (let k = 0; k < 30000; k++) {
      const row = Array.from(a.ranks.subarray(3 * k, 3 * k + 3)).sort();
      expect(row).toEqual([0, 1, 2]);
      for (let i = 0; i < 3; i++) mean[i] += a.shares[3 * k + i] / 30000;
    }
    for (const m of mean) expect(m).toBeCloseTo(1 / 3, 2);
    expect(() => clearRankAllPay(bids, 30000, 3, { reading: 'prize-split', w: 0.8, tieBreak: 'random' })).toThrow();
  });
  it('random ties under the payment split: winner pays w·b, the other tied bidder (1 − w)·b', () => {
    const out = clearRankAllPay(f([0.5, 0.5]), 1, 2, { reading: 'payment-split', w: 0.75, tieBreak: 'random', rng: createRng(1) });
    expect(arr(out.payments).sort()).toEqual([0.125, 0.375]);
    expect(arr(out.shares).sort()).toEqual([0, 1]);
  });
});

describe('rankUtility', () => {
  it('averages v·share − payment per bidder', () => {
    const values = f([0.6, 0.9, 0.5, 0.4, 0.8, 0.7]);
    const bids = f([0.1, 0.9, 0.4, 0.3, 0.2, 0.6]);
    const u = rankUtility(values, bids, 2, 3, { reading: 'prize-split', w: 0.7 });
    // row 1: [−0.1, 0.9·0.7 − 0.9, 0.5·0.3 − 0.4]; row 2: [0.4·0.3 − 0.3, −0.2, 0.7·0.7 − 0.6]
    const expected = [(-0.1 + 0.12 - 0.3) / 2, (0.63 - 0.9 - 0.2) / 2, (0.15 - 0.4 + 0.49 - 0.6) / 2];
    Array.from(u).forEach((x, i) => expect(x).toBeCloseTo(expected[i], 12));
    const q = rankUtility(values, bids, 2, 3, { reading: 'payment-split', w: 0.7 });
    const eq = [(0 - 0) / 2 + (0 - 0.3 * 0.3) / 2, (0.9 - 0.63 + 0) / 2, (-0.12 + 0.7 - 0.42) / 2];
    Array.from(q).forEach((x, i) => expect(x).toBeCloseTo(eq[i], 12));
  });
});
