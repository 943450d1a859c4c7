import type { ValueModelId, ValueModelParams } from '../priors/valueModels';

/**
 * Closed-form revenue benchmarks of single-item auctions with n risk-neutral bidders (Myerson 1981;
 * Krishna, *Auction Theory*, 2nd ed., ch. 5). All in value units per auction; `null` where the lab has no
 * closed form (then the lab estimates by Monte Carlo with the batched mechanisms below).
 */

const binom = (n: number, k: number) => {
  let c = 1;
  for (let j = 1; j <= k; j++) c = (c * (n - j + 1)) / j;
  return c;
};
const harmonic = (n: number) => {
  let h = 0;
  for (let k = 1; k <= n; k++) h += 1 / k;
  return h;
};

/** 5-point Gauss–Legendre nodes and weights on [−1, 1]: exact for polynomials of degree ≤ 9. */
const GL_NODES = [0, -0.5384693101056831, 0.5384693101056831, -0.906179845938664, 0.906179845938664];
const GL_WEIGHTS = [0.5688888888888889, 0.47862867049936647, 0.47862867049936647, 0.23692688505618908, 0.23692688505618908];

/**
 * ∫_0^{max(breaks)} f(x) dx for f a polynomial of degree ≤ 9 between consecutive breakpoints: Gauss–Legendre on
 * each piece, so the result is exact up to rounding (the hetero integrands are products of ≤ 8 linear factors).
 */
function piecewiseIntegral(f: (x: number) => number, breaks: readonly number[]): number {
  const cuts = [0, ...[...new Set(breaks)].filter((b) => b > 0).sort((a, b) => a - b)];
  let total = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const mid = (cuts[k] + cuts[k + 1]) / 2;
    const half = (cuts[k + 1] - cuts[k]) / 2;
    for (let g = 0; g < GL_NODES.length; g++) total += GL_WEIGHTS[g] * half * f(mid + half * GL_NODES[g]);
  }
  return total;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const uppers = (params: ValueModelParams, n: number) => Array.from({ length: n }, (_, i) => params.upper[i] ?? 1);

/**
 * Independent U[0, a_i] values (`hetero`), each a one-dimensional integral of a piecewise polynomial (exact):
 * with F_i(x) = min(1, x/a_i),
 * - E[max_i v_i] = ∫_0^{max a} (1 − Π F_i(x)) dx;
 * - Vickrey E[v_(2)] = ∫_0^{max a} (1 − P(v_(2) ≤ x)) dx, P(v_(2) ≤ x) = Π F_j + Σ_i (1 − F_i)·Π_{j≠i} F_j;
 * - Myerson E[max(0, max_i φ_i)] with φ_i = 2v_i − a_i ~ U[−a_i, a_i] (Myerson 1981, Lemma 3), so
 *   = ∫_0^{max a} (1 − Π G_i(y)) dy, G_i(y) = min(1, (y + a_i)/(2a_i)).
 */
export function heteroUniformBenchmarks(params: ValueModelParams, n: number): { vickrey: number; myerson: number; maxValue: number } {
  const a = uppers(params, n);
  const F = (x: number) => a.map((ai) => clamp01(x / ai));
  const prod = (xs: readonly number[], skip = -1) => xs.reduce((p, x, j) => (j === skip ? p : p * x), 1);
  const maxValue = piecewiseIntegral((x) => 1 - prod(F(x)), a);
  const vickrey = piecewiseIntegral((x) => {
    const f = F(x);
    let below = prod(f);
    for (let i = 0; i < n; i++) below += (1 - f[i]) * prod(f, i);
    return 1 - below;
  }, a);
  const myerson = piecewiseIntegral((y) => 1 - prod(a.map((ai) => clamp01((y + ai) / (2 * ai)))), a);
  return { vickrey, myerson, maxValue };
}

/**
 * Expected revenue of the Vickrey (second-price, no reserve) auction = E[second-highest value]:
 * - uniform U[0,1]: (n − 1)/(n + 1) (the second order statistic of n uniforms);
 * - exp(λ): (H_n − 1)/λ, H_n the n-th harmonic number (E[v_(1)] = H_n/λ and E[v_(1) − v_(2)] = 1/λ by the
 *   memoryless property of exponential spacings).
 */
export function vickreyRevenue(model: ValueModelId, params: ValueModelParams, n: number): number | null {
  if (model === 'uniform') return (n - 1) / (n + 1);
  if (model === 'exp') return (harmonic(n) - 1) / params.rate;
  if (model === 'hetero') return heteroUniformBenchmarks(params, n).vickrey;
  return null;
}

