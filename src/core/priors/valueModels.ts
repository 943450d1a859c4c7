import type { Rng } from '../math/rng';

/**
 * Valuation models of the optimal-auction lab (bidders' values for one item), each with a batched sampler.
 * Layout: values `[batch, bidders]` row-major, value units.
 *
 * - `uniform`: i.i.d. U[0, 1].
 * - `exp`: i.i.d. exponential with rate λ (mean 1/λ).
 * - `latent`: correlated values with U[0, 1] marginals from a Gaussian copula with one latent factor:
 *   v_i = Φ(√ρ·Z + √(1 − ρ)·E_i), Z, E_i ~ N(0, 1) independent; ρ ∈ [0, 1) is the correlation of the latent
 *   normals (ρ = 0: i.i.d. uniform; ρ → 1: identical values). A common factor plus idiosyncratic noise, as in the
 *   source sandbox, with the marginals kept uniform so baselines stay comparable.
 * - `hetero`: independent, each bidder its own distribution: v_i ~ U[0, a_i].
 */
export type ValueModelId = 'uniform' | 'exp' | 'latent' | 'hetero';

export interface ValueModelParams {
  /** Rate λ of `exp` (> 0). */
  rate: number;
  /** Latent correlation ρ of `latent`, in [0, 1). */
  correlation: number;
  /** Upper bounds a_i of `hetero`, one per bidder. */
  upper: readonly number[];
}

/** Standard normal CDF Φ (Abramowitz & Stegun 7.1.26 via erf, |error| < 1.5e−7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Fill `out` (`[batch, n]`) with values drawn from the model. */
export function sampleValues(
  model: ValueModelId,
  params: ValueModelParams,
  rng: Rng,
  batch: number,
  n: number,
  out = new Float64Array(batch * n),
): Float64Array {
  switch (model) {
    case 'uniform':
      for (let j = 0; j < batch * n; j++) out[j] = rng.next();
      return out;
    case 'exp':
      // Inverse CDF: −ln(1 − U)/λ.
      for (let j = 0; j < batch * n; j++) out[j] = -Math.log(1 - rng.next()) / params.rate;
      return out;
    case 'latent': {
      const a = Math.sqrt(params.correlation);
      const b = Math.sqrt(1 - params.correlation);
      for (let k = 0; k < batch; k++) {
        const z = rng.normal();
        for (let i = 0; i < n; i++) out[k * n + i] = normalCdf(a * z + b * rng.normal());
      }
      return out;
    }
    case 'hetero':
      for (let k = 0; k < batch; k++) for (let i = 0; i < n; i++) out[k * n + i] = rng.next() * (params.upper[i] ?? 1);
      return out;
  }
}
