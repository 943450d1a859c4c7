import { createRng, type Rng } from '../math/rng';
import type { Firm } from '../valuations/abatement';

/**
 * Prior over firm types (c_i, e_i) for the permit-auction lab: independent uniform draws
 *   c_i ~ U[cMin, cMax] (abatement cost slope, currency per unit²),  e_i ~ U[eMin, eMax] (baseline emissions, units),
 * i.i.d. across firms and auctions: the independent-private-types setting of the lab (each firm knows only
 * its own costs). Bounds must satisfy 0 ≤ min ≤ max (finite); min = max gives a fixed value.
 */
export interface FirmPrior {
  cMin: number;
  cMax: number;
  eMin: number;
  eMax: number;
  /**
   * Per-firm size multipliers `[N]` (default all 1): firm i's baseline emissions are eScale_i · U[eMin, eMax], so one
   * large firm among small ones is `[3, 1, 1, 1]` (an asymmetric market). Missing entries count as 1.
   */
  eScale?: readonly number[];
}

/**
 * Check a prior's bounds; returns the first problem as a message naming the field, or null when valid.
 * Used at the environment boundary.
 */
export function firmPriorIssue(prior: FirmPrior): string | null {
  for (const k of ['cMin', 'cMax', 'eMin', 'eMax'] as const) {
    const v = prior[k];
    if (!Number.isFinite(v) || v < 0) return `prior.${k} must be a finite number ≥ 0 (got ${v})`;
  }
  if (prior.cMin > prior.cMax) return `prior.cMin (${prior.cMin}) must not exceed prior.cMax (${prior.cMax})`;
  if (prior.eMin > prior.eMax) return `prior.eMin (${prior.eMin}) must not exceed prior.eMax (${prior.eMax})`;
  for (const [i, s] of (prior.eScale ?? []).entries()) {
    if (!(Number.isFinite(s) && s > 0)) return `prior.eScale[${i}] must be a finite number > 0 (got ${s})`;
  }
  return null;
}

/**
 * Draw the types of N firms in each of K auctions into `outC`, `outE` (`[K, N]`, row-major: firm i of auction k
 * at k·N + i) and return them. Draw order is fixed (for each k, for each i: c then e), so a seed reproduces the
 * same types. Output arrays default to fresh ones; pass buffers to reuse them.
 */
export function sampleFirms(
  rng: Rng,
  K: number,
  N: number,
  prior: FirmPrior,
  outC: Float64Array = new Float64Array(K * N),
  outE: Float64Array = new Float64Array(K * N),
): { c: Float64Array; e: Float64Array } {
  const { cMin, cMax, eMin, eMax } = prior;
  const cw = cMax - cMin;
  const ew = eMax - eMin;
  const scale = prior.eScale;
  for (let j = 0; j < K * N; j++) {
    outC[j] = cMin + rng.next() * cw;
    outE[j] = (eMin + rng.next() * ew) * (scale?.[j % N] ?? 1);
  }
  return { c: outC, e: outE };
}

/**
 * N firms drawn from `prior` with a fresh generator `createRng(seed)` (the UI's "randomize (seeded)"): the same
 * seed gives the same firms, equal to `sampleFirms(createRng(seed), 1, N, prior)`.
 */
export function randomFirms(seed: number, N: number, prior: FirmPrior): Firm[] {
  const { c, e } = sampleFirms(createRng(seed), 1, N, prior);
  return Array.from({ length: N }, (_, i) => ({ c: c[i], e: e[i] }));
}
