import { describe, expect, it } from 'vitest';
import { clippedObjective, clippedSurrogate, gaussianEntropy, gaussianLogProb, IndependentPpo, normalizeAdvantages } from './ppo';
import { createRng } from '../math/rng';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI); // 0.91893853…

describe('objective pieces', () => {
  it('log-prob of a diagonal Gaussian', () => {
    // z = 1, μ = 0, σ = 1: −½ − ½log 2π = −1.4189385.
    expect(gaussianLogProb([1], 0, [0], 0, [0], 0, 1)).toBeCloseTo(-1.4189385332, 9);
    // Two coordinates: (z − μ)/σ = (2 − 0)/2 = 1 with σ = 2, and 0 with σ = 1: −½ − log 2 − 2·0.9189385.
    expect(gaussianLogProb([2, 3], 0, [0, 3], 0, [Math.log(2), 0], 0, 2)).toBeCloseTo(-0.5 - Math.log(2) - 2 * HALF_LOG_2PI, 12);
    // Offsets are honoured.
    expect(gaussianLogProb([9, 1], 1, [9, 0], 1, [9, 0], 1, 1)).toBeCloseTo(-1.4189385332, 9);
    // Entropy: Σ ℓ + ½log(2πe) per coordinate; σ = 1 gives 1.4189385 each.
    expect(gaussianEntropy([0, 0], 0, 2)).toBeCloseTo(2 * 1.4189385332, 9);
  });

  it('clipped surrogate: value and d/d log π', () => {
    // ρ = 1.5, A = 1: min(1.5, 1.2) = 1.2, flat (clipped) → 0.
    expect(clippedSurrogate(1.5, 1, 0.2)).toEqual({ value: 1.2, dLogProb: 0 });
    // ρ = 0.5, A = −1: min(−0.5, −0.8) = −0.8, flat → 0.
    expect(clippedSurrogate(0.5, -1, 0.2)).toEqual({ value: -0.8, dLogProb: 0 });
    // ρ = 0.5, A = 1: min(0.5, 0.8) = 0.5, unclipped → ρA = 0.5.
    expect(clippedSurrogate(0.5, 1, 0.2)).toEqual({ value: 0.5, dLogProb: 0.5 });
    // ρ = 2, A = −1: min(−2, −1.2) = −2, unclipped (a pessimistic bound never clips a worsening) → −2.
    expect(clippedSurrogate(2, -1, 0.2)).toEqual({ value: -2, dLogProb: -2 });
  });

  it('clipped objective and its gradient w.r.t. the mean on a 3-sample example, by hand', () => {
    // dim 1, σ = 1 (ℓ = 0), all means μ = 0.
    //  s1: z = 0.5, old log-prob = log-prob now → ρ = 1, A = 1: value 1, d/dlogπ = 1;
    //      ∂logπ/∂μ = (z − μ)/σ² = 0.5 → ∂L/∂μ1 = (1/3)·1·0.5 = 1/6; ∂logπ/∂ℓ = (z−μ)²/σ² − 1 = −0.75.
    //  s2: z = −1, old = now − log 2 → ρ = 2 > 1.2, A = 1: value 1.2 (clipped), gradient 0.
    //  s3: z = 1, old = now − log 2 → ρ = 2, A = −1: value −2 (unclipped), d/dlogπ = −2;
    //      ∂L/∂μ3 = (1/3)(−2)(1) = −2/3; ∂logπ/∂ℓ = 1 − 1 = 0.
    //  L = (1 + 1.2 − 2)/3 = 0.0666…; ∂L/∂ℓ = (1/3)(1)(−0.75) + 0 + 0 = −0.25.
    const lp = (z: number) => -0.5 * z * z - HALF_LOG_2PI;
    const z = [0.5, -1, 1];
    const mean = new Float64Array([0, 0, 0]);
    const old = [lp(0.5), lp(-1) - Math.log(2), lp(1) - Math.log(2)];
    const adv = [1, 1, -1];
    const dMean = new Float64Array(3);
    const dLogStd = new Float64Array(1);
    const L = clippedObjective(z, mean, [0], old, adv, 0.2, 3, 1, dMean, dLogStd);
    expect(L).toBeCloseTo(0.2 / 3, 12);
    expect(dMean[0]).toBeCloseTo(1 / 6, 12);
    expect(Math.abs(dMean[1])).toBe(0);
    expect(dMean[2]).toBeCloseTo(-2 / 3, 12);
    expect(dLogStd[0]).toBeCloseTo(-0.25, 12);
    // And the gradient agrees with finite differences of L in each mean.
    for (let s = 0; s < 3; s++) {
      const h = 1e-6;
      const up = Float64Array.from(mean);
      up[s] = h;
      const dn = Float64Array.from(mean);
      dn[s] = -h;
      const scratch = new Float64Array(3);
      const scratchL = new Float64Array(1);
      const fd = (clippedObjective(z, up, [0], old, adv, 0.2, 3, 1, scratch, scratchL) - clippedObjective(z, dn, [0], old, adv, 0.2, 3, 1, scratch, scratchL)) / (2 * h);
      expect(fd).toBeCloseTo(dMean[s], 6);
    }
  });

  it('advantage normalization: mean 0, std 1 per slice', () => {
    const x = new Float64Array([9, 1, 2, 3, 9]);
    const { mean, std } = normalizeAdvantages(x, 1, 3);
    expect(mean).toBe(2);
    expect(std).toBeCloseTo(Math.sqrt(2 / 3), 12);
    // (1 − 2)/√(2/3) = −1.2247449
    expect(x[1]).toBeCloseTo(-1.2247449, 6);
    expect(x[2]).toBe(0);
    expect(x[3]).toBeCloseTo(1.2247449, 6);
    expect(x[0]).toBe(9);
    expect(x[4]).toBe(9);
    const one = new Float64Array([5]);
    normalizeAdvantages(one, 0, 1);
    expect(one[0]).toBe(0);
  });
});

