import type { Rng } from '../math/rng';

/**
 * Single-item sealed-bid auctions, batched: one call clears `batch` independent auctions.
 *
 * Shapes (row-major): `bids` is `[batch, bidders]`; the outcome has `winner` `[batch]` (bidder index) and
 * `payments` `[batch, bidders]`. All bids are in value units (the item is worth v_i to bidder i).
 */
export interface SingleItemOutcome {
  /** Winning bidder per auction, `[batch]`. */
  winner: Int32Array;
  /** Payment of every bidder in every auction, `[batch, bidders]`. */
  payments: Float64Array;
}

/** How to break ties for the highest bid: lowest index (deterministic, for tables) or uniformly at random. */
export type TieBreak = 'lowest-index' | 'random';

export interface ClearOptions {
  tieBreak?: TieBreak;
  /** Required when `tieBreak` is `random`. */
  rng?: Rng;
}

/**
 * The sigmoid relaxation of a mechanism (after the source report: P(win_i) ≈ σ(β(b_i − m_i)), m_i the
 * highest competing bid). `utility` is bidder i's smoothed utility for one draw given s = σ(β(b − m));
 * `dUtilityDBid` is its derivative with respect to the own bid b, holding m fixed (others detached).
 */
export interface Relaxation {
  /** Smoothed utility u(v, b, m; s). */
  utility(v: number, b: number, m: number, s: number): number;
  /** ∂u/∂b given s and β (using ds/db = β s (1 − s)). */
  dUtilityDBid(v: number, b: number, m: number, s: number, beta: number): number;
  /** The formula as shown in the UI. */
  formula: string;
}

export interface SingleItemMechanism {
  id: SingleItemMechanismId;
  title: string;
  /** What the winner and the losers pay, in one sentence. */
  rule: string;
  /** Exact (hard) rule used for evaluation. */
  clear(bids: Float64Array, batch: number, bidders: number, options?: ClearOptions): SingleItemOutcome;
  relaxation: Relaxation;
}

export type SingleItemMechanismId = 'first-price' | 'second-price' | 'all-pay';

/**
 * Index of the highest bid in each auction and the highest competing bid for the winner (the second-highest bid).
 * Ties: lowest index, or uniform among the tied bidders (reservoir sampling) with `rng`.
 * Returns `winner` `[batch]` and `second` `[batch]` (the best bid among the others; −∞ with one bidder).
 */
export function findWinners(
  bids: Float64Array,
  batch: number,
  bidders: number,
  options: ClearOptions = {},
): { winner: Int32Array; second: Float64Array } {
  if (bids.length !== batch * bidders) {
    throw new Error(`bids has length ${bids.length}, expected batch × bidders = ${batch * bidders}`);
  }
  const random = options.tieBreak === 'random';
  if (random && !options.rng) throw new Error('tieBreak "random" needs an rng');
  const winner = new Int32Array(batch);
  const second = new Float64Array(batch);
  for (let k = 0; k < batch; k++) {
    const row = k * bidders;
    let best = -Infinity;
    let runnerUp = -Infinity;
    let who = 0;
    let ties = 0;
    for (let i = 0; i < bidders; i++) {
      const b = bids[row + i];
      if (b > best) {
        runnerUp = best;
        best = b;
        who = i;
        ties = 1;
      } else if (b === best) {
        runnerUp = b;
        ties++;
        if (random && options.rng!.int(ties) === 0) who = i;
      } else if (b > runnerUp) runnerUp = b;
    }
    winner[k] = who;
    second[k] = runnerUp;
  }
  return { winner, second };
}
