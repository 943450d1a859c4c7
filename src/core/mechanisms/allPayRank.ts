import type { Rng } from '../math/rng';

/**
 * Rank-order all-pay contests with the rule (w, 1 − w, 0, …, 0), batched: one call clears `batch` contests.
 * The all-pay design lab (issue "all-pay-design lab", after Gemp et al. 2022, *Sci. Rep.* 12:16937, Fig. 4)
 * offers two readings of the rule, both labelled in the UI:
 *
 * - **Prize split** (`'prize-split'`, the paper): a unit prize; the highest bidder receives share w, the
 *   second-highest 1 − w, the rest 0; everyone pays its own bid. Utility_i = v_i·share_i − b_i.
 *   With w = 1 this is the standard all-pay auction (Krishna §3.2.2). With n = 2 the "second prize" 1 − w goes
 *   to the loser.
 * - **Payment split** (`'payment-split'`, a public reproduction's code): the highest bidder wins the item
 *   (worth v to it) and pays w × its bid, the second-highest pays (1 − w) × its bid, the rest pay 0.
 *   Utility: winner v − w·b, second −(1 − w)·b, others 0. **With w = 1 the payment split is a first-price
 *   auction** (the winner pays its bid, nobody else pays), not an all-pay auction; w = 1/2 makes the top two
 *   bidders pay half their bids each.
 *
 * Shapes (row-major): `bids` `[batch, bidders]`; outcome `shares`, `payments`, `ranks` `[batch, bidders]`.
 * Bids and payments are in value units (the prize / item is worth v_i to bidder i).
 */
export type AllPayReading = 'prize-split' | 'payment-split';

/**
 * Ties among equal bids:
 * - `'split'` (the default; deterministic, for tables): every tied bidder gets the average of the shares and
 *   payment rates of the rank positions the tied group occupies (so two bidders tied for first under the prize
 *   split each get (w + 1 − w)/2 = 1/2);
 * - `'random'`: the tied group's rank positions are assigned by a uniformly random permutation drawn from `rng`
 *   (deterministic per seed; the expectation over draws equals the `'split'` outcome).
 */
export type RankTieBreak = 'split' | 'random';

export interface RankAllPayOptions {
  reading: AllPayReading;
  /** Weight of the top position, in [1/2, 1] for the lab (any value in [0, 1] is accepted here). */
  w: number;
  /** Default `'split'`. */
  tieBreak?: RankTieBreak;
  /** Required when `tieBreak` is `'random'`. */
  rng?: Rng;
}

export interface RankAllPayOutcome {
  /**
   * `[batch, bidders]`. Prize split: the share of the unit prize each bidder receives (w, 1 − w or 0; averages
   * under split ties). Payment split: the share of the item (1 for the winner, 0 otherwise; 1/k for k bidders
   * tied for first under split ties).
   */
  shares: Float64Array;
  /** Payment of every bidder, `[batch, bidders]`, value units. */
  payments: Float64Array;
  /**
   * Rank position of every bidder, `[batch, bidders]`: 0 = highest bid. With `'split'` ties, tied bidders share
   * the best (lowest) position of their group; with `'random'` ties, the drawn positions (a permutation per row).
   */
  ranks: Int32Array;
}

/**
 * The rank weights (w, 1 − w, 0, …) for `bidders` positions: the prize share (prize split) or the payment rate
 * (payment split) of rank position r = 0, 1, 2, …. `[bidders]`.
 */
export function rankWeights(w: number, bidders: number): Float64Array {
  const p = new Float64Array(bidders);
  if (bidders > 0) p[0] = w;
  if (bidders > 1) p[1] = 1 - w;
  return p;
}

/**
 * Clear `batch` rank-order all-pay contests (see the module comment for both readings).
 * Shapes: `bids` `[batch, bidders]` → shares, payments, ranks `[batch, bidders]`.
 */
export function clearRankAllPay(
  bids: Float64Array,
  batch: number,
  bidders: number,
  options: RankAllPayOptions,
): RankAllPayOutcome {
  if (bids.length !== batch * bidders) {
    throw new Error(`bids has length ${bids.length}, expected batch × bidders = ${batch * bidders}`);
  }
  const { reading, w } = options;
  const random = options.tieBreak === 'random';
  if (random && !options.rng) throw new Error('tieBreak "random" needs an rng');
  const weight = rankWeights(w, bidders);
  const shares = new Float64Array(batch * bidders);
  const payments = new Float64Array(batch * bidders);
  const ranks = new Int32Array(batch * bidders);
  const order = new Int32Array(bidders);
  for (let k = 0; k < batch; k++) {
    const row = k * bidders;
    // Insertion sort of bidder indices by bid, descending; stable (lower index first among equal bids).
    for (let i = 0; i < bidders; i++) {
      let j = i;
      const b = bids[row + i];
      while (j > 0 && bids[row + order[j - 1]] < b) {
        order[j] = order[j - 1]!;
        j--;
      }
      order[j] = i;
    }
    let start = 0;
    while (start < bidders) {
      const b = bids[row + order[start]];
      let end = start + 1;
      while (end < bidders && bids[row + order[end]] === b) end++;
      const size = end - start;
      if (random && size > 1) {
        // Fisher–Yates over the tied block: a uniform permutation of positions start..end-1.
        for (let a = end - 1; a > start; a--) {
          const c = start + options.rng!.int(a - start + 1);
          const t = order[a];
          order[a] = order[c]!;
          order[c] = t;
        }
      }
      let meanWeight = 0;
      let meanFirst = 0;
      for (let r = start; r < end; r++) {
        meanWeight += weight[r];
        if (r === 0) meanFirst += 1;
      }
      meanWeight /= size;
      meanFirst /= size;
      for (let r = start; r < end; r++) {
        const i = order[r];
        const bid = bids[row + i];
        const rw = random ? weight[r] : meanWeight;
        const first = random ? (r === 0 ? 1 : 0) : meanFirst;
        ranks[row + i] = random ? r : start;
        if (reading === 'prize-split') {
          shares[row + i] = rw;
          payments[row + i] = bid;
        } else {
          shares[row + i] = first;
          payments[row + i] = rw * bid;
        }
      }
      start = end;
    }
  }
  return { shares, payments, ranks };
}

/**
 * Mean ex-post utility of each bidder over the batch, `[bidders]`:
 * (1/K) Σ_k (v_{k,i}·share_{k,i} − payment_{k,i}). The same formula serves both readings (the share is the
 * prize share under the prize split and the item share under the payment split). `values`, `bids`
 * `[batch, bidders]`, value units.
 */
export function rankUtility(
  values: Float64Array,
  bids: Float64Array,
  batch: number,
  bidders: number,
  options: RankAllPayOptions,
): Float64Array {
  if (values.length !== batch * bidders) {
    throw new Error(`values has length ${values.length}, expected batch × bidders = ${batch * bidders}`);
  }
  const { shares, payments } = clearRankAllPay(bids, batch, bidders, options);
  const u = new Float64Array(bidders);
  for (let k = 0; k < batch; k++) {
    const row = k * bidders;
    for (let i = 0; i < bidders; i++) u[i] = u[i] + values[row + i] * shares[row + i] - payments[row + i];
  }
  for (let i = 0; i < bidders; i++) u[i] = u[i] / Math.max(1, batch);
  return u;
}
