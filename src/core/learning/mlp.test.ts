import { describe, expect, it } from 'vitest';
import { BatchedMlp, paramCount } from './mlp';
import { createRng } from '../math/rng';

/** L = Σ c ⊙ y for fixed random c: ∂L/∂y = c. */
function loss(net: BatchedMlp, x: Float64Array, B: number, c: Float64Array): number {
  const y = net.forward(x, B);
  let s = 0;
  for (let j = 0; j < c.length; j++) s += c[j] * y[j];
  return s;
}

describe('BatchedMlp', () => {
  it('counts parameters', () => {
    expect(paramCount(2, 3, 4)).toBe(6 + 3 + 9 + 3 + 12 + 4);
    expect(new BatchedMlp(3, 2, 3, 4).params.length).toBe(3 * 37);
    expect(() => new BatchedMlp(0, 2, 3, 4)).toThrow(/M/);
  });

  it('backward matches central finite differences (relative error < 1e-6)', () => {
    const rng = createRng(7);
    const [M, d, h, o, B] = [3, 2, 5, 4, 6];
    const net = new BatchedMlp(M, d, h, o).init(rng, { outputGain: 0.7, outputBias: [0.1, -0.2, 0.3, 0.4] });
    const x = new Float64Array(M * B * d).map(() => 2 * rng.next() - 1);
    const c = new Float64Array(M * B * o).map(() => rng.normal());
    net.zeroGrad();
    loss(net, x, B, c);
    net.backward(c);
    const analytic = Float64Array.from(net.grad);
    const eps = 1e-5;
    let worst = 0;
    for (let j = 0; j < net.params.length; j++) {
      const keep = net.params[j];
      net.params[j] = keep + eps;
      const up = loss(net, x, B, c);
      net.params[j] = keep - eps;
      const down = loss(net, x, B, c);
      net.params[j] = keep;
      const numeric = (up - down) / (2 * eps);
      const rel = Math.abs(numeric - analytic[j]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic[j]));
      worst = Math.max(worst, rel);
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('backward accumulates (two calls give twice the gradient)', () => {
    const rng = createRng(3);
    const net = new BatchedMlp(2, 2, 4, 1).init(rng);
    const x = new Float64Array(2 * 3 * 2).map(() => rng.next());
    const g = new Float64Array(2 * 3).fill(1);
    net.zeroGrad();
    net.forward(x, 3);
    net.backward(g);
    const once = Float64Array.from(net.grad);
    net.backward(g);
    for (let j = 0; j < once.length; j++) expect(net.grad[j]).toBeCloseTo(2 * once[j], 12);
  });

  it('the M networks are independent: changing one network or its inputs leaves the others untouched', () => {
    const rng = createRng(11);
    const [M, d, h, o, B] = [4, 2, 6, 3, 5];
    const net = new BatchedMlp(M, d, h, o).init(rng);
    const x = new Float64Array(M * B * d).map(() => rng.next());
    const y0 = Float64Array.from(net.forward(x, B));
    const dOut = new Float64Array(M * B * o).map(() => rng.normal());
    net.zeroGrad();
    net.backward(dOut);
    const g0 = Float64Array.from(net.grad);
    // Perturb network 2's parameters and inputs and its output gradient.
    for (let j = 2 * net.P; j < 3 * net.P; j++) net.params[j] = net.params[j] + 0.5;
    for (let j = 2 * B * d; j < 3 * B * d; j++) x[j] = x[j] + 1;
    for (let j = 2 * B * o; j < 3 * B * o; j++) dOut[j] = 0;
    const y1 = net.forward(x, B);
    net.zeroGrad();
    net.backward(dOut);
    for (let m = 0; m < M; m++) {
      const same = m !== 2;
      for (let j = m * B * o; j < (m + 1) * B * o; j++) expect(y1[j] === y0[j]).toBe(same);
      for (let j = m * net.P; j < (m + 1) * net.P; j++) if (same) expect(net.grad[j]).toBe(g0[j]);
      if (!same) for (let j = m * net.P; j < (m + 1) * net.P; j++) expect(net.grad[j]).toBe(0);
    }
  });

  it('init is seeded, documented and sets the output bias', () => {
    const a = new BatchedMlp(2, 2, 3, 2).init(createRng(1), { outputGain: 0, outputBias: [1, 2] });
    const b = new BatchedMlp(2, 2, 3, 2).init(createRng(1), { outputGain: 0, outputBias: [1, 2] });
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
    const y = a.forward(new Float64Array(2 * 4 * 2).fill(0.3), 4);
    for (let j = 0; j < y.length; j += 2) {
      expect(y[j]).toBe(1);
      expect(y[j + 1]).toBe(2);
    }
    for (let j = 0; j < 6; j++) expect(Math.abs(a.params[j])).toBeLessThanOrEqual(1 / Math.sqrt(2));
  });
});