describe('IndependentPpo', () => {
  it('each agent learns its own bandit optimum (reward −(z − target)²) and is deterministic', () => {
    const run = () => {
      const rng = createRng(5);
      const M = 2;
      const B = 256;
      const targets = [1, -0.5];
      const ppo = new IndependentPpo({ agents: M, obsDim: 2, actDim: 1, hyper: { lr: 3e-3, minibatch: 64, hidden: 8, initLogStd: -0.5 } }, rng);
      const obs = new Float64Array(M * B * 2).map(() => rng.next());
      const z = new Float64Array(M * B);
      const logp = new Float64Array(M * B);
      const r = new Float64Array(M * B);
      for (let it = 0; it < 60; it++) {
        ppo.act(obs, B, rng, z, logp);
        for (let m = 0; m < M; m++) for (let b = 0; b < B; b++) r[m * B + b] = -((z[m * B + b] - targets[m]) ** 2);
        const stats = ppo.update(obs, z, logp, r, B, rng);
        expect(Number.isFinite(stats.approxKl)).toBe(true);
      }
      return ppo.meanAction(obs, B, new Float64Array(M * B));
    };
    const mu = run();
    const again = run();
    expect(Array.from(again)).toEqual(Array.from(mu));
    const B = 256;
    let m0 = 0;
    let m1 = 0;
    for (let b = 0; b < B; b++) {
      m0 += mu[b] / B;
      m1 += mu[B + b] / B;
    }
    expect(m0).toBeGreaterThan(0.7);
    expect(m1).toBeLessThan(-0.3);
  });

  it('rejects bad hyperparameters with a message naming the field', () => {
    expect(() => new IndependentPpo({ agents: 1, obsDim: 2, actDim: 1, hyper: { epochs: 0 } }, createRng(1))).toThrow(/epochs/);
    expect(() => new IndependentPpo({ agents: 1, obsDim: 2, actDim: 1, hyper: { lr: NaN } }, createRng(1))).toThrow(/lr/);
  });
});
