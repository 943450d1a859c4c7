import { beforeAll, describe, expect, it } from 'vitest';
import { BatchedMlp } from '../../core/learning/mlp';
import { createRng } from '../../core/math/rng';
import { selectBackend } from '../backend';
import type { Tf } from '../tf';
import { fastTanh, mlpForward, splitLayers } from './batchedMlpTf';

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend('cpu', { hasPlainPath: false })).tf!;
});

describe('batched MLP in tfjs', () => {
  it('fastTanh = tanh to float32 rounding, with gradient 1 − tanh²', () => {
    const xs = Array.from({ length: 81 }, (_, j) => -10 + j / 4);
    const [y, g] = tf.tidy(() => {
      const x = tf.tensor1d(xs);
      return [fastTanh(tf)(x).arraySync() as number[], tf.grad((t) => tf.sum(fastTanh(tf)(t)))(x).arraySync() as number[]];
    });
    xs.forEach((x, j) => {
      expect(Math.abs(y[j] - Math.tanh(x)), `tanh(${x})`).toBeLessThan(3e-7);
      expect(Math.abs(g[j] - (1 - Math.tanh(x) ** 2)), `tanh'(${x})`).toBeLessThan(3e-7);
    });
  });

  it('splitLayers + mlpForward on BatchedMlp parameters give BatchedMlp.forward (3 networks, 5 samples, extra columns ignored)', () => {
    const [M, d, h, o, B] = [3, 2, 8, 4, 5];
    const net = new BatchedMlp(M, d, h, o).init(createRng(4), { outputGain: 1, outputBias: [0.1, -0.2, 0.3, 0.4] });
    const x = Float64Array.from({ length: M * B * d }, (_, j) => Math.sin(j));
    const want = net.forward(x, B);
    const extra = 2;
    const theta = new Float32Array(M * (net.P + extra)).fill(99);
    for (let m = 0; m < M; m++) theta.set(net.params.subarray(m * net.P, (m + 1) * net.P), m * (net.P + extra));
    const got = tf.tidy(() => {
      const { layers, extra: ex } = splitLayers(tf, tf.tensor2d(theta, [M, net.P + extra]), { M, d, h, o, extra });
      expect(ex!.shape).toEqual([M, extra]);
      return mlpForward(tf, layers, tf.tensor3d(Float32Array.from(x), [M, B, d])).dataSync();
    });
    expect(got).toHaveLength(M * B * o);
    for (let j = 0; j < M * B * o; j++) expect(Math.abs(got[j] - want[j])).toBeLessThan(1e-5);
  });
});
