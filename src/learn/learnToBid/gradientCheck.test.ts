import type { Tensor } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearGradientPlay } from '../../core/labs/learnToBid/linearGradientPlay';
import { NeuralGradientPlay } from '../../core/labs/learnToBid/neuralGradientPlay';
import { mlpKernelsSync } from '../../core/learning/kernels/mlpKernels';
import { createRng } from '../../core/math/rng';
import { singleItemMechanismIds, singleItemMechanisms } from '../../core/mechanisms/registry';
import type { SingleItemMechanismId } from '../../core/mechanisms/singleItem';
import { sampleUniformValues } from '../../core/priors/uniform';
import { selectBackend } from '../backend';
import type { Tf } from '../tf';
import { competingMax, relaxedUtility, stopGradient } from './relaxedUtility';
import { TfBidLearner } from './tfBidLearner';

/**
 * The closed-form gradient of `LinearGradientPlay` (float64, core) against tfjs autograd (float32) on the
 * same loss. Values are rounded to float32 first so both sides see identical inputs; slopes w are exact in
 * float32. The remaining gap is float32 rounding in tfjs, far below the 1e-4 relative tolerance.
 */

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend('cpu', { hasPlainPath: false })).tf!;
});

const BATCH = 1024;

/** A seeded `[batch, n]` values batch with float32-exact entries. */
function valuesBatch(n: number, seed: number, batch = BATCH): Float64Array {
  const v = sampleUniformValues(createRng(seed), batch, Array(n).fill(1));
  for (let j = 0; j < v.length; j++) v[j] = Math.fround(v[j]);
  return v;
}

/** `[batch, n]` row-major → `[n, batch]` tensor, as the tfjs learners lay values out. */
function toTensor(values: Float64Array, n: number, batch: number): Tensor {
  const t = new Float32Array(n * batch);
  for (let k = 0; k < batch; k++) for (let i = 0; i < n; i++) t[i * batch + k] = values[k * n + i]!;
  return tf.tensor2d(t, [n, batch]);
}

/** ∂U_i/∂w_i from the plain learner: its last step's gradient (before the update and the projection w ≥ 0). */
function closedFormGradient(mech: SingleItemMechanismId, w: number[], values: Float64Array, beta: number): { grad: number[]; utility: number[] } {
  const n = w.length;
  const learner = new LinearGradientPlay(n, singleItemMechanisms[mech].relaxation, 0, 'sgd', 1);
  learner.w.set(w);
  const utility = Array.from(learner.step(values, values.length / n, beta, true, 1));
  return { grad: Array.from(learner.grad), utility };
}

/** ∂U_i/∂w_i by tfjs autograd on U = Σ_i mean_k relaxedUtility(v, w·v, competingMax(w·v)). */
async function autogradGradient(mech: SingleItemMechanismId, w: number[], values: Float64Array, beta: number): Promise<{ grad: number[]; utility: number[] }> {
  const n = w.length;
  const batch = values.length / n;
  const v = toTensor(values, n, batch);
  const perBidder = (wt: Tensor) => {
    const b = tf.mul(tf.expandDims(wt, 1), v);
    return tf.mean(relaxedUtility(tf, mech, v, b, competingMax(tf, b), beta), 1);
  };
  const { value, grads } = tf.tidy(() => {
    const g = tf.valueAndGrad((wt: Tensor) => tf.sum(perBidder(wt)));
    const wt = tf.tensor1d(w);
    return { value: perBidder(wt), grads: g(wt).grad };
  });
  const out = { grad: Array.from(await grads.data()), utility: Array.from(await value.data()) };
  tf.dispose([v, value, grads]);
  return out;
}

/** |a − b| ≤ rel·max(|a|, scale) elementwise, with a per-case scale so gradients near zero are not compared to float noise alone. */
function expectClose(actual: number[], expected: number[], rel: number, scale: number, what: string): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i];
    const tol = rel * Math.max(Math.abs(e), scale);
    expect(Math.abs(a - e), `${what}[${i}]: ${a} vs ${e} (tol ${tol})`).toBeLessThanOrEqual(tol);
  });
}

const slopeSets: Record<number, number[][]> = {
  2: [[0.5, 0.5], [0.9, 0.25], [0.3125, 0.75], [1.25, 0.625]],
  4: [[0.75, 0.75, 0.75, 0.75], [0.9, 0.5, 0.625, 0.375], [0.25, 1, 0.875, 0.6875]],
};
const betas = [5, 50, 400];

