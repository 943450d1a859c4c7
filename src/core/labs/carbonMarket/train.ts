import type { PpoHyperparams } from '../../learning/ppo';
import { createRng, type Rng } from '../../math/rng';
import { RunDiverged } from '../runControl';
import { meanStd } from './evaluate';
import { AllowanceMarket } from './market';
import { LearnedFirms, LearnedGovernment, Rollout, FIRM_ACT_DIM, FIRM_OBS_DIM, governmentObsDim } from './policies';
import { classicGovernment, createTrace, simulate, type EpisodeTrace, type MarketSettings } from './simulate';

/** How the government and PPO firms take turns. */
export type TrainingSchedule = 'firms-first' | 'alternating';

/** Training settings of the carbon-market lab. */
export interface TrainOptions {
  /** Government PPO updates (integer ≥ 1). */
  iterations: number;
  /** Episodes simulated per update B (each gives T samples). */
  episodesPerUpdate: number;
  /** `rule`: rule-based firms (nothing to train); `ppo`: PPO firms. */
  firms: 'rule' | 'ppo';
  /** PPO firms only: firms first (against equal shares), then the government on the frozen firms; or alternating updates. */
  schedule: TrainingSchedule;
  /** PPO firms, firms-first only: firm updates before the government's. */
  firmIterations: number;
  /** Validate the regulator's mean policy every this many updates (and after the last); the best is kept. */
  validateEvery: number;
  /** Validation episodes (their own seeds, disjoint from the evaluation seeds). */
  validationEpisodes: number;
  /** Government PPO hyperparameters over `GOVERNMENT_PPO`. */
  ppo: Partial<PpoHyperparams>;
}

/**
 * The regulator's PPO settings over `DEFAULT_PPO`: a faster lr than the permit lab's 3e-4 (one agent, T·B = 640
 * samples per update), minibatch 128, hidden 32.
 */
export const GOVERNMENT_PPO: Partial<PpoHyperparams> = { lr: 3e-3, minibatch: 128, hidden: 32, initLogStd: -1, entropyCoef: 0 };
/** The PPO firms' settings over `DEFAULT_PPO`. */
export const FIRM_PPO: Partial<PpoHyperparams> = { lr: 3e-3, minibatch: 128, hidden: 16, initLogStd: -1.5, entropyCoef: 0 };

/** Government returns-to-go: G_{t,k} = J_{T,k} − J_{t−1,k} (J after year t; J₋₁ = J before year 1), into out[t·B + k]. */
export function governmentReturns(tr: EpisodeTrace, out: Float64Array): Float64Array {
  const { K, T } = tr;
  for (let k = 0; k < K; k++) {
    const end = tr.objective[(T - 1) * K + k];
    for (let t = 0; t < T; t++) out[t * K + k] = end - (t === 0 ? tr.objective0[k] : tr.objective[(t - 1) * K + k]);
  }
  return out;
}

/** Firm returns-to-go: G_{i,t,k} = Σ_{s ≥ t} profit_{s,k,i} (undiscounted), into out[i·T·K + t·K + k]. */
export function firmReturns(tr: EpisodeTrace, out: Float64Array): Float64Array {
  const { K, T, N } = tr;
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < K; k++) {
      let g = 0;
      for (let t = T - 1; t >= 0; t--) {
        g += tr.profit[(t * K + k) * N + i];
        out[i * T * K + t * K + k] = g;
      }
    }
  }
  return out;
}

/** One training update's figures (sampled policies, so noisier than validation). */
export interface TrainStep {
  /** 1-based update count over both phases. */
  update: number;
  phase: 'firms' | 'government' | 'alternating';
  /** Mean final objective of the sampled episodes. */
  objective: number;
  /** Mean firm profit over the horizon (currency). */
  firmProfit: number;
  /** Validation objective of the mean policy, when validated this update. */
  validation: number | null;
}

/**
 * Trains the regulator (and PPO firms) by simulation. Usage: `step()` until `done`, then `restoreBest()`.
 * Deterministic given the seed.
 */
export class CarbonTrainer {
  readonly government: LearnedGovernment;
  readonly firms: LearnedFirms | null;
  readonly total: number;
  /** Validation objective of the starting policy (≈ equal shares on the even schedule). */
  readonly initialValidation: number;
  private updates = 0;
  private readonly rng: Rng;
  private readonly validationSeeds: number[];
  private best = -Infinity;
  private bestParams: Float64Array | null = null;
  private readonly market: AllowanceMarket;
  private readonly B: number;

