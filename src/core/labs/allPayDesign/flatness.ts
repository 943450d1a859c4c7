/**
 * Whether a sampled revenue curve R(w) is flat within its noise, so that no w can be called best.
 *
 * The payment-split reading of (w, 1 − w, 0) is revenue-equivalent in theory: every w earns (n − 1)/(n + 1)
 * (Gemp et al. 2022, *Sci. Rep.* 12:16937; Myerson 1981 revenue equivalence: same allocation, same lowest type's
 * utility). Learned revenues then differ only by noise: the spread of round results (standard error sd/√rounds of
 * each design's mean) and the learners' own precision on the discretized game, whose grid effects move R by up to
 * ~2% of its level (payment split at 21 × 51, n = 2–5, fictitious play to exploitability 0.002: 0.02–0.9%).
 *
 * Flat when max_j R̄_j − min_j R̄_j ≤ 2·√2·max_j sd_j/√rounds + 0.02·mean_j R̄_j (twice the standard error of a
 * difference of two means, plus the grid allowance). Units: revenue per contest (value units).
 */
export interface Flatness {
  flat: boolean;
  /** max − min of the sampled means. */
  spread: number;
  /** The allowance the spread is compared with. */
  noise: number;
}

/** Relative allowance for the discretized game's grid effects (share of the mean revenue). */
export const GRID_ALLOWANCE = 0.02;

export function flatWithinNoise(samples: readonly { revenue: number; sd: number }[], rounds: number): Flatness {
  if (samples.length < 2) return { flat: false, spread: 0, noise: 0 };
  const rs = samples.map((s) => s.revenue);
  const spread = Math.max(...rs) - Math.min(...rs);
  const mean = rs.reduce((a, b) => a + b, 0) / rs.length;
  const se = Math.max(...samples.map((s) => s.sd)) / Math.sqrt(Math.max(1, rounds));
  const noise = 2 * Math.SQRT2 * se + GRID_ALLOWANCE * Math.abs(mean);
  return { flat: spread <= noise, spread, noise };
}

/** What the lab says instead of a best w when R(w) is flat. */
export const FLAT_VERDICT = 'flat within noise: every w is optimal';
