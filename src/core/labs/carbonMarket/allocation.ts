/**
 * Allocation rules of the carbon-market lab: how the year's allowances are issued and distributed.
 *
 * Every rule asks for a year's issue (`request`, allowances) and gives weights over firms (summing to 1); the
 * economy issues min(request, remaining budget), so no rule can ever exceed the horizon's budget, and counts what
 * was asked beyond it as *overdrawn* (penalized in the government objective). Classic rules spread what is left
 * evenly over the years left (request = remaining/(T − t), capped at the yearly cap); they differ in the weights:
 *  - grandfathering: ∝ last year's emissions (year 1: business-as-usual emissions e·Q), the EU ETS's early practice;
 *  - equal: 1/N each;
 *  - benchmarking: ∝ last year's output (year 1: capacity Q), output-based allocation at one benchmark intensity;
 *  - auction: nothing is given away; the year's issue is sold by uniform price and the revenue recycled equally.
 * The learned rule maps a latent z ∈ R^(1+N) from the government's PPO policy: request = σ(z₀)·cap,
 * weights = softmax(z₁…z_N).
 */
export type ClassicRule = 'grandfathering' | 'equal' | 'benchmarking' | 'auction';
export type PolicyId = ClassicRule | 'learned';

export const CLASSIC_RULES: readonly ClassicRule[] = ['grandfathering', 'equal', 'benchmarking', 'auction'];
export const ALL_POLICIES: readonly PolicyId[] = ['learned', ...CLASSIC_RULES];

export const POLICY_LABELS: Readonly<Record<PolicyId, string>> = {
  learned: 'Learned regulator (PPO)',
  grandfathering: 'Grandfathering',
  equal: 'Equal shares',
  benchmarking: 'Output benchmarking',
  auction: 'Full auctioning',
};

/** The even schedule of the classic rules: remaining/(years left), capped at the yearly cap (allowances). */
export function evenRequest(remaining: number, yearsLeft: number, cap: number): number {
  return Math.min(cap, remaining / Math.max(1, yearsLeft));
}

/** Write weights ∝ `basis` (non-negative) into out[off..off+n); equal weights when the basis sums to 0. */
export function proportionalWeights(basis: ArrayLike<number>, bOff: number, n: number, out: Float64Array, off: number): void {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.max(0, basis[bOff + i]);
  for (let i = 0; i < n; i++) out[off + i] = s > 0 ? Math.max(0, basis[bOff + i]) / s : 1 / n;
}

/** σ(x) = 1/(1 + e^(−x)). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The learned rule's mapping: request = σ(z[zOff])·cap, weights[off..off+n) = softmax(z[zOff+1 … zOff+n]). Returns the request. */
export function latentToAllocation(z: ArrayLike<number>, zOff: number, n: number, cap: number, weights: Float64Array, off: number): number {
  let mx = -Infinity;
  for (let i = 0; i < n; i++) mx = Math.max(mx, z[zOff + 1 + i]);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.exp(z[zOff + 1 + i] - mx);
    weights[off + i] = v;
    s += v;
  }
  for (let i = 0; i < n; i++) weights[off + i] = weights[off + i] / s;
  return sigmoid(z[zOff]) * cap;
}

/** The latent that reproduces "equal shares, even schedule" in year 1: z₀ = logit((budget/T)/cap), z₁…z_N = 0. */
export function evenEqualLatent(n: number, budget: number, years: number, cap: number): number[] {
  const s = Math.min(0.98, Math.max(0.02, budget / years / cap));
  return [Math.log(s / (1 - s)), ...Array<number>(n).fill(0)];
}
