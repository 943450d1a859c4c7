import { rankWeights, type AllPayReading } from '../mechanisms/allPayRank';

/**
 * The discretized rank-order all-pay game of the all-pay design lab, and the interface shared by its learners
 * (`fictitiousPlay.ts`, `epsilonGreedyBandit.ts`).
 *
 * A game has V value levels (each bidder's value is drawn i.i.d. from them with `valueProbs`) and B bid
 * levels. A (behavioural) strategy is a `Float64Array` `[V, B]` row-major: row v is a probability distribution
 * over the bid grid for value level v. Mechanism: `mechanisms/allPayRank.ts` with weights (w, 1 − w, 0, …).
 *
 * Exact evaluation (no Monte Carlo): bidders draw values and bids independently, so bidder i's expected
 * payoff from bid level k depends on the others only through their marginal bid distributions
 * q_j[l] = Σ_v p(v)·σ_j[v, l]. For each k a dynamic program over the opponents gives the distribution of
 * (h = #opponents bidding strictly more, t = #opponents bidding exactly b_k); ties are resolved uniformly at
 * random, so the expected rank weight is the average of the weights of positions h … h + t. This gives, per
 * bid level, `share[k]` (prize split: expected prize share; payment split: probability of winning the item)
 * and `cost[k]` (expected payment per unit bid: 1 under the prize split, E[rank weight] under the payment
 * split), and the payoff is U(v, k) = v·share[k] − b_k·cost[k]. Cost O(B·n³) per bidder plus O(V·B) for the
 * payoff table.
 */
export interface DiscreteAllPayGame {
  reading: AllPayReading;
  /** Weight of the top rank position. */
  w: number;
  bidders: number;
  /** Value levels, value units, `[V]`. */
  values: Float64Array;
  /** Probability of each value level, `[V]`, sums to 1. */
  valueProbs: Float64Array;
  /** Bid levels, value units, `[B]`, increasing from 0. */
  bids: Float64Array;
}

/**
 * Value models:
 * - `'uniform'`: U[0, 1] discretized to `valueLevels` equally likely cell midpoints (j + 1/2)/V, so means
 *   match the continuous prior;
 * - `'integers'`: the integer values 0–9 (the public reproduction's "easy signal" setting), equally likely,
 *   scaled to [0, 1] as j/9 (so the top value is 1 as with U[0, 1]); `valueLevels` is ignored.
 */
export type ValueModel = 'uniform' | 'integers';

export interface DiscreteGameConfig {
  reading: AllPayReading;
  w: number;
  bidders: number;
  values?: ValueModel;
  /** Number of value levels for `'uniform'` (default 21). */
  valueLevels?: number;
  /** Number of bid levels, including 0 and `bidMax` (default 51). */
  bidLevels?: number;
  /**
   * Top of the bid grid, value units. Default 1 under the prize split (higher bids are dominated) and 1/w under
   * the payment split (the winner pays w·b ≤ 1 = top value; the BNE's top bid is (n − 1)/(n·w)).
   */
  bidMax?: number;
}

/** Build the grids of a discretized game (see `DiscreteGameConfig` for defaults). */
export function makeDiscreteGame(config: DiscreteGameConfig): DiscreteAllPayGame {
  const { reading, w, bidders } = config;
  if (!Number.isInteger(bidders) || bidders < 2) throw new Error(`bidders must be an integer ≥ 2, got ${bidders}`);
  if (!(w >= 0 && w <= 1)) throw new Error(`w must be in [0, 1], got ${w}`);
  const model = config.values ?? 'uniform';
  const V = model === 'integers' ? 10 : (config.valueLevels ?? 21);
  const B = config.bidLevels ?? 51;
  if (!(V >= 1 && B >= 2)) throw new Error('need at least 1 value level and 2 bid levels');
  const bidMax = config.bidMax ?? (reading === 'prize-split' ? 1 : 1 / Math.max(w, 1e-9));
  const values = new Float64Array(V).map((_, j) => (model === 'integers' ? j / 9 : (j + 0.5) / V));
  const valueProbs = new Float64Array(V).fill(1 / V);
  const bids = new Float64Array(B).map((_, k) => (bidMax * k) / (B - 1));
  return { reading, w, bidders, values, valueProbs, bids };
}

