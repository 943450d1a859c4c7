import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/rng';
import { BatchedMlp } from '../mlp';
import { adam } from '../optimizers';
import { decodeBase64, loadMlpKernels, mlpKernelsSync } from './mlpKernels';

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
    [2, 2, 64, 4, 11],
    [1, 3, 19, 3, 7],
  ] as const) {
    it(`gives the TypeScript path's results bit for bit and agrees with finite differences (M ${M}, d ${d}, h ${h}, o ${o}, B ${B})`, async () => {
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
      expect(Array.from(ys)).toEqual(Array.from(yp.subarray(0, M * B * o)));
      expect(Array.from(simd.a1.subarray(0, M * B * h))).toEqual(Array.from(plain.a1.subarray(0, M * B * h)));
      simd.zeroGrad();
      plain.zeroGrad();
      simd.backward(c);
      plain.backward(c);
      expect(Array.from(simd.grad)).toEqual(Array.from(plain.grad));
      // A second backward accumulates, as in the TypeScript path.
      simd.backward(c);
      plain.backward(c);
      expect(Array.from(simd.grad)).toEqual(Array.from(plain.grad));
      simd.zeroGrad();
      simd.backward(c);
      const analytic = Float64Array.from(simd.grad);
      const eps = 1e-5;
      let worst = 0;
      // Every parameter of the small networks, a spread of ~300 of the large ones (keeps the test fast).
      const stride = Math.max(1, Math.floor(simd.params.length / 300));
      for (let j = 0; j < simd.params.length; j += stride) {
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

  // The float32 kernels: within float32 rounding of the float64 path, and their gradients agree with central
  // finite differences of the float64 (TypeScript) network.
  for (const [M, d, h, o, B] of [
    [3, 2, 5, 4, 6],
    [2, 3, 8, 1, 9],
    [4, 7, 64, 2, 5],
    [2, 2, 64, 4, 11],
    [1, 3, 19, 3, 7],
    [2, 3, 64, 2, 512],
  ] as const) {
    it(`float32 kernels agree with the TypeScript path to float32 rounding and with finite differences (M ${M}, d ${d}, h ${h}, o ${o}, B ${B})`, async () => {
      const kernels = await loadMlpKernels();
      const f32 = new BatchedMlp(M, d, h, o, kernels, { precision: 'f32' }).init(createRng(5), { outputGain: 0.7 });
      const plain = new BatchedMlp(M, d, h, o).init(createRng(5), { outputGain: 0.7 });
      expect(f32.precision).toBe('f32');
      expect(plain.precision).toBe('f64');
      const rng = createRng(9);
      const x = new Float64Array(M * B * d).map(() => 2 * rng.next() - 1);
      const c = new Float64Array(M * B * o).map(() => rng.normal());
      const yf = Float64Array.from(f32.forward(x, B).subarray(0, M * B * o));
      const yp = plain.forward(x, B);
      let worstY = 0;
      for (let j = 0; j < M * B * o; j++) worstY = Math.max(worstY, Math.abs(yf[j] - yp[j]));
      // Sums of at most h + 1 float32 products of magnitude at most 1: a few units of 2^-24 h.
      expect(worstY).toBeLessThan(1e-5);
      expect(worstY).toBeGreaterThan(0);
      const a1 = f32.a1;
      for (let j = 0; j < M * B * h; j++) expect(Math.abs(a1[j] - plain.a1[j])).toBeLessThan(1e-5);
      f32.zeroGrad();
      plain.zeroGrad();
      f32.backward(c);
      plain.backward(c);
      const gf = Float64Array.from(f32.grad);
      let scale = 0;
      for (const v of plain.grad) scale = Math.max(scale, Math.abs(v));
      let worstG = 0;
      for (let j = 0; j < gf.length; j++) worstG = Math.max(worstG, Math.abs(gf[j] - plain.grad[j]));
      expect(worstG / scale).toBeLessThan(1e-4);
      // A second backward accumulates.
      f32.backward(c);
      for (let j = 0; j < gf.length; j += 7) expect(f32.grad[j]).toBeCloseTo(2 * gf[j], 5);
      const eps = 1e-5;
      let worst = 0;
      const stride = Math.max(1, Math.floor(plain.params.length / 300));
      for (let j = 0; j < plain.params.length; j += stride) {
        const keep = plain.params[j];
        plain.params[j] = keep + eps;
        const up = loss(plain, x, B, c);
        plain.params[j] = keep - eps;
        const down = loss(plain, x, B, c);
        plain.params[j] = keep;
        const numeric = (up - down) / (2 * eps);
        worst = Math.max(worst, Math.abs(numeric - gf[j]) / Math.max(1e-3 * scale, Math.abs(numeric) + Math.abs(gf[j])));
      }
      expect(worst).toBeLessThan(1e-4);
    });
  }

  it('float32 tanh is within 3e-7 of Math.tanh, saturating without NaN', () => {
    const k = mlpKernelsSync()!.instantiate();
    const rng = createRng(3);
    const xs: number[] = [0, -0, 1, -1, 40, -40, 100, -100, 1e30, -1e30, 1e-30];
    for (const scale of [1e-6, 0.1, 1, 5, 20]) for (let j = 0; j < 2001; j++) xs.push(scale * (2 * rng.next() - 1));
    const n = xs.length;
    k.memory.grow(Math.ceil((8 * n) / 65536) + 1);
    const x = new Float32Array(k.memory.buffer, 65536, n);
    x.set(xs);
    const y = new Float32Array(k.memory.buffer, 65536 + 4 * n, n);
    k.tanhInto32Export(n, x.byteOffset, y.byteOffset);
    for (let j = 0; j < n; j++) expect(Math.abs(y[j] - Math.tanh(x[j])), `tanh(${x[j]})`).toBeLessThan(3e-7);
  });

  it('exp and tanh are the host engine\'s bit for bit (fdlibm, as V8\'s Math.exp), edge cases included', () => {
    const k = mlpKernelsSync()!.instantiate();
    const rng = createRng(3);
    const xs: number[] = [0, -0, 1, -1, 0.5, -0.5, Infinity, -Infinity, NaN, 709.7, -745.1, 710, -746, 2 ** -28, -(2 ** -28), 2 ** -29, 0.34657359, 1.0397, 350, -350];
    for (const scale of [1e-9, 1e-3, 0.5, 1.2, 4, 40, 400, 800]) for (let j = 0; j < 2000; j++) xs.push(scale * (2 * rng.next() - 1));
    for (const x of xs) expect(Object.is(k.expScalar(x), Math.exp(x)), `exp(${x})`).toBe(true);
    const n = xs.length;
    k.memory.grow(Math.ceil((16 * n) / 65536) + 1);
    const x = new Float64Array(k.memory.buffer, 65536, n);
    x.set(xs.map((v) => v / 2));
    const y = new Float64Array(k.memory.buffer, 65536 + 8 * n, n);
    k.tanhInto(n, x.byteOffset, y.byteOffset);
    for (let j = 0; j < n; j++) expect(Object.is(y[j], 1 - 2 / (Math.exp(2 * x[j]) + 1)), `tanh(${x[j]})`).toBe(true);
  });

  it('fused Adam steps give the TypeScript Adam\'s parameters bit for bit', () => {
    const simd = new BatchedMlp(3, 2, 9, 2, mlpKernelsSync()).init(createRng(2));
    const plain = new BatchedMlp(3, 2, 9, 2).init(createRng(2));
    const fused = simd.adam(3e-3);
    const ts = adam(3e-3, plain.params.length);
    const rng = createRng(4);
    for (let step = 0; step < 5; step++) {
      const g = Float64Array.from(simd.grad, () => rng.normal());
      simd.grad.set(g);
      plain.grad.set(g);
      fused.ascend(simd.params, simd.grad);
      ts.ascend(plain.params, plain.grad);
      expect(Array.from(simd.params)).toEqual(Array.from(plain.params));
    }
    expect(() => fused.ascend(plain.params, plain.grad)).toThrow(/params and grad/);
  });

  it('keeps parameters when a larger batch grows the memory', async () => {
    const net = new BatchedMlp(4, 3, 64, 2, await loadMlpKernels()).init(createRng(1));
    const before = Array.from(net.params);
    const B = 4096;
    net.forward(new Float64Array(4 * B * 3).fill(0.5), B);
    expect(Array.from(net.params)).toEqual(before);
    expect(net.out.length).toBeGreaterThanOrEqual(4 * B * 2);
  });
});