describe('LinearGradientPlay closed-form gradient equals tfjs autograd', () => {
  for (const mech of singleItemMechanismIds) {
    for (const n of [2, 4]) {
      it(`${mech}, N = ${n}`, async () => {
        const values = valuesBatch(n, 100 + n);
        let cases = 0;
        for (const w of slopeSets[n]) {
          for (const beta of betas) {
            const ts = closedFormGradient(mech, w, values, beta);
            const ad = await autogradGradient(mech, w, values, beta);
            // Scale: a gradient of size ~1e-3 of the typical |∂u/∂w| still must match to 1e-4 of that size.
            const scale = 1e-2;
            expectClose(ad.grad, ts.grad, 1e-4, scale, `${mech} N=${n} w=${w} β=${beta} grad`);
            expectClose(ad.utility, ts.utility, 1e-4, scale, `${mech} N=${n} w=${w} β=${beta} utility`);
            // Not vacuous: at least one gradient component is clearly non-zero.
            expect(Math.max(...ts.grad.map(Math.abs))).toBeGreaterThan(1e-3);
            cases++;
          }
        }
        expect(cases).toBe(slopeSets[n].length * betas.length);
      });
    }
  }

  it('TfBidLearner (linear, SGD, lr = 1) moves its slopes by the closed-form gradient after one step', async () => {
    for (const mech of singleItemMechanismIds) {
      for (const n of [2, 4]) {
        const values = valuesBatch(n, 7 + n, 512);
        const initW = 0.625;
        for (const beta of [20, 200]) {
          const learner = new TfBidLearner(tf, { mechanism: mech, bidders: n, upper: Array(n).fill(1), policy: 'linear', initW, hidden: 4, optimizer: 'sgd', lr: 1, seed: 1 });
          try {
            const su = await learner.step(values, 512, beta, true, 1);
            const after = (await learner.slopes())!;
            const ts = closedFormGradient(mech, Array(n).fill(initW), values, beta);
            // w_new − w in float32 loses ~6e-8 absolute on w ≈ 1, hence the absolute floor.
            // SGD with lr = 1 moves w by the gradient, then projects onto w ≥ 0.
            const projected = ts.grad.map((g) => Math.max(0, initW + g) - initW);
            expectClose(after.map((x) => x - initW), projected, 1e-4, 1e-2, `${mech} N=${n} β=${beta} Δw`);
            expectClose(Array.from(su!), ts.utility, 1e-4, 1e-2, `${mech} N=${n} β=${beta} smoothed utility`);
          } finally {
            learner.dispose();
          }
        }
      }
    }
  });
});

describe('relaxedUtility and competingMax', () => {
  it('relaxedUtility equals the core Relaxation.utility on random inputs', async () => {
    const rng = createRng(42);
    const size = 2000;
    const v = Float32Array.from({ length: size }, () => rng.next() * 2);
    const b = Float32Array.from({ length: size }, () => rng.next() * 2);
    const m = Float32Array.from({ length: size }, () => rng.next() * 2);
    for (const mech of singleItemMechanismIds) {
      for (const beta of [1, 30, 500]) {
        const out = tf.tidy(() => relaxedUtility(tf, mech, tf.tensor2d(v, [4, size / 4]), tf.tensor2d(b, [4, size / 4]), tf.tensor2d(m, [4, size / 4]), beta));
        expect(out.shape).toEqual([4, size / 4]);
        const got = await out.data();
        out.dispose();
        const { utility } = singleItemMechanisms[mech].relaxation;
        for (let j = 0; j < size; j++) {
          const s = 1 / (1 + Math.exp(-beta * (b[j] - m[j])));
          const want = utility(v[j], b[j], m[j], s);
          expect(Math.abs(got[j] - want), `${mech} β=${beta} at ${j}: ${got[j]} vs ${want}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
        }
      }
    }
  });

  it('d relaxedUtility / d b (others detached) equals the core dUtilityDBid elementwise', async () => {
    const n = 3;
    const batch = 200;
    const values = valuesBatch(n, 5, batch);
    const rng = createRng(6);
    const bids = values.map((x) => Math.fround(x * (0.3 + 0.7 * rng.next())));
    const beta = 25;
    for (const mech of singleItemMechanismIds) {
      const v = toTensor(values, n, batch);
      const b0 = toTensor(bids, n, batch);
      const [g, mT] = tf.tidy(() => [
        tf.grad((b: Tensor) => tf.sum(relaxedUtility(tf, mech, v, b, competingMax(tf, b), beta)))(b0),
        competingMax(tf, b0),
      ]);
      const grad = await g.data();
      const mm = await mT.data();
      tf.dispose([v, b0, g, mT]);
      const { dUtilityDBid } = singleItemMechanisms[mech].relaxation;
      for (let k = 0; k < batch; k++) {
        for (let i = 0; i < n; i++) {
          const vv = values[k * n + i];
          const bb = bids[k * n + i];
          const m = mm[i * batch + k];
          const s = 1 / (1 + Math.exp(-beta * (bb - m)));
          const want = dUtilityDBid(vv, bb, m, s, beta);
          expect(Math.abs(grad[i * batch + k] - want), `${mech} k=${k} i=${i}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(want)));
        }
      }
    }
  });

  it('competingMax is the best bid among the others (hand loop), for N = 2 … 5', async () => {
    const rng = createRng(9);
    for (const n of [2, 3, 5]) {
      const batch = 64;
      const bids = Float32Array.from({ length: n * batch }, () => rng.next() * 3 - 0.5);
      const t = tf.tensor2d(bids, [n, batch]);
      const out = competingMax(tf, t);
      expect(out.shape).toEqual([n, batch]);
      const got = await out.data();
      tf.dispose([t, out]);
      for (let k = 0; k < batch; k++) {
        for (let i = 0; i < n; i++) {
          let want = -Infinity;
          for (let j = 0; j < n; j++) if (j !== i) want = Math.max(want, bids[j * batch + k]);
          expect(got[i * batch + k]).toBe(want);
        }
      }
    }
  });

  it('competingMax and stopGradient pass zero gradient', async () => {
    const b0 = tf.tensor2d([0.1, 0.7, 0.4, 0.9, 0.2, 0.5], [3, 2]);
    const [g1, g2, id] = tf.tidy(() => [
      tf.grad((b: Tensor) => tf.sum(tf.mul(competingMax(tf, b), tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]))))(b0),
      tf.grad((b: Tensor) => tf.sum(tf.square(stopGradient(tf, b))))(b0),
      stopGradient(tf, b0),
    ]);
    expect(Array.from(await g1.data())).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(await g2.data())).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await id.data()).toEqual(await b0.data());
    tf.dispose([b0, g1, g2, id]);
  });
});

