import { createRng, type Rng } from '../math/rng';
import {
  evaluateProfile,
  makeReport,
  strategyDistance,
  uniformStrategy,
  type BidLearnerReport,
  type DiscreteAllPayGame,
  type DiscreteBidLearner,
  type DiscreteLearnerConfig,
} from './discreteBidLearner';

/**
 * Fictitious play (Brown 1951; Fudenberg & Levine, *The Theory of Learning in Games*, ch. 2) on the
 * discretized rank-order all-pay game, as in Gemp et al. 2022 (*Sci. Rep.* 12:16937), who train bidders with
 * FP before reading off the revenue of a rule (w, 1 − w, 0).
 *
 * Each bidder's strategy σ_i `[V, B]` is the empirical mixture of what it played so far:
 * σ_i ← σ_i + (played_i − σ_i)/t at iteration t (σ_i starts uniform and is replaced at t = 1). In the first
 * `explorationIterations` iterations every bidder plays a uniformly random pure bid per value level (seeded);
 * afterwards it plays a pure best response, per value level, to the others' current mixtures, computed
 * exactly by `evaluateProfile` (rank distribution by a dynamic program over the opponents; ties uniform at
 * random; lowest bid among equal payoffs). All bidders update simultaneously.
 *
 * `symmetric: true` keeps one shared strategy (bidder 0 best-responds to n − 1 copies of it) — the symmetric
 * FP of a symmetric game; otherwise every bidder has its own. `frozen` bidders never update (asymmetric only).
 */
export interface FictitiousPlayConfig extends DiscreteLearnerConfig {
  symmetric?: boolean;
}

export class FictitiousPlay implements DiscreteBidLearner {
  readonly game: DiscreteAllPayGame;
  private t = 0;
  private readonly sigma: Float64Array[];
  private readonly learning: boolean[];
  private readonly rng: Rng;
  private readonly exploration: number;
  private readonly symmetric: boolean;

  constructor(game: DiscreteAllPayGame, config: FictitiousPlayConfig = {}) {
    this.game = game;
    this.rng = createRng(config.seed ?? 0);
    this.exploration = Math.max(0, Math.floor(config.explorationIterations ?? 0));
    this.symmetric = config.symmetric ?? false;
    const n = game.bidders;
    const frozen = config.frozen ?? [];
    if (this.symmetric && frozen.some((f) => f)) throw new Error('frozen bidders need symmetric: false');
    this.learning = Array.from({ length: n }, (_, i) => !frozen[i]);
    this.sigma = Array.from({ length: n }, (_, i) => Float64Array.from(frozen[i] ?? uniformStrategy(game)));
  }

  get iteration(): number {
    return this.t;
  }

  /** Iterations of uniformly random play before the best responses start. */
  get explorationIterations(): number {
    return this.exploration;
  }

  strategies(): Float64Array[] {
    return this.sigma.map((s) => Float64Array.from(s));
  }

  step(): BidLearnerReport {
    const { game } = this;
    const V = game.values.length;
    const B = game.bids.length;
    const n = game.bidders;
    this.t++;
    const t = this.t;
    const explore = t <= this.exploration;
    const brs = explore ? null : evaluateProfile(game, this.sigma).bestResponses;
    const updated = this.symmetric ? [0] : this.sigma.map((_, i) => i).filter((i) => this.learning[i]);
    let change = 0;
    const before = this.sigma.map((s) => Float64Array.from(s));
    for (const i of updated) {
      const s = this.sigma[i];
      const step = 1 / t;
      for (let v = 0; v < V; v++) {
        const k = explore ? this.rng.int(B) : brs![i][v];
        for (let l = 0; l < B; l++) s[v * B + l] = s[v * B + l] * (1 - step);
        s[v * B + k] = s[v * B + k] + step;
      }
      change += strategyDistance(game, before[i], s);
    }
    if (this.symmetric) for (let i = 1; i < n; i++) this.sigma[i].set(this.sigma[0]);
    change /= Math.max(1, updated.length);
    return makeReport(game, t, this.sigma, this.symmetric ? this.sigma.map(() => true) : this.learning, change);
  }
}

/**
 * Run fictitious play until its exploitability (`BidLearnerReport.exploitability`, value units) is at most
 * `tolerance`, with `iterations` as a cap (FP's exploitability falls roughly as 5/t on the lab's 21 × 51 grid, so
 * a cap rather than a fixed budget lets every n stop once it is close enough); `onReport` sees every report.
 * Without a tolerance it runs exactly `iterations`. Returns the last report, the final strategies and whether the
 * tolerance was reached (`converged`; always false without one).
 */
export function runFictitiousPlay(
  game: DiscreteAllPayGame,
  iterations: number,
  config: FictitiousPlayConfig = {},
  onReport?: (report: BidLearnerReport) => void,
  tolerance?: number,
): { report: BidLearnerReport; strategies: Float64Array[]; converged: boolean } {
  const fp = new FictitiousPlay(game, config);
  let report: BidLearnerReport | null = null;
  let converged = false;
  for (let it = 0; it < iterations; it++) {
    report = fp.step();
    onReport?.(report);
    if (tolerance !== undefined && it + 1 > fp.explorationIterations && report.exploitability <= tolerance) {
      converged = true;
      break;
    }
  }
  if (!report) throw new Error('iterations must be ≥ 1');
  return { report, strategies: fp.strategies(), converged };
}
