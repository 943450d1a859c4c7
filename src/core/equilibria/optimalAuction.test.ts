import { describe, expect, it } from 'vitest';
import { createRng } from '../math/rng';
import { secondPrice } from '../mechanisms/secondPrice';
import { meanRevenue } from '../metrics/singleItem';
import { sampleValues, type ValueModelParams } from '../priors/valueModels';
import { maxValueBound, myersonOutcome, myersonRevenue, vickreyRevenue } from './optimalAuction';

const params: ValueModelParams = { rate: 2, correlation: 0.5, upper: [1, 1.5] };
const DRAWS = 1_000_000;

function monteCarlo(model: 'uniform' | 'exp' | 'hetero', n: number, seed: number, p: ValueModelParams = params) {
  const values = sampleValues(model, p, createRng(seed), DRAWS, n);
  const vickrey = meanRevenue(secondPrice.clear(values, DRAWS, n).payments, DRAWS);
  const myerson = meanRevenue(myersonOutcome(model, p, values, DRAWS, n)!.payments, DRAWS);
  let maxSum = 0;
  for (let k = 0; k < DRAWS; k++) {
    let m = 0;
    for (let i = 0; i < n; i++) m = Math.max(m, values[k * n + i]);
    maxSum += m;
  }
  return { vickrey, myerson, max: maxSum / DRAWS };
}

describe('closed-form baselines (hand values)', () => {
  it('uniform, n = 2: Vickrey 1/3, Myerson 5/12, E[max] 2/3', () => {
    expect(vickreyRevenue('uniform', params, 2)).toBeCloseTo(1 / 3, 12);
    expect(myersonRevenue('uniform', params, 2)).toBeCloseTo(5 / 12, 12);
    expect(maxValueBound('uniform', params, 2)).toBeCloseTo(2 / 3, 12);
  });
  it('exp(λ), n = 2: Vickrey 1/(2λ); Myerson 2e^{−1}/λ − e^{−2}/(2λ)', () => {
    expect(vickreyRevenue('exp', params, 2)).toBeCloseTo(0.25, 12);
    expect(myersonRevenue('exp', params, 2)).toBeCloseTo((2 * Math.exp(-1) - Math.exp(-2) / 2) / 2, 12);
  });
  it('Myerson beats Vickrey for i.i.d. regular values, and both stay below E[max v]', () => {
    for (const model of ['uniform', 'exp'] as const)
      for (let n = 2; n <= 8; n++) {
        expect(myersonRevenue(model, params, n)!).toBeGreaterThan(vickreyRevenue(model, params, n)!);
        expect(myersonRevenue(model, params, n)!).toBeLessThan(maxValueBound(model, params, n)!);
      }
  });
  it('heterogeneous U[0, a_i] with every a_i = 1 gives the uniform closed forms; U[0, c·a_i] scales them by c', () => {
    for (let n = 2; n <= 8; n++) {
      const ones = { ...params, upper: new Array<number>(n).fill(1) };
      expect(myersonRevenue('hetero', ones, n)).toBeCloseTo(myersonRevenue('uniform', params, n)!, 12);
      expect(vickreyRevenue('hetero', ones, n)).toBeCloseTo(vickreyRevenue('uniform', params, n)!, 12);
      expect(maxValueBound('hetero', ones, n)).toBeCloseTo(maxValueBound('uniform', params, n)!, 12);
    }
    const a = { ...params, upper: [1, 1.5, 0.4] };
    const b = { ...params, upper: [3, 4.5, 1.2] };
    expect(myersonRevenue('hetero', b, 3)).toBeCloseTo(3 * myersonRevenue('hetero', a, 3)!, 12);
    expect(vickreyRevenue('hetero', b, 3)).toBeCloseTo(3 * vickreyRevenue('hetero', a, 3)!, 12);
  });
  it('heterogeneous U[0, 1] and U[0, 2] by hand: Vickrey 5/12, E[max] 13/12, Myerson 31/48', () => {
    // E[min] = ∫_0^1 (1 − x)(1 − x/2) dx = 5/12; E[max] = 1/2 + 1 − 5/12; Myerson ∫_0^1 (1 − (y+1)/2·(y+2)/4) dy + ∫_1^2 (1 − (y+2)/4) dy = 25/48 + 6/48.
    const p2 = { ...params, upper: [1, 2] };
    expect(vickreyRevenue('hetero', p2, 2)).toBeCloseTo(5 / 12, 12);
    expect(maxValueBound('hetero', p2, 2)).toBeCloseTo(13 / 12, 12);
    expect(myersonRevenue('hetero', p2, 2)).toBeCloseTo(31 / 48, 12);
  });
  it('no closed form for correlated values', () => {
    expect(myersonRevenue('latent', params, 2)).toBeNull();
    expect(vickreyRevenue('latent', params, 2)).toBeNull();
    expect(myersonOutcome('latent', params, new Float64Array(2), 1, 2)).toBeNull();
  });
});