/** A strategy that puts probability 1/B on every bid for every value, `[V, B]`. */
export function uniformStrategy(game: DiscreteAllPayGame): Float64Array {
  const B = game.bids.length;
  return new Float64Array(game.values.length * B).fill(1 / B);
}

/** The pure strategy bidding the grid level nearest to `bid(v)` at every value level, `[V, B]`. */
export function pureStrategy(game: DiscreteAllPayGame, bid: (v: number) => number): Float64Array {
  const B = game.bids.length;
  const s = new Float64Array(game.values.length * B);
  for (let v = 0; v < game.values.length; v++) s[v * B + nearestBidLevel(game, bid(game.values[v]))] = 1;
  return s;
}

/** Index of the bid level nearest to `b` (clamped to the grid). */
export function nearestBidLevel(game: DiscreteAllPayGame, b: number): number {
  const B = game.bids.length;
  const step = game.bids[B - 1] / (B - 1);
  return Math.min(B - 1, Math.max(0, Math.round(b / step)));
}

/** Marginal bid distribution q[l] = Σ_v p(v)·σ[v, l] of a strategy, `[B]`. */
export function bidDistribution(game: DiscreteAllPayGame, strategy: Float64Array): Float64Array {
  const B = game.bids.length;
  const q = new Float64Array(B);
  for (let v = 0; v < game.values.length; v++) {
    const p = game.valueProbs[v];
    for (let l = 0; l < B; l++) q[l] = q[l] + p * strategy[v * B + l];
  }
  return q;
}

/**
 * Per-bid-level rank statistics of one bidder against opponents with the given marginal bid distributions
 * (each `[B]`): `share[k]` and `cost[k]` as in the module comment, both `[B]`. Ties are uniform at random
 * (equivalently split), matching `clearRankAllPay` in expectation.
 */
export function rankStats(game: DiscreteAllPayGame, opponentBidDists: readonly Float64Array[]): { share: Float64Array; cost: Float64Array } {
  const B = game.bids.length;
  const m = opponentBidDists.length;
  const n = m + 1;
  const weight = rankWeights(game.w, n);
  // Cumulative: above[j][k] = P(b_j > bids[k]).
  const above = opponentBidDists.map((q) => {
    const a = new Float64Array(B);
    let s = 0;
    for (let k = B - 1; k >= 0; k--) {
      a[k] = s;
      s += q[k];
    }
    return a;
  });
  const share = new Float64Array(B);
  const cost = new Float64Array(B);
  // Average weight of positions h..h+t and the chance of holding position 0, precomputed.
  const avgWeight = new Float64Array(n * n);
  const avgFirst = new Float64Array(n * n);
  for (let h = 0; h < n; h++) {
    for (let t = 0; h + t < n; t++) {
      let s = 0;
      for (let r = h; r <= h + t; r++) s += weight[r];
      avgWeight[h * n + t] = s / (t + 1);
      avgFirst[h * n + t] = h === 0 ? 1 / (t + 1) : 0;
    }
  }
  const dist = new Float64Array(n * n);
  const next = new Float64Array(n * n);
  for (let k = 0; k < B; k++) {
    dist.fill(0);
    dist[0] = 1;
    for (let j = 0; j < m; j++) {
      const hi = above[j][k];
      const eq = opponentBidDists[j][k];
      const lo = Math.max(0, 1 - hi - eq);
      next.fill(0);
      for (let h = 0; h <= j; h++) {
        for (let t = 0; h + t <= j; t++) {
          const p = dist[h * n + t];
          if (p === 0) continue;
          next[h * n + t] = next[h * n + t] + p * lo;
          next[(h + 1) * n + t] = next[(h + 1) * n + t] + p * hi;
          next[h * n + t + 1] = next[h * n + t + 1] + p * eq;
        }
      }
      dist.set(next);
    }
    let sw = 0;
    let sf = 0;
    for (let h = 0; h < n; h++) {
      for (let t = 0; h + t < n; t++) {
        const p = dist[h * n + t];
        sw += p * avgWeight[h * n + t];
        sf += p * avgFirst[h * n + t];
      }
    }
    if (game.reading === 'prize-split') {
      share[k] = sw;
      cost[k] = 1;
    } else {
      share[k] = sf;
      cost[k] = sw;
    }
  }
  return { share, cost };
}