  constructor(
    readonly settings: MarketSettings,
    readonly options: TrainOptions,
    seed: number,
  ) {
    this.rng = createRng(seed ^ 0x7a11c0de);
    this.B = options.episodesPerUpdate;
    const s = settings;
    const N = s.firms.length;
    // Scales for the value nets' targets: the equal-shares objective and firm profits of one episode.
    const probe = simulate(s, classicGovernment('equal'), null, [createRng(seed)], createTrace(1, N, s.years));
    const objScale = Math.max(1, Math.abs(probe.objective[s.years - 1]));
    let profit = 0;
    for (let j = 0; j < probe.profit.length; j++) profit += probe.profit[j] / N;
    this.government = new LearnedGovernment(s.firms, s.budget, s.years, s.maxYearShare * s.budget, s.economy.penalty, { ...GOVERNMENT_PPO, ...options.ppo }, objScale, this.rng);
    this.firms = options.firms === 'ppo' ? new LearnedFirms(s.firms, FIRM_PPO, Math.max(1, Math.abs(profit)), this.rng) : null;
    this.total = options.iterations + (this.firms && options.schedule === 'firms-first' ? options.firmIterations : 0);
    this.validationSeeds = Array.from({ length: options.validationEpisodes }, (_, i) => 100_000 + i);
    this.market = new AllowanceMarket(this.B, N, s.marketSteps);
    // The starting policy (≈ equal shares on the even schedule) is the first checkpoint.
    this.best = this.validate();
    this.initialValidation = this.best;
    this.bestParams = this.snapshot();
  }

  get done(): boolean {
    return this.updates >= this.total;
  }

  get updatesDone(): number {
    return this.updates;
  }

  /** Phase of the next update. */
  get phase(): TrainStep['phase'] {
    if (!this.firms) return 'government';
    if (this.options.schedule === 'alternating') return 'alternating';
    return this.updates < this.options.firmIterations ? 'firms' : 'government';
  }

  /** Mean final objective of the regulator's mean policy (frozen firms) on the validation seeds. */
  validate(): number {
    const K = this.validationSeeds.length;
    const rngs = this.validationSeeds.map((x) => createRng(x));
    const tr = simulate(
      this.settings,
      this.government.government('mean', K, null, null),
      this.firms ? this.firms.behaviour('mean', K, this.settings.economy.penalty, null, null) : null,
      rngs,
      createTrace(K, this.settings.firms.length, this.settings.years),
    );
    const obj: number[] = [];
    for (let k = 0; k < K; k++) obj.push(tr.objective[(this.settings.years - 1) * K + k]);
    return meanStd(obj).mean;
  }

  /** One PPO update (of the firms, the government, or both); validates on schedule and keeps the best regulator. */
  step(): TrainStep {
    const s = this.settings;
    const { B } = this;
    const N = s.firms.length;
    const T = s.years;
    const phase = this.phase;
    const trainGov = phase !== 'firms';
    const trainFirms = this.firms !== null && phase !== 'government';
    const govRoll = trainGov ? new Rollout(1, B, T, governmentObsDim(N), 1 + N) : null;
    const firmRoll = trainFirms ? new Rollout(N, B, T, FIRM_OBS_DIM, FIRM_ACT_DIM) : null;
    const gov = phase === 'firms' ? classicGovernment('equal') : this.government.government(trainGov ? 'sample' : 'mean', B, this.rng, govRoll);
    const firms = this.firms ? this.firms.behaviour(trainFirms ? 'sample' : 'mean', B, s.economy.penalty, this.rng, firmRoll) : null;
    const rngs = Array.from({ length: B }, () => this.rng.fork());
    const tr = simulate(s, gov, firms, rngs, createTrace(B, N, T), this.market);
    if (govRoll) {
      const g = governmentReturns(tr, new Float64Array(T * B));
      this.government.ppo.update(govRoll.obs, govRoll.z, govRoll.logp, g, T * B, this.rng);
    }
    if (firmRoll && this.firms) {
      const g = firmReturns(tr, new Float64Array(N * T * B));
      this.firms.ppo.update(firmRoll.obs, firmRoll.z, firmRoll.logp, g, T * B, this.rng);
    }
    this.updates++;
    let objective = 0;
    let firmProfit = 0;
    for (let k = 0; k < B; k++) objective += tr.objective[(T - 1) * B + k] / B;
    for (let j = 0; j < tr.profit.length; j++) firmProfit += tr.profit[j] / (B * N);
    if (!Number.isFinite(objective)) throw new RunDiverged('the government objective');
    let validation: number | null = null;
    const govUpdates = trainGov ? this.updates - (this.total - this.options.iterations) : 0;
    if (trainGov && (govUpdates % this.options.validateEvery === 0 || this.done)) {
      validation = this.validate();
      if (validation > this.best) {
        this.best = validation;
        this.bestParams = this.snapshot();
      }
    }
    return { update: this.updates, phase, objective, firmProfit, validation };
  }

  private snapshot(): Float64Array {
    const p = this.government.ppo.policy.params;
    const out = new Float64Array(p.length);
    out.set(p);
    return out;
  }

  /** Put back the regulator's best validated policy mean (checkpoint selection on validation seeds only). */
  restoreBest(): number {
    if (this.bestParams) this.government.ppo.policy.params.set(this.bestParams);
    return this.best;
  }
}
