/**
 * Welfare metrics of the carbon-market lab (the AI Economist's social-welfare terms, Zheng et al. 2022,
 * "The AI Economist", Science Advances 8(18); used by Wang et al. 2024, arXiv 2406.07875).
 */

/**
 * Gini coefficient of non-negative wealths x[off..off+n):
 *   G = Σ_i Σ_j |x_i − x_j| / (2·n²·μ)          (population form, mean absolute difference over 2μ),
 * times n/(n − 1) when `smallSample` (the unbiased small-sample factor, so that one firm holding everything gives
 * G = 1 for any n; the AI Economist's `get_gini` uses it). Returns 0 when all wealth is 0 or n < 2.
 * Example: x = [1, 2, 3, 4] → Σ|Δ| = 20, μ = 2.5, G = 20/(2·16·2.5) = 0.25, with the factor 0.25·4/3 = 1/3.
 */
export function gini(x: ArrayLike<number>, smallSample = true, off = 0, n = x.length - off): number {
  if (n < 2) return 0;
  let sum = 0;
  let diff = 0;
  for (let i = 0; i < n; i++) {
    const a = x[off + i];
    sum += a;
    for (let j = i + 1; j < n; j++) diff += Math.abs(a - x[off + j]);
  }
  if (sum <= 0) return 0;
  // diff counts each unordered pair once: Σ_i Σ_j |·| = 2·diff.
  const g = (2 * diff) / (2 * n * sum);
  return smallSample ? (g * n) / (n - 1) : g;
}

/** Equality 1 − G (with the small-sample factor n/(n − 1) by default). */
export function equality(x: ArrayLike<number>, smallSample = true, off = 0, n = x.length - off): number {
  return 1 - gini(x, smallSample, off, n);
}

/** Mean of x[off..off+n): productivity = mean wealth per firm (currency). */
export function meanOf(x: ArrayLike<number>, off = 0, n = x.length - off): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[off + i];
  return n > 0 ? s / n : 0;
}

/** Weights and form of the government objective. */
export interface ObjectiveWeights {
  /** Exponent on equality (default 1). */
  equalityWeight: number;
  /** Exponent on productivity (default 1). */
  productivityWeight: number;
  /** κ: emissions weight per ton of cumulative shortfall (default 0.2). */
  kappa: number;
  /** Subtracted per allowance the regulator asked for beyond the remaining budget (default 100; "large"). */
  overdrawPenalty: number;
}

export const DEFAULT_OBJECTIVE: ObjectiveWeights = { equalityWeight: 1, productivityWeight: 1, kappa: 0.2, overdrawPenalty: 100 };

/**
 * The government objective (default form as in the source's code: equality × productivity × exp(−κ·Σ shortfall)),
 * generalized with exponent weights:
 *   J = equality^wE · productivity^wP · exp(−κ · Σ_t shortfall_t) − overdrawPenalty · overdrawn.
 * Units: those of productivity^wP (currency for wP = 1). Productivity is floored at 0 (wealths here stay positive).
 */
export function governmentObjective(eq: number, productivity: number, cumulativeShortfall: number, overdrawn: number, w: ObjectiveWeights): number {
  const e = Math.max(0, eq);
  const p = Math.max(0, productivity);
  return e ** w.equalityWeight * p ** w.productivityWeight * Math.exp(-w.kappa * cumulativeShortfall) - w.overdrawPenalty * overdrawn;
}