/**
 * Expected revenue of Myerson's optimal auction for i.i.d. regular values = E[max(φ(v_(1)), 0)], the
 * expected highest non-negative virtual value (Myerson 1981, Lemma 3):
 * - uniform U[0,1]: φ(v) = 2v − 1, reserve 1/2; with P(v_(1) ≤ x) = xⁿ,
 *   ∫_{1/2}^1 (2x − 1)·n x^{n−1} dx = (n − 1)/(n + 1) + 2^{−n}/(n + 1) (n = 2: 5/12);
 * - exp(λ): φ(v) = v − 1/λ, reserve 1/λ; E[(v_(1) − c)⁺] = ∫_c^∞ (1 − (1 − e^{−λx})ⁿ) dx
 *   = Σ_{k=1}^{n} C(n,k)(−1)^{k+1} e^{−kλc}/(kλ) with c = 1/λ (binomial expansion of 1 − (1 − u)ⁿ);
 * - hetero U[0, a_i]: the integral of `heteroUniformBenchmarks`.
 * `null` for correlated values (latent: Myerson's construction does not apply).
 */
export function myersonRevenue(model: ValueModelId, params: ValueModelParams, n: number): number | null {
  if (model === 'uniform') return (n - 1) / (n + 1) + 2 ** -n / (n + 1);
  if (model === 'exp') {
    const lam = params.rate;
    let s = 0;
    for (let k = 1; k <= n; k++) s += (binom(n, k) * (-1) ** (k + 1) * Math.exp(-k)) / (k * lam);
    return s;
  }
  if (model === 'hetero') return heteroUniformBenchmarks(params, n).myerson;
  return null;
}

/** Upper bound on any IR auction's revenue: E[max value] (uniform n/(n + 1); exp H_n/λ; hetero `heteroUniformBenchmarks`). */
export function maxValueBound(model: ValueModelId, params: ValueModelParams, n: number): number | null {
  if (model === 'uniform') return n / (n + 1);
  if (model === 'exp') return harmonic(n) / params.rate;
  if (model === 'hetero') return heteroUniformBenchmarks(params, n).maxValue;
  return null;
}

/**
 * Virtual value φ_i(v) and its inverse for the independent models with regular distributions:
 * uniform U[0, a]: φ(v) = 2v − a, φ⁻¹(y) = (y + a)/2; exp(λ): φ(v) = v − 1/λ, φ⁻¹(y) = y + 1/λ.
 * (Myerson 1981; Krishna §5.2.)
 */
export function virtualValue(model: ValueModelId, params: ValueModelParams, i: number): { phi: (v: number) => number; inv: (y: number) => number } | null {
  if (model === 'uniform' || model === 'hetero') {
    const a = model === 'uniform' ? 1 : (params.upper[i] ?? 1);
    return { phi: (v) => 2 * v - a, inv: (y) => (y + a) / 2 };
  }
  if (model === 'exp') return { phi: (v) => v - 1 / params.rate, inv: (y) => y + 1 / params.rate };
  return null;
}

/**
 * Batched Myerson auction for independent regular priors: the bidder with the highest non-negative virtual
 * value wins (ties: lowest index) and pays its threshold bid φ_i⁻¹(max(0, max_{j≠i} φ_j(b_j))); no sale when
 * every virtual value is negative. Bids `[batch, n]` → winner `[batch]` (−1 = no sale), payments `[batch, n]`.
 * With identical priors this is a second-price auction with reserve φ⁻¹(0). `null` for `latent` (correlated
 * values: Myerson's construction does not apply; the lab uses Vickrey as the classic baseline there).
 */
export function myersonOutcome(
  model: ValueModelId,
  params: ValueModelParams,
  bids: Float64Array,
  batch: number,
  n: number,
): { winner: Int32Array; payments: Float64Array } | null {
  const vv = Array.from({ length: n }, (_, i) => virtualValue(model, params, i));
  if (vv.some((x) => x === null)) return null;
  const winner = new Int32Array(batch);
  const payments = new Float64Array(batch * n);
  for (let k = 0; k < batch; k++) {
    let best = -1;
    let bestPhi = 0;
    let second = 0;
    for (let i = 0; i < n; i++) {
      const p = vv[i]!.phi(bids[k * n + i]);
      if (p >= 0 && (best < 0 || p > bestPhi)) {
        if (best >= 0) second = Math.max(second, bestPhi);
        best = i;
        bestPhi = p;
      } else if (p > second) second = p;
    }
    winner[k] = best;
    if (best >= 0) payments[k * n + best] = vv[best]!.inv(Math.max(0, second));
  }
  return { winner, payments };
}
