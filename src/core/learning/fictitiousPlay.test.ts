import { describe, it, expect } from 'vitest';
import { FictitiousPlay, runFictitiousPlay } from './fictitiousPlay';
import {
  evaluateProfile,
  makeDiscreteGame,
  payoffTable,
  pureStrategy,
  rankStats,
  sampleProfile,
  uniformStrategy,
  type DiscreteAllPayGame,
} from './discreteBidLearner';
import { clearRankAllPay } from '../mechanisms/allPayRank';
import { createRng } from '../math/rng';

/** Marginal bid distribution on the game's bid grid of b(V), V ~ U[0, 1] (fine quadrature, nearest level). */
function continuousOpponent(game: DiscreteAllPayGame, bid: (v: number) => number, cells = 20000): Float64Array {
  const B = game.bids.length;
  const step = game.bids[B - 1] / (B - 1);
  const q = new Float64Array(B);
  for (let c = 0; c < cells; c++) q[Math.min(B - 1, Math.round(bid((c + 0.5) / cells) / step))] += 1 / cells;
  return q;
}

describe('exact evaluation (discreteBidLearner)', () => {
  it('rankStats matches clearRankAllPay with random ties by simulation', () => {
    for (const reading of ['prize-split', 'payment-split'] as const) {
      const game = makeDiscreteGame({ reading, w: 0.7, bidders: 3, valueLevels: 5, bidLevels: 6, bidMax: 1 });
      const rng = createRng(2);
      const strategies = [0, 1, 2].map(() => {
        const s = uniformStrategy(game);
        for (let j = 0; j < s.length; j++) s[j] = rng.next();
        for (let v = 0; v < 5; v++) {
          const row = s.subarray(v * 6, v * 6 + 6);
          const tot = row.reduce((a, b) => a + b, 0);
          for (let k = 0; k < 6; k++) row[k] /= tot;
        }
        return s;
      });
      const ev = evaluateProfile(game, strategies);
      const K = 200000;
      const draw = sampleProfile(game, strategies, K, createRng(9));
      const out = clearRankAllPay(draw.bids, K, 3, { reading, w: 0.7, tieBreak: 'random', rng: createRng(10) });
      let rev = 0;
      const u = [0, 0, 0];
      for (let k = 0; k < K * 3; k++) {
        rev += out.payments[k];
        u[k % 3] += draw.values[k] * out.shares[k] - out.payments[k];
      }
      expect(rev / K).toBeCloseTo(ev.revenue, 2);
      for (let i = 0; i < 3; i++) expect(u[i] / K).toBeCloseTo(ev.utilities[i], 2);
    }
  });
});

describe('fictitious play', () => {
  it('(a) best response to the closed-form all-pay BNE is that bid within the grid resolution (n = 2, 3)', () => {
    for (const n of [2, 3]) {
      const game = makeDiscreteGame({ reading: 'prize-split', w: 1, bidders: n, valueLevels: 11, bidLevels: 201 });
      const eq = (v: number) => ((n - 1) / n) * v ** n;
      const q = continuousOpponent(game, eq);
      const U = payoffTable(game, rankStats(game, Array.from({ length: n - 1 }, () => q)));
      const B = game.bids.length;
      const step = 1 / (B - 1);
      for (const v of [3, 5, 7, 9, 10]) {
        let best = 0;
        for (let k = 1; k < B; k++) if (U[v * B + k] > U[v * B + best] + 1e-13) best = k;
        expect(Math.abs(game.bids[best] - eq(game.values[v]))).toBeLessThanOrEqual(2 * step);
      }
    }
  });

  it('(a′) FP with frozen opponents at the BNE: the learner converges to the grid best response', () => {
    const n = 3;
    const game = makeDiscreteGame({ reading: 'prize-split', w: 1, bidders: n, valueLevels: 11, bidLevels: 51 });
    const eqStrategy = pureStrategy(game, (v) => ((n - 1) / n) * v ** n);
    const fp = new FictitiousPlay(game, { frozen: [null, eqStrategy, eqStrategy], seed: 1 });
    let last = fp.step();
    for (let t = 0; t < 200; t++) last = fp.step();
    expect(last.exploitability).toBeLessThan(0.01);
  });

  it('(b) single-prize all-pay, n = 3: FP revenue is within 0.02 of (n − 1)/(n + 1) = 0.5', () => {
    const game = makeDiscreteGame({ reading: 'prize-split', w: 1, bidders: 3, valueLevels: 21, bidLevels: 51 });
    const { report, strategies } = runFictitiousPlay(game, 1000, { explorationIterations: 10, seed: 3 });
    expect(Math.abs(report.revenue - 0.5)).toBeLessThan(0.02);
    const K = 200000;
    const draw = sampleProfile(game, strategies, K, createRng(4));
    const out = clearRankAllPay(draw.bids, K, 3, { reading: 'prize-split', w: 1, tieBreak: 'random', rng: createRng(5) });
    const simulated = out.payments.reduce((a, b) => a + b, 0) / K;
    expect(Math.abs(simulated - 0.5)).toBeLessThan(0.02);
    // Learned bid function close to (2/3)v³ below the top cells (the discrete-value game's top types mix over
    // an interval of bids, so the last cells sit below the continuous BNE).
    const b = report.bidFunction;
    for (let v = 0; v <= 16; v += 2) expect(Math.abs(b[v] - (2 / 3) * game.values[v] ** 3)).toBeLessThan(0.03);
  });

  it('(c) exploitability decreases over iterations, both readings; runs are reproducible per seed', () => {
    for (const reading of ['prize-split', 'payment-split'] as const) {
      const game = makeDiscreteGame({ reading, w: 0.7, bidders: 3, valueLevels: 11, bidLevels: 41 });
      const ex: number[] = [];
      runFictitiousPlay(game, 600, { explorationIterations: 20, seed: 7 }, (r) => ex.push(r.exploitability));
      const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
      expect(mean(ex.slice(550))).toBeLessThan(mean(ex.slice(20, 60)) / 4);
      expect(mean(ex.slice(550))).toBeLessThan(0.02);
      const again: number[] = [];
      runFictitiousPlay(game, 30, { explorationIterations: 20, seed: 7 }, (r) => again.push(r.exploitability));
      expect(again).toEqual(ex.slice(0, 30));
    }
  });

  it('symmetric FP reports the same figures for all bidders', () => {
    const game = makeDiscreteGame({ reading: 'payment-split', w: 0.6, bidders: 4, values: 'integers', bidLevels: 31 });
    const { report } = runFictitiousPlay(game, 100, { symmetric: true, seed: 1 });
    expect(report.bidFunctions[3]).toEqual(report.bidFunctions[0]);
    expect(report.bidFunction.length).toBe(10);
  });
});
