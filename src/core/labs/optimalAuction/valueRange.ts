import type { ValueModelId, ValueModelParams } from '../../priors/valueModels';

/**
 * Report range [0, hi_i] of bidder i, where misreports are searched and heatmaps drawn (value units): the
 * support's upper end for bounded models (uniform, latent: 1; hetero: a_i); for `exp(λ)` the 99.9% quantile
 * ln(1000)/λ (the support is unbounded).
 */
export function reportUpper(model: ValueModelId, params: ValueModelParams, i: number): number {
  if (model === 'exp') return Math.log(1000) / params.rate;
  if (model === 'hetero') return params.upper[i] ?? 1;
  return 1;
}

/**
 * Typical value scale of bidder i, used to normalize network inputs to about [0, 1]: the support's upper end
 * (uniform, latent, hetero) or the mean 1/λ (exp).
 */
export function valueScale(model: ValueModelId, params: ValueModelParams, i: number): number {
  if (model === 'exp') return 1 / params.rate;
  return reportUpper(model, params, i);
}

/**
 * Mean value E[v_i] averaged over the n bidders (value units): the scale regret budgets are stated in.
 * uniform and latent (U[0, 1] marginals) 1/2, exp(λ) 1/λ, hetero U[0, a_i] the mean of a_i/2.
 */
export function meanValue(model: ValueModelId, params: ValueModelParams, n: number): number {
  if (model === 'exp') return 1 / params.rate;
  if (model === 'hetero') {
    let s = 0;
    for (let i = 0; i < n; i++) s += (params.upper[i] ?? 1) / 2;
    return s / n;
  }
  return 0.5;
}
