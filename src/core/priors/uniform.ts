import type { Rng } from '../math/rng';

/**
 * Independent uniform values: bidder i draws v_i ~ U[0, a_i] (i.i.d. U[0,1] when every a_i = 1).
 * Fills `out` (`[batch, bidders]`, row-major) and returns it.
 */
export function sampleUniformValues(
  rng: Rng,
  batch: number,
  upper: readonly number[],
  out = new Float64Array(batch * upper.length),
): Float64Array {
  const n = upper.length;
  for (let k = 0; k < batch; k++) {
    for (let i = 0; i < n; i++) out[k * n + i] = rng.next() * upper[i];
  }
  return out;
}