describe('rival pairings (TfLearnerOptions.pairings)', () => {
  it('the smoothed utility a step reports is the mean over R pairings of each draw with the rival bids of draw k + ⌊B/R⌋·r', async () => {
    const n = 3;
    const batch = 64;
    const r = 4;
    const beta = 40;
    const values = valuesBatch(n, 11, batch);
    const learner = new TfBidLearner(tf, { mechanism: 'first-price', bidders: n, upper: [1], policy: 'linear', initW: 0.75, hidden: 4, optimizer: 'sgd', lr: 0, seed: 1, pairings: r });
    try {
      const reported = await learner.step(values, batch, beta, true, 0);
      const { utility } = singleItemMechanisms['first-price'].relaxation;
      const bid = (k: number, i: number) => Math.fround(0.75 * values[k * n + i]);
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let p = 0; p < r; p++) {
          const shift = Math.floor((batch * p) / r);
          for (let k = 0; k < batch; k++) {
            const other = (k + shift) % batch;
            let m = -Infinity;
            for (let j = 0; j < n; j++) if (j !== i) m = Math.max(m, bid(other, j));
            const b = bid(k, i);
            sum += utility(values[k * n + i], b, m, 1 / (1 + Math.exp(-beta * (b - m))));
          }
        }
        expect(reported![i]).toBeCloseTo(sum / (r * batch), 5);
      }
    } finally {
      learner.dispose();
    }
  });
});

/**
 * `NeuralGradientPlay` (closed-form gradient backpropagated through `BatchedMlp`, plain TypeScript float64 and
 * SIMD float32) against the tfjs neural policy (autograd, float32): the same initial weights give the same bids
 * and smoothed utilities, and one SGD step with rival pairings moves the bids alike.
 */
describe('neural gradient play: closed form vs tfjs autograd', () => {
  const hidden = 8;
  const lr = 0.5;
  const beta = 12;
  for (const mech of singleItemMechanismIds) {
    for (const kernels of [null, mlpKernelsSync()] as const) {
      it(`${mech}, N = 3, 4 pairings, ${kernels ? 'SIMD float32' : 'TypeScript float64'}: initial bids, utilities and the bids after one step`, async () => {
        const n = 3;
        const batch = 256;
        const values = valuesBatch(n, 21, batch);
        const common = { bidders: n, upper: [1, 1, 1], hidden, initW: 0.7, optimizer: 'sgd' as const, lr, seed: 5, pairings: 4 };
        const closed = new NeuralGradientPlay({ ...common, mechanism: mech, relaxation: singleItemMechanisms[mech].relaxation, kernels });
        const auto = new TfBidLearner(tf, { ...common, mechanism: mech, policy: 'mlp' });
        try {
          const b0 = closed.bid(values, batch);
          const t0 = await auto.bid(values, batch);
          for (let j = 0; j < b0.length; j++) expect(Math.abs(b0[j] - t0[j])).toBeLessThan(1e-5);
          const u = closed.step(values, batch, beta, true, lr)!;
          const ut = (await auto.step(values, batch, beta, true, lr))!;
          for (let i = 0; i < n; i++) expect(Math.abs(u[i] - ut[i])).toBeLessThan(1e-5);
          const b1 = closed.bid(values, batch);
          const t1 = await auto.bid(values, batch);
          let moved = 0;
          for (let j = 0; j < b1.length; j++) {
            expect(Math.abs(b1[j] - t1[j])).toBeLessThan(1e-4);
            moved = Math.max(moved, Math.abs(b1[j] - b0[j]));
          }
          // The step is large enough to be seen against the tolerance.
          expect(moved).toBeGreaterThan(1e-3);
        } finally {
          auto.dispose();
        }
      });
    }
  }
});
