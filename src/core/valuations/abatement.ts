import type { StepBids } from '../mechanisms/multiUnit';

/**
 * Permit values of firms with quadratic abatement costs (the permit-auction lab's valuation model).
 *
 * Firm i emits e_i units at baseline and abates a units at cost C_i(a) = c_i·a²/2. Holding q permits forces
 * abatement a = e_i − q, so q permits save C_i(e_i) − C_i(e_i − q): a concave value with the linear, decreasing
 * marginal value c_i·(e_i − q). This is the textbook emissions-trading model (Montgomery 1972, "Markets in
 * licenses and efficient pollution control programs", J. Econ. Theory 5; Tietenberg & Lewis, *Environmental
 * and Natural Resource Economics*, ch. 14) and the multi-agent RL permit-auction setup the lab follows, where
 * the value of the k-th permit derives from a quadratic abatement cost function.
 */

/** A firm's private type. */
export interface Firm {
  /** Abatement cost slope c_i ≥ 0 (currency per unit²): abating a units costs c_i·a²/2. */
  c: number;
  /** Baseline emissions e_i ≥ 0 (units): the most permits the firm can use. */
  e: number;
}

/** A two-tier bid [pH, qH, pL, qL]: pH, pL in currency per unit (pL ≤ pH), qH, qL in units. */
export type TwoTierBid = [pH: number, qH: number, pL: number, qL: number];

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * Abatement cost of a firm holding q permits (currency): C(a) = c·a²/2 with a = e − q clipped to [0, e]
 * (no permits: abate everything; q ≥ e: abate nothing). Example: c = 2, e = 10, q = 4 → 2·6²/2 = 36.
 */
export function abatementCost(f: Firm, q: number): number {
  const a = clamp(f.e - q, 0, f.e);
  return (f.c * a * a) / 2;
}

/**
 * Value of holding q permits (currency): V(q) = C(e) − C(e − q) = c·q·(e − q/2) for 0 ≤ q ≤ e, with q clipped to
 * [0, e] (permits beyond e are worth nothing more; V(q) = V(e) = c·e²/2 for q > e). Concave, increasing.
 * Example: c = 2, e = 10, q = 4 → 100 − 36 = 64.
 */
export function permitValue(f: Firm, q: number): number {
  const u = clamp(q, 0, f.e);
  return f.c * u * (f.e - u / 2);
}

/**
 * Marginal value of the q-th permit (currency per unit): V'(q) = c·(e − q), clipped to q ∈ [0, e] (so c·e for
 * q ≤ 0 and 0 for q ≥ e). Example: c = 2, e = 10, q = 4 → 12.
 */
export function marginalValue(f: Firm, q: number): number {
  return f.c * (f.e - clamp(q, 0, f.e));
}

/**
 * The truthful two-tier bid [pH, qH, pL, qL]: the true demand e split into halves, tier H = units [0, e/2] and
 * tier L = [e/2, e], each priced at the mean true marginal value over its units:
 *   pH = (2/e)∫₀^{e/2} c(e − u) du = c·(e − e/4) = 0.75·c·e,  pL = 0.25·c·e,  qH = qL = e/2.
 * The bid's declared value of its full quantity, 0.75ce·e/2 + 0.25ce·e/2 = ce²/2 = V(e), equals the true one,
 * so it is the "no shading" reference of the Demand Reduction Index (`metrics/permits.ts`).
 */
export function truthfulTwoTier(f: Firm): TwoTierBid {
  return [0.75 * f.c * f.e, f.e / 2, 0.25 * f.c * f.e, f.e / 2];
}

/**
 * Build a StepBids (T = 2) from two-tier bids. `schedules` has K·N rows [pH, qH, pL, qL] in auction-major
 * order (row k·N + i is firm i in auction k), so N = schedules.length / K. Values are copied as given (no
 * validation: run `validateSchedules` at the boundary). Throws when the row count is not a multiple of K or a
 * row does not have 4 entries.
 */
export function twoTierToBids(schedules: readonly (readonly number[])[], K = 1): StepBids {
  if (!Number.isInteger(K) || K < 1) throw new Error(`K must be an integer ≥ 1 (got ${K})`);
  if (schedules.length % K !== 0) throw new Error(`${schedules.length} schedules cannot be split into K = ${K} auctions`);
  const N = schedules.length / K;
  const prices = new Float64Array(K * N * 2);
  const quantities = new Float64Array(K * N * 2);
  schedules.forEach((s, r) => {
    if (s.length !== 4) throw new Error(`schedule ${r + 1} has ${s.length} entries; a two-tier bid is [pH, qH, pL, qL]`);
    prices[2 * r] = s[0]!;
    quantities[2 * r] = s[1]!;
    prices[2 * r + 1] = s[2]!;
    quantities[2 * r + 1] = s[3]!;
  });
  return { K, N, T: 2, prices, quantities };
}

/**
 * Build a one-auction StepBids (K = 1) from per-firm step lists [[price, quantity], …] (N = lists.length). T is
 * the longest list (at least 1); shorter lists are padded with quantity 0 at the firm's last price (0 for an
 * empty list), so padded prices stay non-increasing. No validation (see `validateSchedules`).
 */
export function stepListsToBids(lists: readonly (readonly (readonly [number, number])[])[]): StepBids {
  const N = lists.length;
  const T = Math.max(1, ...lists.map((l) => l.length));
  const prices = new Float64Array(N * T);
  const quantities = new Float64Array(N * T);
  for (let i = 0; i < N; i++) {
    const l = lists[i];
    let last = 0;
    for (let t = 0; t < T; t++) {
      if (t < l.length) {
        last = l[t][0];
        quantities[i * T + t] = l[t][1];
      }
      prices[i * T + t] = last;
    }
  }
  return { K: 1, N, T, prices, quantities };
}

/**
 * Shade the low tier of a two-tier bid: returns [pH, qH, pL·(1 − shading), qL] (a new array). `shading` is
 * the fraction of the low-tier price withheld, clipped to [0, 1] so a valid bid stays valid (pL ≤ pH).
 * Shading 1 bids 0 on the low tier: its units are withheld (Demand Reduction Index 1 for a truthful high tier).
 */
export function shadeLowTier(bid: readonly number[], shading: number): TwoTierBid {
  const s = clamp(Number.isFinite(shading) ? shading : 0, 0, 1);
  return [bid[0], bid[1], bid[2] * (1 - s), bid[3]];
}
