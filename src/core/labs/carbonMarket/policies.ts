import { IndependentPpo, type PpoHyperparams } from '../../learning/ppo';
import type { Rng } from '../../math/rng';
import { evenEqualLatent, latentToAllocation } from './allocation';
import type { FirmType } from './economy';
import type { EpisodeState, FirmBehaviour, Government } from './simulate';

/**
 * PPO agents of the carbon-market lab on top of `learning/ppo.ts` (`IndependentPpo`, one-step episodes): a T-year
 * episode is fed to it as T samples per episode, each observation carrying the year, and each "reward" the
 * Monte-Carlo return-to-go of that year (undiscounted), so PPO's A = r − V(obs) is the usual return-minus-baseline
 * advantage (REINFORCE with a state-value baseline inside PPO's clipped surrogate; Schulman et al. 2017).
 *
 * Sample layout for `update`: agent-major `[M, T·B, ·]`, sample index t·B + k (year t of episode k).
 */

/** Rollout storage of one agent group: obs, latents, log-probs over T·B samples. */
export class Rollout {
  readonly obs: Float64Array;
  readonly z: Float64Array;
  readonly logp: Float64Array;
  readonly samples: number;
  constructor(
    readonly M: number,
    readonly B: number,
    readonly T: number,
    readonly obsDim: number,
    readonly actDim: number,
  ) {
    this.samples = T * B;
    this.obs = new Float64Array(M * this.samples * obsDim);
    this.z = new Float64Array(M * this.samples * actDim);
    this.logp = new Float64Array(M * this.samples);
  }

  /** Copy year t's `[M, B, ·]` buffers into the `[M, T·B, ·]` layout. */
  store(t: number, obs: Float64Array, z: Float64Array, logp: Float64Array): void {
    const { M, B, samples, obsDim: D, actDim: A } = this;
    for (let m = 0; m < M; m++) {
      const dst = m * samples + t * B;
      this.obs.set(obs.subarray(m * B * D, (m + 1) * B * D), dst * D);
      this.z.set(z.subarray(m * B * A, (m + 1) * B * A), dst * A);
      this.logp.set(logp.subarray(m * B, (m + 1) * B), dst);
    }
  }
}

/** Government observation size for N firms: [t/T, remaining/budget, lastPrice/penalty, N relative wealths, N relative intensities]. */
export function governmentObsDim(n: number): number {
  return 3 + 2 * n;
}

/**
 * Government observation of episode k (written at out[off…]): year t/T, remaining/budget, last price/penalty, each
 * firm's wealth / mean wealth − 1 and intensity / e₀ − 1 (so the initial state is near 0 in every coordinate).
 */
export function governmentObs(s: EpisodeState, k: number, budget: number, penalty: number, firms: readonly FirmType[], out: Float64Array, off: number): void {
  const { N } = s;
  out[off] = s.t / s.T;
  out[off + 1] = s.remaining[k] / budget;
  out[off + 2] = s.lastPrice[k] / penalty;
  let mean = 0;
  for (let i = 0; i < N; i++) mean += s.wealth[k * N + i] / N;
  for (let i = 0; i < N; i++) {
    out[off + 3 + i] = mean > 0 ? s.wealth[k * N + i] / mean - 1 : 0;
    out[off + 3 + N + i] = s.intensity[k * N + i] / firms[i].e0 - 1;
  }
}

/** How an agent group acts during a rollout: sample (training) or its mean (evaluation, frozen). */
export type ActMode = 'sample' | 'mean';

/**
 * The learned regulator: `IndependentPpo` with one agent; latent z ∈ R^(1+N) mapped by `latentToAllocation`
 * (request σ(z₀)·cap, weights softmax). The policy mean starts at `evenEqualLatent` (equal shares on the even
 * schedule), so learning starts from a classic rule and what it learns is the deviation from it.
 */
export class LearnedGovernment {
  readonly ppo: IndependentPpo;
  readonly N: number;
  constructor(
    readonly firms: readonly FirmType[],
    readonly budget: number,
    readonly years: number,
    readonly cap: number,
    readonly penalty: number,
    hyper: Partial<PpoHyperparams>,
    valueScale: number,
    rng: Rng,
  ) {
    this.N = firms.length;
    this.ppo = new IndependentPpo(
      { agents: 1, obsDim: governmentObsDim(this.N), actDim: 1 + this.N, hyper, initMean: evenEqualLatent(this.N, budget, years, cap), valueScale },
      rng,
    );
  }