/** Payoff table U(v, k) = v·share[k] − b_k·cost[k], `[V, B]`, value units. */
export function payoffTable(game: DiscreteAllPayGame, stats: { share: Float64Array; cost: Float64Array }): Float64Array {
  const V = game.values.length;
  const B = game.bids.length;
  const U = new Float64Array(V * B);
  for (let v = 0; v < V; v++) {
    const x = game.values[v];
    for (let k = 0; k < B; k++) U[v * B + k] = x * stats.share[k] - game.bids[k] * stats.cost[k];
  }
  return U;
}

/** Evaluation of a strategy profile (all exact). */
export interface ProfileEvaluation {
  /** Ex-ante expected utility of each bidder, `[n]`. */
  utilities: Float64Array;
  /** Ex-ante expected utility of each bidder's best response to the others, `[n]`. */
  bestResponseUtilities: Float64Array;
  /** Best-response bid level per value level for each bidder (lowest bid among equal payoffs), n × `[V]`. */
  bestResponses: Int32Array[];
  /** max_i (bestResponseUtilities_i − utilities_i), value units (≥ 0). */
  exploitability: number;
  /** Expected total payment per contest, value units. */
  revenue: number;
  /** Payoff tables per bidder, n × `[V, B]`. */
  payoffs: Float64Array[];
}

/** Evaluate a profile of n strategies (`[V, B]` each) exactly; see the module comment. */
export function evaluateProfile(game: DiscreteAllPayGame, strategies: readonly Float64Array[]): ProfileEvaluation {
  const n = game.bidders;
  if (strategies.length !== n) throw new Error(`expected ${n} strategies, got ${strategies.length}`);
  const V = game.values.length;
  const B = game.bids.length;
  const q = strategies.map((s) => bidDistribution(game, s));
  const utilities = new Float64Array(n);
  const bestResponseUtilities = new Float64Array(n);
  const bestResponses: Int32Array[] = [];
  const payoffs: Float64Array[] = [];
  let revenue = 0;
  let exploitability = 0;
  for (let i = 0; i < n; i++) {
    const stats = rankStats(game, q.filter((_, j) => j !== i));
    const U = payoffTable(game, stats);
    payoffs.push(U);
    const br = new Int32Array(V);
    let u = 0;
    let ub = 0;
    for (let v = 0; v < V; v++) {
      let best = 0;
      let cur = 0;
      for (let k = 0; k < B; k++) {
        const x = U[v * B + k];
        cur += strategies[i][v * B + k] * x;
        if (x > U[v * B + best] + 1e-13) best = k;
      }
      br[v] = best;
      u += game.valueProbs[v] * cur;
      ub += game.valueProbs[v] * U[v * B + best];
    }
    for (let k = 0; k < B; k++) revenue += q[i][k] * game.bids[k] * stats.cost[k];
    utilities[i] = u;
    bestResponseUtilities[i] = ub;
    bestResponses.push(br);
    exploitability = Math.max(exploitability, ub - u);
  }
  return { utilities, bestResponseUtilities, bestResponses, exploitability, revenue, payoffs };
}

/** Mean bid per value level of a strategy, `[V]`, value units. */
export function meanBids(game: DiscreteAllPayGame, strategy: Float64Array): Float64Array {
  const V = game.values.length;
  const B = game.bids.length;
  const out = new Float64Array(V);
  for (let v = 0; v < V; v++) {
    let s = 0;
    for (let k = 0; k < B; k++) s += strategy[v * B + k] * game.bids[k];
    out[v] = s;
  }
  return out;
}

/** Σ_v p(v)·‖a[v] − b[v]‖₁ between two strategies `[V, B]`. */
export function strategyDistance(game: DiscreteAllPayGame, a: Float64Array, b: Float64Array): number {
  const B = game.bids.length;
  let s = 0;
  for (let v = 0; v < game.values.length; v++) {
    let d = 0;
    for (let k = 0; k < B; k++) d += Math.abs(a[v * B + k] - b[v * B + k]);
    s += game.valueProbs[v] * d;
  }
  return s;
}

