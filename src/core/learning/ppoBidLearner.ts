import { createRng, type Rng } from '../math/rng';
import { clearRankAllPay } from '../mechanisms/allPayRank';
import {
  evaluateProfile,
  makeReport,
  nearestBidLevel,
  sampleIndex,
  strategyDistance,
  type BidLearnerReport,
  type DiscreteAllPayGame,
  type DiscreteBidLearner,
  type DiscreteLearnerConfig,
} from './discreteBidLearner';
import { IndependentPpo, type PpoHyperparams } from './ppo';

/**
 * Independent PPO bidders on the rank-order all-pay game (the "deep RL" option of the public reproduction of
 * Gemp et al. 2022), built on `IndependentPpo` (`learning/ppo.ts`, one-step episodes, Gaussian policy over a
 * latent). Each learning bidder is one PPO agent whose observation is its value, rescaled to 2v − 1, and whose
 * 1-D latent z maps to a bid b = bidMax·σ(z) (σ the logistic function: every latent is a valid bid in
 * [0, bidMax], the top of the game's bid grid). One iteration plays `contestsPerIteration` contests: values are
 * drawn from the game's value levels, learning bidders sample z from their policies, frozen bidders sample their
 * fixed grid strategy; the contests are cleared by `clearRankAllPay` (random ties) and each agent is updated on
 * its rewards v·share − payment.
 *
 * Reported strategies (for revenue, exploitability and the bid function, all exact on the discretized game) are
 * the deterministic policies: at each value level, the grid bid nearest to bidMax·σ(μ(v)), so a report
 * describes what the bidders learned, not their exploration noise (as with the bandit's greedy policies).
 * Training bids are continuous; the grid is only the lens of the report.
 */
export interface PpoBidLearnerConfig extends DiscreteLearnerConfig {
  /** Contests per iteration (the PPO batch per agent), default 256. */
  contestsPerIteration?: number;
  /**
   * PPO settings over `DEFAULT_PPO`; here lr defaults to 3e-3 (one-step, 1-D problem), minibatch 128, epochs 4,
   * initLogStd −0.5 (σ ≈ 0.6 in latent units: early bids spread widely), hidden 16.
   */
  hyper?: Partial<PpoHyperparams>;
}

/** PPO settings this learner starts from (see `PpoBidLearnerConfig.hyper`). */
export const PPO_BIDDER_DEFAULTS: Partial<PpoHyperparams> = { lr: 3e-3, minibatch: 128, epochs: 4, initLogStd: -0.5, hidden: 16 };

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export class PpoBidLearner implements DiscreteBidLearner {
  readonly game: DiscreteAllPayGame;
  readonly ppo: IndependentPpo;
  private t = 0;
  private readonly rng: Rng;
  private readonly frozen: (Float64Array | null)[];
  private readonly learners: number[];
  private readonly B: number;
  private readonly bidMax: number;
  private greedy: Float64Array[];
  private readonly buf: { obs: Float64Array; z: Float64Array; logp: Float64Array; rewards: Float64Array; bids: Float64Array; vIdx: Int32Array; levelObs: Float64Array; levelMean: Float64Array };

  constructor(game: DiscreteAllPayGame, config: PpoBidLearnerConfig = {}) {
    this.game = game;
    this.rng = createRng(config.seed ?? 0);
    const n = game.bidders;
    this.frozen = Array.from({ length: n }, (_, i) => (config.frozen?.[i] ? Float64Array.from(config.frozen[i]) : null));
    this.learners = this.frozen.flatMap((f, i) => (f ? [] : [i]));
    if (!this.learners.length) throw new Error('PPO needs at least one learning bidder');
    this.B = Math.max(8, Math.floor(config.contestsPerIteration ?? 256));
    this.bidMax = game.bids[game.bids.length - 1]!;
    const M = this.learners.length;
    const hyper = { ...PPO_BIDDER_DEFAULTS, ...config.hyper };
    hyper.minibatch = Math.min(hyper.minibatch ?? 128, this.B);
    this.ppo = new IndependentPpo({ agents: M, obsDim: 1, actDim: 1, hyper }, this.rng.fork());
    const V = game.values.length;
    this.buf = {
      obs: new Float64Array(M * this.B),
      z: new Float64Array(M * this.B),
      logp: new Float64Array(M * this.B),
      rewards: new Float64Array(M * this.B),
      bids: new Float64Array(this.B * n),
      vIdx: new Int32Array(this.B * n),
      levelObs: new Float64Array(M * V),
      levelMean: new Float64Array(M * V),
    };
    for (let m = 0; m < M; m++) for (let v = 0; v < V; v++) this.buf.levelObs[m * V + v] = 2 * game.values[v] - 1;
    this.greedy = this.currentStrategies();
  }

  get iteration(): number {
    return this.t;
  }

  strategies(): Float64Array[] {
    return this.greedy.map((s) => Float64Array.from(s));
  }

  /** The deterministic policies on the grid (frozen bidders: their fixed strategies), n × `[V, B]`. */
  private currentStrategies(): Float64Array[] {
    const { game } = this;
    const V = game.values.length;
    const Bg = game.bids.length;
    const mean = this.ppo.meanAction(this.buf.levelObs, V, this.buf.levelMean);
    const out = this.frozen.map((f) => f ?? new Float64Array(V * Bg));
    this.learners.forEach((i, m) => {
      for (let v = 0; v < V; v++) out[i][v * Bg + nearestBidLevel(game, this.bidMax * sigmoid(mean[m * V + v]))] = 1;
    });
    return out;
  }

  step(): BidLearnerReport {
    const { game, B, buf } = this;
    const n = game.bidders;
    const V = game.values.length;
    const Bg = game.bids.length;
    const M = this.learners.length;
    this.t++;
    // Values for every bidder of every contest; learners' observations in agent-major layout.
    for (let r = 0; r < B; r++) {
      for (let i = 0; i < n; i++) buf.vIdx[r * n + i] = sampleIndex(game.valueProbs, 0, V, this.rng.next());
    }
    this.learners.forEach((i, m) => {
      for (let r = 0; r < B; r++) buf.obs[m * B + r] = 2 * game.values[buf.vIdx[r * n + i]] - 1;
    });
    this.ppo.act(buf.obs, B, this.rng, buf.z, buf.logp);
    for (let r = 0; r < B; r++) {
      for (let i = 0; i < n; i++) {
        const f = this.frozen[i];
        if (f) buf.bids[r * n + i] = game.bids[sampleIndex(f, buf.vIdx[r * n + i] * Bg, Bg, this.rng.next())]!;
      }
    }
    this.learners.forEach((i, m) => {
      for (let r = 0; r < B; r++) buf.bids[r * n + i] = this.bidMax * sigmoid(buf.z[m * B + r]);
    });
    const out = clearRankAllPay(buf.bids, B, n, { reading: game.reading, w: game.w, tieBreak: 'random', rng: this.rng });
    this.learners.forEach((i, m) => {
      for (let r = 0; r < B; r++) {
        const j = r * n + i;
        buf.rewards[m * B + r] = game.values[buf.vIdx[j]] * out.shares[j] - out.payments[j];
      }
    });
    this.ppo.update(buf.obs, buf.z, buf.logp, buf.rewards, B, this.rng);
    const next = this.currentStrategies();
    let change = 0;
    for (const i of this.learners) change += strategyDistance(game, this.greedy[i], next[i]);
    this.greedy = next;
    return makeReport(game, this.t, this.greedy, this.frozen.map((f) => !f), change / M, evaluateProfile(game, this.greedy));
  }
}
