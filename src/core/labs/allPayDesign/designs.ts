import { createRng } from '../../math/rng';

/** The design interval of the rule (w, 1 − w, 0, …): w ∈ [W_MIN, W_MAX] (Gemp et al. 2022, Fig. 4). */
export const W_MIN = 0.5;
export const W_MAX = 1;

/**
 * `count` designs w in [1/2, 1], sorted: the two endpoints (so the fitted surrogate is anchored where the
 * optimum of a monotone R(w) lies) and `count − 2` draws from U[1/2, 1] (designs are sampled
 * uniformly), seeded. Values are rounded to 4 decimals so they print, link and compare exactly.
 */
export function sampleDesigns(count: number, seed: number): number[] {
  const k = Math.max(2, Math.floor(count));
  const rng = createRng(hashSeed(seed, 0x5eed));
  const out = [W_MIN, W_MAX];
  for (let i = 2; i < k; i++) out.push(round4(W_MIN + (W_MAX - W_MIN) * rng.next()));
  return out.sort((a, b) => a - b);
}

/**
 * Seed of round `round` of design `w` under run seed `seed`: a hash of the three, so every (design, round) has
 * its own stream wherever it runs (one design per worker, all in one process, any order), and the same seed
 * reproduces the same samples.
 */
export function roundSeed(seed: number, w: number, round: number): number {
  return hashSeed(hashSeed(seed, Math.round(w * 1e6)), round + 1);
}

/** Mix two integers into a 31-bit seed (murmur3 finalizer). */
export function hashSeed(a: number, b: number): number {
  let h = (Math.imul(a | 0, 0x9e3779b1) ^ (b | 0)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) & 0x7fffffff;
}

/** Sample mean and (n − 1)-denominator standard deviation of `xs` (sd 0 for a single value). */
export function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const n = xs.length;
  if (n === 0) return { mean: NaN, sd: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, sd: 0 };
  const ss = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
