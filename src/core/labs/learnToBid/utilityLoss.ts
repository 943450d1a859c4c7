import type { SingleItemMechanismId } from '../../mechanisms/singleItem';

/** Bids on the best-response grid of each bidder: 0 … the largest value or rival bid, evenly spaced. */
export const BEST_RESPONSE_BIDS = 256;

/** Each bidder's ex-interim utility loss against the others' current strategies. */
export interface UtilityLoss {
  /** ε_i = E_{v_i}[max_b U_i(v_i, b) − U_i(v_i, b_i(v_i))], `[bidders]`, value units per auction. */
  perBidder: number[];
  /** ε_i / E_{v_i}[max_b U_i(v_i, b)]: the share of its best-response utility bidder i forgoes, `[bidders]` (0 … 1). */
  relative: number[];
  /** E_{v_i}[max_b U_i(v_i, b)], `[bidders]`, value units per auction. */
  bestResponseUtility: number[];
  /** max_i ε_i (value units). */
  max: number;
  /** max_i of the relative loss. */
  maxRelative: number;
}

/** Interim utility of bidding b with value v, given P(m < b) = `win` and E[m·1{m < b}] = `paidBelow` (m: best rival bid). */
function interimUtility(mechanism: SingleItemMechanismId, v: number, b: number, win: number, paidBelow: number): number {
  switch (mechanism) {
    case 'first-price':
      return (v - b) * win;
    case 'second-price':
      return v * win - paidBelow;
    case 'all-pay':
      return v * win - b;
  }
}

/** Number of entries of the ascending `sorted` strictly below x. */
function countBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The ex-interim utility loss of every bidder (bnelearn's measure: Bichler et al., "Learning equilibria in
 * symmetric auction games using artificial neural networks", Nature Machine Intelligence 3, 2021, §Methods): how
 * much bidder i would gain by best-responding, value by value, to the others' learned strategies.
 *
 * The rivals' strategies enter through M sampled auctions: `sampleBids` `[M, N]` are everyone's learned bids on M
 * value draws, so m_k = max_{j≠i} b_kj is a sample of bidder i's best rival bid. With F(b) = #{m_k < b}/M and
 * S(b) = Σ_{m_k < b} m_k / M, the interim utility of bid b at value v is (v − b)F(b) (first price), vF(b) − S(b)
 * (second price) or vF(b) − b (all-pay). For each of bidder i's values on the grid (`gridValues` `[G, N]`, column
 * i spanning [0, a_i] evenly, with its learned bids `gridBids` `[G, N]`) the best response is searched over
 * `BEST_RESPONSE_BIDS` evenly spaced bids and the learned bid itself, so every loss is ≥ 0; ε_i is the trapezoid
 * mean over the grid (values are uniform), in value units per auction. It needs no closed form: where one exists it is ≈ 0
 * exactly when the bids are near it; elsewhere it is the convergence measure. Cost O(N·(M log M + G·B)).
 */
export function utilityLoss(
  mechanism: SingleItemMechanismId,
  sampleBids: Float64Array,
  samples: number,
  gridValues: Float64Array,
  gridBids: Float64Array,
  bidders: number,
): UtilityLoss {
  const n = bidders;
  const points = gridValues.length / n;
  const rival = new Float64Array(samples);
  const prefix = new Float64Array(samples + 1);
  const perBidder: number[] = [];
  const relative: number[] = [];
  const bestResponseUtility: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < samples; k++) {
      let m = 0;
      for (let j = 0; j < n; j++) if (j !== i && sampleBids[k * n + j] > m) m = sampleBids[k * n + j];
      rival[k] = m;
    }
    rival.sort();
    for (let k = 0; k < samples; k++) prefix[k + 1] = prefix[k] + rival[k];
    const at = (b: number) => {
      const c = countBelow(rival, b);
      return { win: c / samples, paidBelow: prefix[c] / samples };
    };
    const top = Math.max(gridValues[(points - 1) * n + i], samples ? rival[samples - 1] : 0);
    const grid = Array.from({ length: BEST_RESPONSE_BIDS }, (_, g) => {
      const b = (g / (BEST_RESPONSE_BIDS - 1)) * top;
      return { b, ...at(b) };
    });
    let loss = 0;
    let best = 0;
    for (let g = 0; g < points; g++) {
      const v = gridValues[g * n + i];
      const own = gridBids[g * n + i];
      const o = at(own);
      const learned = interimUtility(mechanism, v, own, o.win, o.paidBelow);
      let br = learned;
      for (const c of grid) br = Math.max(br, interimUtility(mechanism, v, c.b, c.win, c.paidBelow));
      // Trapezoid weights over the evenly spaced grid: the mean over v_i ~ U[0, a_i].
      const weight = (g === 0 || g === points - 1 ? 0.5 : 1) / (points - 1);
      loss += (br - learned) * weight;
      best += br * weight;
    }
    perBidder.push(loss);
    bestResponseUtility.push(best);
    relative.push(best > 0 ? loss / best : 0);
  }
  return { perBidder, relative, bestResponseUtility, max: Math.max(...perBidder), maxRelative: Math.max(...relative) };
}
