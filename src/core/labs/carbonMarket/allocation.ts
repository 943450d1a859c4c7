/**
 * Allocation rules of the carbon-market lab: how the year's allowances are issued and distributed.
 *
 * Every rule asks for a year's issue (`request`, allowances) and gives weights over firms (summing to 1); the
 * economy issues min(request, remaining budget), so no rule can ever exceed the horizon's budget, and counts what
 * was asked beyond it as *overdrawn* (penalized in the government objective). Classic rules issue on a schedule
 * (`IssuanceSchedule`: by default even, remaining/(T − t) capped at the yearly cap; or front-loaded; or the learned
 * regulator's own yearly totals), so how much is issued per year is separated from who gets it; they differ in the
 * weights:
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

/** How much a classic rule issues each year: even, front-loaded, or the learned regulator's own yearly totals. */
export type IssuanceSchedule = 'even' | 'front-loaded' | 'learned';
export const ISSUANCE_SCHEDULES: readonly IssuanceSchedule[] = ['even', 'front-loaded', 'learned'];
export const SCHEDULE_LABELS: Readonly<Record<IssuanceSchedule, string>> = {
  even: 'even',
  'front-loaded': 'front-loaded',
  learned: 'learned regulator’s yearly totals',
};

/**
 * A classic rule's yearly request (allowances) at the start of year t (0-based) of T with `remaining` left and the
 * yearly cap: returns min(cap, request). Issued is min(request, remaining), so no plan can exceed the budget.
 */
export type IssuancePlan = (remaining: number, t: number, T: number, cap: number) => number;

/** Even: remaining/(T − t) (`evenRequest`). */
export const evenPlan: IssuancePlan = (remaining, t, T, cap) => evenRequest(remaining, T - t, cap);

/**
 * Front-loaded: yearly weights falling linearly so that the first year issues twice the last, w_t = 2(T − 1) − t
 * (t = 0…T − 1); year t asks for the share w_t/Σ_{s ≥ t} w_s of what is left (year 1: 4/(3T) of the budget, 13.3%
 * for T = 10; the last year half that), capped at the yearly cap (what the cap holds back is spread over the later
 * years the same way). Issuing early, before research lowers intensities, is what the learned regulator discovers
 * (README); this plan gives the classic rules that idea without learning.
 */
export const frontLoadedPlan: IssuancePlan = (remaining, t, T, cap) => {
  const w = (s: number) => 2 * (T - 1) - s;
  let rest = 0;
  for (let s = t; s < T; s++) rest += w(s);
  return Math.min(cap, rest > 0 ? (remaining * w(t)) / rest : remaining);
};

/** Given yearly totals (allowances, length T: the learned regulator's mean issue per year): year t asks for totals[t]. */
export function totalsPlan(totals: readonly number[]): IssuancePlan {
  return (_remaining, t, _T, cap) => Math.min(cap, Math.max(0, totals[t] ?? 0));
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