/** What a learner reports after each iteration (all figures exact under the current strategies). */
export interface BidLearnerReport {
  /** 1-based iteration just completed. */
  iteration: number;
  /** Mean over learning bidders of Σ_v p(v)·‖σ_new[v] − σ_old[v]‖₁ (0 … 2). */
  strategyChange: number;
  /**
   * Max over the learning bidders of the best-response gain against the others' current strategies
   * (ex ante, value units; frozen bidders are not counted).
   */
  exploitability: number;
  /** Mean bid per value level, averaged over the learning bidders, `[V]`. */
  bidFunction: Float64Array;
  /** Mean bid per value level of every bidder, n × `[V]`. */
  bidFunctions: Float64Array[];
  /** Expected revenue per contest under the current strategies, value units. */
  revenue: number;
}

/** Configuration common to the discrete learners. */
export interface DiscreteLearnerConfig {
  /** Uniform-random iterations before learning starts (fictitious play) or the ε-decay horizon (bandit). */
  explorationIterations?: number;
  /** Seed of the learner's rng. */
  seed?: number;
  /**
   * Fixed strategies for bidders that do not learn (`[V, B]`), by bidder index; `null`/missing = learns.
   * E.g. hold bidders 1…n−1 at an equilibrium and train bidder 0 alone.
   */
  frozen?: readonly (Float64Array | null | undefined)[];
}

/** A learner over a `DiscreteAllPayGame`: `step()` runs one iteration and reports. */
export interface DiscreteBidLearner {
  readonly game: DiscreteAllPayGame;
  /** Iterations completed. */
  readonly iteration: number;
  step(): BidLearnerReport;
  /** Current strategies of all bidders (copies), n × `[V, B]`. */
  strategies(): Float64Array[];
}

/** Build a report from a profile (shared by the learners). */
export function makeReport(
  game: DiscreteAllPayGame,
  iteration: number,
  strategies: readonly Float64Array[],
  learning: readonly boolean[],
  strategyChange: number,
  evaluation: ProfileEvaluation = evaluateProfile(game, strategies),
): BidLearnerReport {
  const bidFunctions = strategies.map((s) => meanBids(game, s));
  const V = game.values.length;
  const bidFunction = new Float64Array(V);
  let count = 0;
  bidFunctions.forEach((f, i) => {
    if (!learning[i]) return;
    count++;
    for (let v = 0; v < V; v++) bidFunction[v] = bidFunction[v] + f[v];
  });
  for (let v = 0; v < V; v++) bidFunction[v] = bidFunction[v] / Math.max(1, count);
  let exploitability = 0;
  for (let i = 0; i < strategies.length; i++) {
    if (learning[i]) exploitability = Math.max(exploitability, evaluation.bestResponseUtilities[i] - evaluation.utilities[i]);
  }
  return { iteration, strategyChange, exploitability, bidFunction, bidFunctions, revenue: evaluation.revenue };
}

/**
 * Draw `batch` contests from a profile: value levels from `valueProbs`, bids from each bidder's strategy row.
 * Returns `values`, `bids` `[batch, n]` (value units) and `valueIndex`, `bidIndex` `[batch, n]` (grid levels).
 */
export function sampleProfile(
  game: DiscreteAllPayGame,
  strategies: readonly Float64Array[],
  batch: number,
  rng: { next(): number },
): { values: Float64Array; bids: Float64Array; valueIndex: Int32Array; bidIndex: Int32Array } {
  const n = game.bidders;
  const V = game.values.length;
  const B = game.bids.length;
  const values = new Float64Array(batch * n);
  const bids = new Float64Array(batch * n);
  const valueIndex = new Int32Array(batch * n);
  const bidIndex = new Int32Array(batch * n);
  for (let k = 0; k < batch * n; k++) {
    const i = k % n;
    const v = sampleIndex(game.valueProbs, 0, V, rng.next());
    const b = sampleIndex(strategies[i], v * B, B, rng.next());
    valueIndex[k] = v;
    bidIndex[k] = b;
    values[k] = game.values[v]!;
    bids[k] = game.bids[b]!;
  }
  return { values, bids, valueIndex, bidIndex };
}

/** Inverse-CDF draw from probs[offset … offset + size − 1] with a uniform u ∈ [0, 1). */
export function sampleIndex(probs: Float64Array, offset: number, size: number, u: number): number {
  let c = 0;
  for (let k = 0; k < size; k++) {
    c += probs[offset + k];
    if (u < c) return k;
  }
  // Rounding: fall back to the last level with positive mass.
  for (let k = size - 1; k >= 0; k--) if (probs[offset + k] > 0) return k;
  return size - 1;
}