  /** A `Government` for `simulate`: samples (recording into `rollout`) or plays the mean. */
  government(mode: ActMode, K: number, rng: Rng | null, rollout: Rollout | null): Government {
    const D = governmentObsDim(this.N);
    const A = 1 + this.N;
    const obs = new Float64Array(K * D);
    const z = new Float64Array(K * A);
    const logp = new Float64Array(K);
    return {
      auction: false,
      decide: (s, request, weights) => {
        for (let k = 0; k < K; k++) governmentObs(s, k, this.budget, this.penalty, this.firms, obs, k * D);
        if (mode === 'sample') this.ppo.act(obs, K, rng!, z, logp);
        else this.ppo.meanAction(obs, K, z);
        rollout?.store(s.t, obs, z, logp);
        for (let k = 0; k < K; k++) request[k] = latentToAllocation(z, k * A, this.N, s.cap, weights, k * this.N);
      },
    };
  }
}

/** Firm observation size: [t/T, intensity/e₀ − 1, last price/penalty, own share of last year's emissions·N − 1]. */
export const FIRM_OBS_DIM = 4;
/** Firm latent: [bid shading, research]. */
export const FIRM_ACT_DIM = 2;

/** Bid multiplier from a latent: e^(0.5·tanh z) ∈ [0.61, 1.65] (1 = truthful at z = 0). */
export function bidMultiplier(z: number): number {
  return Math.exp(0.5 * Math.tanh(z));
}

/** Research multiplier from a latent: e^z clipped to [0, e²] (× the rule's budget; 1 at z = 0). */
export function researchMultiplier(z: number): number {
  return Math.exp(Math.min(2, z));
}

/**
 * PPO firms: `IndependentPpo` with N agents, each learning a bid multiplier on its allowance schedule (strategic
 * trading: shading, as in the permit-auction lab) and a multiplier on the rule's research budget, from its own
 * yearly profits (returns-to-go). The means start at 0: truthful bids and the rule's research budget.
 */
export class LearnedFirms {
  readonly ppo: IndependentPpo;
  readonly N: number;
  constructor(firms: readonly FirmType[], hyper: Partial<PpoHyperparams>, valueScale: number, rng: Rng) {
    this.N = firms.length;
    this.firmsE0 = firms.map((f) => f.e0);
    this.ppo = new IndependentPpo({ agents: this.N, obsDim: FIRM_OBS_DIM, actDim: FIRM_ACT_DIM, hyper, valueScale }, rng);
  }
  private readonly firmsE0: number[];

  behaviour(mode: ActMode, K: number, penalty: number, rng: Rng | null, rollout: Rollout | null): FirmBehaviour {
    const N = this.N;
    const obs = new Float64Array(N * K * FIRM_OBS_DIM);
    const z = new Float64Array(N * K * FIRM_ACT_DIM);
    const logp = new Float64Array(N * K);
    return {
      act: (s, bidMult, researchMult) => {
        for (let i = 0; i < N; i++) {
          for (let k = 0; k < K; k++) {
            const o = (i * K + k) * FIRM_OBS_DIM;
            let total = 0;
            for (let j = 0; j < N; j++) total += s.lastEmissions[k * N + j];
            obs[o] = s.t / s.T;
            obs[o + 1] = s.intensity[k * N + i] / this.firmsE0[i] - 1;
            obs[o + 2] = s.lastPrice[k] / penalty;
            obs[o + 3] = total > 0 ? (s.lastEmissions[k * N + i] / total) * N - 1 : 0;
          }
        }
        if (mode === 'sample') this.ppo.act(obs, K, rng!, z, logp);
        else this.ppo.meanAction(obs, K, z);
        rollout?.store(s.t, obs, z, logp);
        for (let i = 0; i < N; i++) {
          for (let k = 0; k < K; k++) {
            const a = (i * K + k) * FIRM_ACT_DIM;
            bidMult[k * N + i] = bidMultiplier(z[a]);
            researchMult[k * N + i] = researchMultiplier(z[a + 1]);
          }
        }
      },
    };
  }
}
