/**
 * Outcome metrics of a batch of single-item auctions. Shapes: `values`, `payments` `[batch, bidders]`,
 * `winner` `[batch]`.
 */

/** Mean revenue per auction: (1/K) Σ_k Σ_i payment_{k,i}, in value units. */
export function meanRevenue(payments: Float64Array, batch: number): number {
  let s = 0;
  for (let j = 0; j < payments.length; j++) s += payments[j];
  return s / batch;
}

/**
 * Allocative efficiency of the batch: Σ_k v_{k, winner_k} / Σ_k max_i v_{k,i} (1 = the item always goes to
 * the highest value). A ratio of sums, so draws where all values are near 0 do not dominate.
 */
export function allocativeEfficiency(values: Float64Array, winner: Int32Array, batch: number, bidders: number): number {
  let got = 0;
  let best = 0;
  for (let k = 0; k < batch; k++) {
    const row = k * bidders;
    let m = -Infinity;
    for (let i = 0; i < bidders; i++) m = Math.max(m, values[row + i]);
    got += values[row + winner[k]];
    best += m;
  }
  return best > 0 ? got / best : 1;
}

/** Mean ex-post utility of each bidder: (1/K) Σ_k (v_{k,i}·[winner_k = i] − payment_{k,i}), `[bidders]`. */
export function meanUtilities(
  values: Float64Array,
  winner: Int32Array,
  payments: Float64Array,
  batch: number,
  bidders: number,
): Float64Array {
  const u = new Float64Array(bidders);
  for (let k = 0; k < batch; k++) {
    const row = k * bidders;
    for (let i = 0; i < bidders; i++) u[i] = u[i] - payments[row + i];
    u[winner[k]] = u[winner[k]] + values[row + winner[k]];
  }
  for (let i = 0; i < bidders; i++) u[i] = u[i] / batch;
  return u;
}

/**
 * Root-mean-square distance between a learned bid function and the equilibrium, over a grid of values:
 * sqrt((1/G) Σ_g (b(v_g) − b*(v_g))²), in value units.
 */
export function l2Distance(learned: readonly number[], equilibrium: readonly number[]): number {
  let s = 0;
  for (let g = 0; g < learned.length; g++) s += (learned[g] - equilibrium[g]) ** 2;
  return Math.sqrt(s / Math.max(1, learned.length));
}
