import { createRng, type Rng } from '../math/rng';
import { clearRankAllPay } from '../mechanisms/allPayRank';
import {
  evaluateProfile,
  makeReport,
  sampleIndex,
  strategyDistance,
  type BidLearnerReport,
  type DiscreteAllPayGame,
  type DiscreteBidLearner,
  type DiscreteLearnerConfig,
} from './discreteBidLearner';

/**
 * ε-greedy multi-armed bandits on the discretized rank-order all-pay game (Sutton & Barto, *Reinforcement
 * Learning*, 2nd ed., §2.2–2.4): every learning bidder keeps, for every value level v, the running mean reward
 * Q[v, k] of each bid level k (sample averages, Q starts at 0). One iteration plays `roundsPerIteration`
 * contests: each bidder draws its value level from the prior, a learning bidder bids uniformly at random with
 * probability ε and otherwise the greedy bid argmax_k Q[v, k] (ties among the maxima broken at random); frozen
 * bidders sample their fixed strategy. The contests are cleared by `clearRankAllPay` (random ties) and each
 * bidder's reward v·share − payment updates Q[v, k] of the arm it pulled. The public reproduction of Gemp et
 * al. 2022 trains its agents this way.
 *
 * Exploration schedule: `'constant'` (ε throughout) or `'linear'` (ε decays linearly from `epsilon` to
 * `epsilonMin` over the first `explorationIterations` iterations, then stays at `epsilonMin`).
 *
 * Reported strategies are the **greedy** policies (pure: lowest bid among equal Q; value levels never seen
 * bid 0), so exploitability and revenue describe what the bidders have learned, not their exploration noise.
 */
export interface EpsilonGreedyConfig extends DiscreteLearnerConfig {
  /** Exploration rate (constant) or its starting value (linear), default 0.1. */
  epsilon?: number;
  /** Final exploration rate of the linear schedule, default 0. */
  epsilonMin?: number;
  schedule?: 'constant' | 'linear';
  /** Contests played per iteration, default 100. */
  roundsPerIteration?: number;
}

export class EpsilonGreedyBandit implements DiscreteBidLearner {
  readonly game: DiscreteAllPayGame;
  private t = 0;
  private readonly rng: Rng;
  private readonly q: Float64Array[];
  private readonly counts: Float64Array[];
  private readonly frozen: (Float64Array | null)[];
  private readonly learning: boolean[];
  private greedy: Float64Array[];
  private readonly cfg: Required<Omit<EpsilonGreedyConfig, 'frozen' | 'seed'>>;

  constructor(game: DiscreteAllPayGame, config: EpsilonGreedyConfig = {}) {
    this.game = game;
    this.rng = createRng(config.seed ?? 0);
    this.cfg = {
      epsilon: config.epsilon ?? 0.1,
      epsilonMin: config.epsilonMin ?? 0,
      schedule: config.schedule ?? 'constant',
      roundsPerIteration: Math.max(1, Math.floor(config.roundsPerIteration ?? 100)),
      explorationIterations: Math.max(0, Math.floor(config.explorationIterations ?? 0)),
    };
    const n = game.bidders;
    const size = game.values.length * game.bids.length;
    this.frozen = Array.from({ length: n }, (_, i) => (config.frozen?.[i] ? Float64Array.from(config.frozen[i]) : null));
    this.learning = this.frozen.map((f) => !f);
    this.q = Array.from({ length: n }, () => new Float64Array(size));
    this.counts = Array.from({ length: n }, () => new Float64Array(size));
    this.greedy = Array.from({ length: n }, (_, i) => this.frozen[i] ?? this.greedyPolicy(i));
  }

  get iteration(): number {
    return this.t;
  }

  /** Exploration rate used in iteration `t` (1-based). */
  epsilonAt(t: number): number {
    const { epsilon, epsilonMin, schedule, explorationIterations } = this.cfg;
    if (schedule === 'constant' || explorationIterations === 0) return schedule === 'constant' ? epsilon : epsilonMin;
    const frac = Math.min(1, (t - 1) / explorationIterations);
    return epsilon + (epsilonMin - epsilon) * frac;
  }

  strategies(): Float64Array[] {
    return this.greedy.map((s) => Float64Array.from(s));
  }

  /** Running-mean rewards of bidder i, `[V, B]` (copy). */
  qValues(i: number): Float64Array {
    return Float64Array.from(this.q[i]);
  }

  private greedyPolicy(i: number): Float64Array {
    const V = this.game.values.length;
    const B = this.game.bids.length;
    const s = new Float64Array(V * B);
    const q = this.q[i];
    const c = this.counts[i];
    for (let v = 0; v < V; v++) {
      let best = -1;
      for (let k = 0; k < B; k++) if (c[v * B + k] > 0 && (best < 0 || q[v * B + k] > q[v * B + best])) best = k;
      s[v * B + Math.max(0, best)] = 1;
    }
    return s;
  }

  private act(i: number, v: number, eps: number): number {
    const B = this.game.bids.length;
    if (this.rng.next() < eps) return this.rng.int(B);
    const q = this.q[i];
    let best = -Infinity;
    let pick = 0;
    let ties = 0;
    for (let k = 0; k < B; k++) {
      const x = q[v * B + k];
      if (x > best) {
        best = x;
        pick = k;
        ties = 1;
      } else if (x === best && this.rng.int(++ties) === 0) pick = k;
    }
    return pick;
  }

  step(): BidLearnerReport {
    const { game } = this;
    const n = game.bidders;
    const V = game.values.length;
    const B = game.bids.length;
    this.t++;
    const eps = this.epsilonAt(this.t);
    const R = this.cfg.roundsPerIteration;
    const bids = new Float64Array(R * n);
    const vIdx = new Int32Array(R * n);
    const bIdx = new Int32Array(R * n);
    for (let r = 0; r < R; r++) {
      for (let i = 0; i < n; i++) {
        const v = sampleIndex(game.valueProbs, 0, V, this.rng.next());
        const f = this.frozen[i];
        const k = f ? sampleIndex(f, v * B, B, this.rng.next()) : this.act(i, v, eps);
        vIdx[r * n + i] = v;
        bIdx[r * n + i] = k;
        bids[r * n + i] = game.bids[k]!;
      }
    }
    const out = clearRankAllPay(bids, R, n, { reading: game.reading, w: game.w, tieBreak: 'random', rng: this.rng });
    for (let j = 0; j < R * n; j++) {
      const i = j % n;
      if (!this.learning[i]) continue;
      const cell = vIdx[j] * B + bIdx[j];
      const reward = game.values[vIdx[j]] * out.shares[j] - out.payments[j];
      const c = (this.counts[i][cell] = this.counts[i][cell] + 1);
      this.q[i][cell] = this.q[i][cell] + (reward - this.q[i][cell]) / c;
    }
    let change = 0;
    let learners = 0;
    const next = this.greedy.map((g, i) => {
      if (!this.learning[i]) return g;
      const s = this.greedyPolicy(i);
      change += strategyDistance(game, g, s);
      learners++;
      return s;
    });
    this.greedy = next;
    return makeReport(game, this.t, this.greedy, this.learning, change / Math.max(1, learners), evaluateProfile(game, this.greedy));
  }
}
