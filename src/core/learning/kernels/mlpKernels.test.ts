import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/rng';
import { BatchedMlp } from '../mlp';
import { decodeBase64, loadMlpKernels } from './mlpKernels';

/** L = Σ c ⊙ y for fixed c: ∂L/∂y = c. */
function loss(net: BatchedMlp, x: Float64Array, B: number, c: Float64Array): number {
  const y = net.forward(x, B);
  let s = 0;
  for (let j = 0; j < c.length; j++) s += c[j] * y[j];
  return s;
}

describe('WebAssembly SIMD dense kernels', () => {
  it('the committed module is what the AssemblyScript sources compile to', () => {
    expect(() => execFileSync('node', ['scripts/build-kernels.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('decodes base64', () => {
    expect(Array.from(decodeBase64('AGFzbQ=='))).toEqual([0, 97, 115, 109]);
  });

  // Odd and even widths exercise the SIMD pairs, the scalar tail and the four-row blocks.
  for (const [M, d, h, o, B] of [
    [3, 2, 5, 4, 6],
    [2, 3, 8, 1, 9],
    [4, 7, 64, 2, 5],
  ] as const) {
    it(`agrees with the TypeScript path and with finite differences (M ${M}, d ${d}, h ${h}, o ${o}, B ${B})`, async () => {
      const kernels = await loadMlpKernels();
      expect(kernels).not.toBeNull();
      const simd = new BatchedMlp(M, d, h, o, kernels).init(createRng(5), { outputGain: 0.7 });
      const plain = new BatchedMlp(M, d, h, o).init(createRng(5), { outputGain: 0.7 });
      expect(simd.usesKernels).toBe(true);
      expect(Array.from(simd.params)).toEqual(Array.from(plain.params));
      const rng = createRng(9);
      const x = new Float64Array(M * B * d).map(() => 2 * rng.next() - 1);
      const c = new Float64Array(M * B * o).map(() => rng.normal());
      const ys = Float64Array.from(simd.forward(x, B).subarray(0, M * B * o));
      const yp = plain.forward(x, B);
      for (let j = 0; j < ys.length; j++) expect(ys[j]).toBeCloseTo(yp[j], 12);
      simd.zeroGrad();
      plain.zeroGrad();
      simd.backward(c);
      plain.backward(c);
      for (let j = 0; j < simd.grad.length; j++) expect(simd.grad[j]).toBeCloseTo(plain.grad[j], 12);
      const analytic = Float64Array.from(simd.grad);
      const eps = 1e-5;
      let worst = 0;
      for (let j = 0; j < simd.params.length; j++) {
        const keep = simd.params[j];
        simd.params[j] = keep + eps;
        const up = loss(simd, x, B, c);
        simd.params[j] = keep - eps;
        const down = loss(simd, x, B, c);
        simd.params[j] = keep;
        const numeric = (up - down) / (2 * eps);
        worst = Math.max(worst, Math.abs(numeric - analytic[j]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic[j])));
      }
      expect(worst).toBeLessThan(1e-6);
    });
  }

  it('keeps parameters when a larger batch grows the memory', async () => {
    const net = new BatchedMlp(4, 3, 64, 2, await loadMlpKernels()).init(createRng(1));
    const before = Array.from(net.params);
    const B = 4096;
    net.forward(new Float64Array(4 * B * 3).fill(0.5), B);
    expect(Array.from(net.params)).toEqual(before);
    expect(net.out.length).toBeGreaterThanOrEqual(4 * B * 2);
  });
});