describe('closed forms match Monte Carlo on the lab sampler within 0.003 (10^6 draws)', () => {
  for (const model of ['uniform', 'exp'] as const)
    for (const n of [2, 3]) {
      it(`${model}, n = ${n}`, () => {
        const mc = monteCarlo(model, n, 11 + n);
        expect(Math.abs(mc.vickrey - vickreyRevenue(model, params, n)!)).toBeLessThan(0.003);
        expect(Math.abs(mc.myerson - myersonRevenue(model, params, n)!)).toBeLessThan(0.003);
        expect(Math.abs(mc.max - maxValueBound(model, params, n)!)).toBeLessThan(0.003);
      });
    }
});

describe('heterogeneous closed forms match Monte Carlo on the lab sampler within 0.003 (10^6 draws)', () => {
  it('U[0, 1], U[0, 1.5], U[0, 0.6]', () => {
    const p3 = { ...params, upper: [1, 1.5, 0.6] };
    const mc = monteCarlo('hetero', 3, 29, p3);
    expect(Math.abs(mc.vickrey - vickreyRevenue('hetero', p3, 3)!)).toBeLessThan(0.003);
    expect(Math.abs(mc.myerson - myersonRevenue('hetero', p3, 3)!)).toBeLessThan(0.003);
    expect(Math.abs(mc.max - maxValueBound('hetero', p3, 3)!)).toBeLessThan(0.003);
  });
});

describe('Myerson outcome known answers (uniform: second price with reserve 1/2)', () => {
  it('bids [0.8, 0.6] → bidder 0 pays 0.6; [0.8, 0.3] → pays the reserve 0.5; [0.4, 0.3] → no sale', () => {
    const o = myersonOutcome('uniform', params, Float64Array.from([0.8, 0.6, 0.8, 0.3, 0.4, 0.3]), 3, 2)!;
    expect(Array.from(o.winner)).toEqual([0, 0, -1]);
    expect(Array.from(o.payments)).toEqual([0.6, 0, 0.5, 0, 0, 0]);
  });
  it('heterogeneous U[0,1] vs U[0,1.5]: virtual values 2v − a decide, the weak bidder can win with a lower bid', () => {
    // b = [0.7, 0.8]: φ = [0.4, 0.1] → bidder 0 wins and pays φ₀⁻¹(0.1) = (0.1 + 1)/2 = 0.55.
    const o = myersonOutcome('hetero', params, Float64Array.from([0.7, 0.8]), 1, 2)!;
    expect(o.winner[0]).toBe(0);
    expect(o.payments[0]).toBeCloseTo(0.55, 12);
  });
});

describe('value models', () => {
  it('latent: uniform marginals and positive correlation growing with ρ', () => {
    const corr = (rho: number) => {
      const v = sampleValues('latent', { ...params, correlation: rho }, createRng(3), 100_000, 2);
      let sx = 0, sy = 0, sxy = 0, sxx = 0;
      const K = 100_000;
      for (let k = 0; k < K; k++) {
        const x = v[2 * k], y = v[2 * k + 1];
        sx += x; sy += y; sxy += x * y; sxx += x * x;
      }
      return { mean: sx / K, varX: sxx / K - (sx / K) ** 2, cov: sxy / K - (sx / K) * (sy / K) };
    };
    const low = corr(0), high = corr(0.8);
    expect(low.mean).toBeCloseTo(0.5, 2);
    expect(high.varX).toBeCloseTo(1 / 12, 2);
    expect(Math.abs(low.cov)).toBeLessThan(0.002);
    expect(high.cov / (1 / 12)).toBeGreaterThan(0.6);
  });
  it('same seed, same draws', () => {
    const a = sampleValues('exp', params, createRng(9), 10, 3);
    const b = sampleValues('exp', params, createRng(9), 10, 3);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
