import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend';
import type { Tf } from '../tf';
import { Surrogate } from './surrogate';

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend('cpu', { hasPlainPath: false })).tf!;
});

const grid = (k: number) => Array.from({ length: k }, (_, i) => 0.5 + (0.5 * i) / (k - 1));

describe('surrogate R̂(w) and gradient ascent on its input', async () => {
  it('fits the prize-split line w/2 (n = 3) within 0.01 and ascends to w* = 1', async () => {
    const samples = grid(8).map((w) => ({ w, revenue: w / 2, sd: 0.005 }));
    const s = await Surrogate.fit(tf, samples, { seed: 1 });
    try {
      const fit = await s.predict(grid(21));
      grid(21).forEach((w, i) => expect(Math.abs(fit[i] - w / 2)).toBeLessThan(0.01));
      const a = await s.ascend();
      expect(a.w).toBeGreaterThan(0.99);
      expect(Math.abs(a.revenue - 0.5)).toBeLessThan(0.01);
      expect(a.start).toBe(0.75);
      expect(a.path.length).toBeGreaterThan(2);
      for (let i = 1; i < a.path.length; i++) expect(a.path[i].revenue).toBeGreaterThanOrEqual(a.path[i - 1].revenue - 1e-6);
    } finally {
      s.dispose();
    }
  });

  it('finds an interior maximum: R = 0.4 − (w − 0.8)² → w* ≈ 0.8', async () => {
    const samples = grid(11).map((w) => ({ w, revenue: 0.4 - (w - 0.8) ** 2, sd: 0 }));
    const s = await Surrogate.fit(tf, samples, { seed: 2, l2: 1e-4, epochs: 1000 });
    try {
      const a = await s.ascend();
      expect(Math.abs(a.w - 0.8)).toBeLessThan(0.03);
      expect(Math.abs(a.revenue - 0.4)).toBeLessThan(0.005);
      const { grad } = await s.valueAndGrad(0.6);
      expect(grad).toBeGreaterThan(0.2); // true slope 0.4
    } finally {
      s.dispose();
    }
  });

  it('flat data (payment split) gives a flat fit', async () => {
    const samples = grid(10).map((w, i) => ({ w, revenue: 0.5 + (i % 2 ? 0.0004 : -0.0004), sd: 0.001 }));
    const s = await Surrogate.fit(tf, samples, { seed: 3 });
    try {
      const fit = await s.predict(grid(21));
      expect(Math.max(...fit) - Math.min(...fit)).toBeLessThan(0.003);
    } finally {
      s.dispose();
    }
  });

  it('is reproducible per seed and leaks no tensors (fit, predict, ascend, dispose)', async () => {
    const samples = grid(6).map((w) => ({ w, revenue: w * w, sd: 0 }));
    const before = tf.memory().numTensors;
    const a = await Surrogate.fit(tf, samples, { seed: 5, epochs: 100 });
    const held = tf.memory().numTensors;
    const fa = await a.predict([0.5, 0.7, 1]);
    await a.ascend(10);
    await a.valueAndGrad(0.6);
    expect(tf.memory().numTensors).toBe(held);
    a.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const b = await Surrogate.fit(tf, samples, { seed: 5, epochs: 100 });
    expect(await b.predict([0.5, 0.7, 1])).toEqual(fa);
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an empty sample set', async () => {
    await expect(Surrogate.fit(tf, [])).rejects.toThrow(/at least one sample/);
  });
});
