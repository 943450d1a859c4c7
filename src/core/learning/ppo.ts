import { defaultsOf } from '../config/schema';
import type { Rng } from '../math/rng';
import { BatchedMlp } from './mlp';
import { choosePpoCompute, type PpoComputeChoice, type PpoComputeRequest } from './kernels/ppoCompute';
import { adam, type Optimizer } from './optimizers';
import type { PpoAgents, PpoPolicySnapshot, PpoTimings, PpoUpdateStats } from './ppoAgents';
import { PPO_FIELDS } from './ppoFields';

/**
 * Independent PPO (Schulman et al. 2017, "Proximal Policy Optimization Algorithms") for M agents playing
 * one-step (bandit) episodes, in plain TypeScript over typed arrays (`learning/mlp.ts`). Each agent m has
 *  - a Gaussian policy over a latent action z ∈ R^A: mean μ_m(obs) from its own MLP (obs → h → h → A, tanh) and a
 *    learned, state-independent log standard deviation vector ℓ_m ∈ R^A (σ = e^ℓ), as in Stable-Baselines3's
 *    `MlpPolicy` for Box actions;
 *  - a value MLP V_m(obs) (obs → h → h → 1) used as a baseline.
 * Episodes last one step, so the return is the reward r and the advantage is A = r − V(obs): there is nothing to
 * bootstrap (GAE with any λ, γ reduces to this). Advantages are normalized per agent per update
 * (mean 0, std 1). Agents share nothing but the minibatch index order (each agent's data are its own).
 *
 * Objective of agent m, maximized by Adam (`learning/optimizers.ts`, ascent) on minibatches over several epochs:
 *   L_clip = mean_n min(ρ_n A_n, clip(ρ_n, 1 − ε, 1 + ε) A_n),  ρ_n = π(z_n|o_n) / π_old(z_n|o_n),
 *   plus entropyCoef · H(π) (H = Σ_j ℓ_j + A/2·log(2πe)) for the policy, and
 *   −valueCoef · mean_n (r_n/valueScale − V(o_n))² for the value net.
 * The value net predicts rewards divided by `valueScale` (so its targets are O(1) whatever the currency).
 * Gradients are clipped to global norm `maxGradNorm` per agent and per network (policy incl. ℓ; value): the
 * value loss is in different units from the policy loss and would otherwise dominate one joint norm.
 * Adam runs over the stacked parameters of all agents: each parameter has its own moments, so this is
 * elementwise identical to one Adam per agent (all agents step together, so they share the step count t).
 */

/**
 * PPO hyperparameters. Defaults and bounds of all but the log-std clamp are the rows of `PPO_FIELDS`
 * (`ppoFields.ts`), after Stable-Baselines3/CleanRL continuous-control PPO except where noted there.
 */
export interface PpoHyperparams {
  /** Adam learning rate, both networks. */
  lr: number;
  /** Clip range ε of the probability ratio. */
  clip: number;
  /** Passes over each batch. */
  epochs: number;
  /** Minibatch size per agent (cut to the batch when larger). */
  minibatch: number;
  /** Entropy bonus coefficient. */
  entropyCoef: number;
  /** Value loss coefficient. Adam is invariant to a constant gradient scale, so with separate value parameters it only matters through gradient clipping. */
  valueCoef: number;
  /** Largest global gradient norm per agent and network. */
  maxGradNorm: number;
  /** Initial log standard deviation of every latent coordinate (default −1.0, σ ≈ 0.37): a narrow start, so learning starts near the initial mean (truthful bidding in the permit lab). */
  initLogStd: number;
  /** Log-std is kept in [logStdMin, logStdMax] after each step (defaults −5, 1). */
  logStdMin: number;
  logStdMax: number;
  /** Hidden width h of both MLPs. */
  hidden: number;
}

/** The defaults: `PPO_FIELDS`' defaults plus the log-std clamp [−5, 1]. */
export const DEFAULT_PPO: PpoHyperparams = { ...defaultsOf(PPO_FIELDS), logStdMin: -5, logStdMax: 1 };

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log N(z; μ, diag(e^{2ℓ})) = Σ_j [−(z_j − μ_j)²/(2e^{2ℓ_j}) − ℓ_j − ½log 2π] over `dim` coordinates starting at
 * z[zOff], mean[mOff], logStd[lOff].
 */
export function gaussianLogProb(
  z: ArrayLike<number>,
  zOff: number,
  mean: ArrayLike<number>,
  mOff: number,
  logStd: ArrayLike<number>,
  lOff: number,
  dim: number,
): number {
  let s = 0;
  for (let j = 0; j < dim; j++) {
    const l = logStd[lOff + j];
    const u = (z[zOff + j] - mean[mOff + j]) * Math.exp(-l);
    s += -0.5 * u * u - l - HALF_LOG_2PI;
  }
  return s;
}

/** Entropy of a diagonal Gaussian with log-stds ℓ: Σ_j (ℓ_j + ½ log(2πe)). */
export function gaussianEntropy(logStd: ArrayLike<number>, lOff: number, dim: number): number {
  let s = 0;
  for (let j = 0; j < dim; j++) s += logStd[lOff + j] + HALF_LOG_2PI + 0.5;
  return s;
}

/**
 * PPO's clipped surrogate of one sample, min(ρA, clip(ρ, 1 − ε, 1 + ε)A), and its derivative with respect to
 * log π (= ρ·∂/∂ρ): ρA where the unclipped term is the minimum, 0 where the clipped one is (A > 0 and ρ > 1 + ε,
 * or A < 0 and ρ < 1 − ε: the flat part of the objective).
 */
export function clippedSurrogate(ratio: number, adv: number, clip: number): { value: number; dLogProb: number } {
  const clipped = ratio < 1 - clip ? 1 - clip : ratio > 1 + clip ? 1 + clip : ratio;
  const a = ratio * adv;
  const b = clipped * adv;
  return a <= b ? { value: a, dLogProb: a } : { value: b, dLogProb: 0 };
}

/**
 * Mean clipped surrogate of n samples of one agent and its gradient with respect to the means and log-stds:
 * z, mean `[n, dim]`, oldLogProb, adv `[n]`, logStd `[dim]`; dMean `[n, dim]` and dLogStd `[dim]` are written
 * (not accumulated). ∂ log π/∂μ_j = (z_j − μ_j)/σ_j², ∂ log π/∂ℓ_j = (z_j − μ_j)²/σ_j² − 1.
 */
export function clippedObjective(
  z: ArrayLike<number>,
  mean: ArrayLike<number>,
  logStd: ArrayLike<number>,
  oldLogProb: ArrayLike<number>,
  adv: ArrayLike<number>,
  clip: number,
  n: number,
  dim: number,
  dMean: Float64Array,
  dLogStd: Float64Array,
): number {
  dLogStd.fill(0, 0, dim);
  let obj = 0;
  for (let s = 0; s < n; s++) {
    const lp = gaussianLogProb(z, s * dim, mean, s * dim, logStd, 0, dim);
    const { value, dLogProb } = clippedSurrogate(Math.exp(lp - oldLogProb[s]), adv[s], clip);
    obj += value / n;
    const g = dLogProb / n;
    for (let j = 0; j < dim; j++) {
      const iv = Math.exp(-2 * logStd[j]);
      const u = z[s * dim + j] - mean[s * dim + j];
      dMean[s * dim + j] = g * u * iv;
      dLogStd[j] = dLogStd[j] + g * (u * u * iv - 1);
    }
  }
  return obj;
}

/**
 * Normalize x[off..off+n) in place to mean 0 and standard deviation 1 (population std, + 1e−8 in the
 * denominator as in SB3); returns {mean, std} before normalization. n = 1 gives 0.
 */
export function normalizeAdvantages(x: Float64Array, off: number, n: number): { mean: number; std: number } {
  let mean = 0;
  for (let j = 0; j < n; j++) mean += x[off + j];
  mean /= n;
  let v = 0;
  for (let j = 0; j < n; j++) v += (x[off + j] - mean) ** 2;
  const std = Math.sqrt(v / n);
  for (let j = 0; j < n; j++) x[off + j] = (x[off + j] - mean) / (std + 1e-8);
  return { mean, std };
}

/** Scale g[off..off+n) ∪ g2[off2..off2+n2) so that its joint L2 norm is at most maxNorm; returns the norm before. */
function clipNorm(g: Float64Array, off: number, n: number, g2: Float64Array | null, off2: number, n2: number, maxNorm: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += g[off + j] ** 2;
  if (g2) for (let j = 0; j < n2; j++) s += g2[off2 + j] ** 2;
  const norm = Math.sqrt(s);
  if (norm > maxNorm) {
    const k = maxNorm / (norm + 1e-12);
    for (let j = 0; j < n; j++) g[off + j] = g[off + j] * k;
    if (g2) for (let j = 0; j < n2; j++) g2[off2 + j] = g2[off2 + j] * k;
  }
  return norm;
}

/**
 * Sample z = μ + e^ℓ ⊙ ε for M agents × B samples (ε ~ N(0, I) drawn from `rng` agent by agent, sample by sample,
 * coordinate by coordinate) from means `[M, B, A]` and log-stds `[M, A]`; writes z `[M, B, A]` and
 * log π(z) = Σ_j (−ε_j²/2 − ℓ_j − ½ log 2π) `[M, B]`. Shared by every `PpoAgents` implementation so that one rng
 * gives every backend the same samples.
 */
export function sampleGaussianPolicy(
  mean: ArrayLike<number>,
  logStd: ArrayLike<number>,
  M: number,
  B: number,
  A: number,
  rng: Rng,
  zOut: Float64Array,
  logpOut: Float64Array,
): void {
  for (let m = 0; m < M; m++) {
    for (let b = 0; b < B; b++) {
      const o = (m * B + b) * A;
      let lp = 0;
      for (let j = 0; j < A; j++) {
        const l = logStd[m * A + j];
        const eps = rng.normal();
        zOut[o + j] = mean[o + j] + Math.exp(l) * eps;
        lp += -0.5 * eps * eps - l - HALF_LOG_2PI;
      }
      logpOut[m * B + b] = lp;
    }
  }
}

/** Fisher–Yates shuffle of perm[0..n) with `rng.int` (from the top down), as every `PpoAgents.update` draws its minibatches. */
export function shuffleInPlace(perm: Float64Array, n: number, rng: Rng): void {
  for (let j = n - 1; j > 0; j--) {
    const r = rng.int(j + 1);
    const t = perm[j];
    perm[j] = perm[r]!;
    perm[r] = t;
  }
}

export type { PpoUpdateStats } from './ppoAgents';

/** Settings of `IndependentPpo`. */
export interface IndependentPpoOptions {
  /** Agents M. */
  agents: number;
  /** Observation size per agent. */
  obsDim: number;
  /** Latent action size per agent. */
  actDim: number;
  hyper?: Partial<PpoHyperparams>;
  /** Initial mean of the policy: the output bias of every policy net `[actDim]` (default 0); output weights start at 0.01× init. */
  initMean?: ArrayLike<number>;
  /** Rewards are divided by this for the value net's targets (default 1). */
  valueScale?: number;
  /**
   * Where the networks compute (default `auto`: `choosePpoCompute`, the WebAssembly SIMD kernels where the engine
   * has them, in float32). The kernels agree with the float64 TypeScript path (`ts`) to float32 rounding, not bit for bit.
   */
  compute?: PpoComputeRequest;
}

/**
 * M independent PPO agents with one-step episodes. Data layout: agent-major, `[M, B, ·]`: agent m's sample b of
 * an observation at (m·B + b)·obsDim. Usage per iteration: `act` (sample latents and their log-probs), step the
 * environment, `update` with the rewards. Deterministic given the rngs passed in.
 */
export class IndependentPpo implements PpoAgents {
  readonly M: number;
  readonly obsDim: number;
  readonly actDim: number;
  readonly hyper: PpoHyperparams;
  readonly policy: BatchedMlp;
  readonly value: BatchedMlp;
  /** Log standard deviations `[M, actDim]`. */
  readonly logStd: Float64Array;
  readonly logStdGrad: Float64Array;
  readonly valueScale: number;
  /** The compute path these agents got, and why. */
  readonly compute: PpoComputeChoice;
  readonly timings: PpoTimings = { forwardMs: 0, backwardMs: 0, optimizerMs: 0 };
  private readonly optPolicy: Optimizer;
  private readonly optLogStd: Optimizer;
  private readonly optValue: Optimizer;
  private buf: Record<'obs' | 'z' | 'logp' | 'adv' | 'target' | 'dMean' | 'dV' | 'perm', Float64Array> | null = null;
  private bufB = -1;

  constructor(opts: IndependentPpoOptions, rng: Rng) {
    const hp = { ...DEFAULT_PPO, ...opts.hyper };
    for (const [k, v] of Object.entries(hp)) if (!Number.isFinite(v)) throw new Error(`ppo.${k} must be a finite number (got ${v})`);
    if (!(hp.clip > 0)) throw new Error(`ppo.clip must be > 0 (got ${hp.clip})`);
    if (!Number.isInteger(hp.epochs) || hp.epochs < 1) throw new Error(`ppo.epochs must be an integer ≥ 1 (got ${hp.epochs})`);
    if (!Number.isInteger(hp.minibatch) || hp.minibatch < 1) throw new Error(`ppo.minibatch must be an integer ≥ 1 (got ${hp.minibatch})`);
    this.hyper = hp;
    this.M = opts.agents;
    this.obsDim = opts.obsDim;
    this.actDim = opts.actDim;
    this.valueScale = opts.valueScale ?? 1;
    this.compute = choosePpoCompute(opts.compute ?? 'auto', { hidden: hp.hidden });
    const kernels = this.compute.kernels;
    this.policy = new BatchedMlp(this.M, this.obsDim, hp.hidden, this.actDim, kernels, { precision: 'f32' }).init(rng, { outputGain: 0.01, outputBias: opts.initMean });
    this.value = new BatchedMlp(this.M, this.obsDim, hp.hidden, 1, kernels, { precision: 'f32' }).init(rng, { outputGain: 1 });
    this.logStd = new Float64Array(this.M * this.actDim).fill(hp.initLogStd);
    this.logStdGrad = new Float64Array(this.M * this.actDim);
    this.optPolicy = this.policy.adam(hp.lr);
    this.optLogStd = adam(hp.lr, this.logStd.length);
    this.optValue = this.value.adam(hp.lr);
  }

  /**
   * Sample latents z = μ(obs) + σ⊙ε (ε ~ N(0, I) from `rng`, drawn agent by agent, sample by sample) for obs
   * `[M, B, obsDim]`; writes z `[M, B, actDim]` and log π(z|obs) `[M, B]`.
   */
  act(obs: Float64Array, B: number, rng: Rng, zOut: Float64Array, logpOut: Float64Array): void {
    const { M, actDim: A } = this;
    const t0 = performance.now();
    const mean = this.policy.forward(obs, B);
    this.timings.forwardMs += performance.now() - t0;
    sampleGaussianPolicy(mean, this.logStd, M, B, A, rng, zOut, logpOut);
  }

  /** The deterministic (mean) latents μ(obs) `[M, B, actDim]` (written into `out`). */
  meanAction(obs: Float64Array, B: number, out: Float64Array): Float64Array {
    out.set(this.policy.forward(obs, B).subarray(0, this.M * B * this.actDim));
    return out;
  }

  /** The value net's reward predictions V(obs)·valueScale `[M, B]` (written into `out`). */
  predictValue(obs: Float64Array, B: number, out: Float64Array): Float64Array {
    const v = this.value.forward(obs, B);
    for (let j = 0; j < this.M * B; j++) out[j] = v[j] * this.valueScale;
    return out;
  }

  private buffers(B: number) {
    if (this.bufB !== B || !this.buf) {
      const { M, obsDim: D, actDim: A } = this;
      const mb = Math.min(this.hyper.minibatch, B);
      this.buf = {
        obs: new Float64Array(M * mb * D),
        z: new Float64Array(M * mb * A),
        logp: new Float64Array(M * mb),
        adv: new Float64Array(M * B),
        target: new Float64Array(M * B),
        dMean: new Float64Array(M * mb * A),
        dV: new Float64Array(M * mb),
        perm: new Float64Array(B),
      };
      this.bufB = B;
    }
    return this.buf;
  }

  /**
   * One PPO update on a batch of B one-step episodes per agent: obs `[M, B, obsDim]`, the latents z `[M, B, actDim]`
   * and their log-probs `[M, B]` from `act`, rewards `[M, B]`. `rng` shuffles the minibatches (one permutation per
   * epoch, shared by the agents); each epoch runs ⌊B/minibatch⌋ minibatches and drops the remainder (none for B = 512,
   * minibatch 256); a minibatch larger than B is cut to B. Throws `Error` (message mentions NaN) if a parameter
   * becomes NaN/Infinity.
   */
  update(obs: Float64Array, z: Float64Array, logpOld: Float64Array, rewards: ArrayLike<number>, B: number, rng: Rng): PpoUpdateStats {
    const { M, obsDim: D, actDim: A, hyper: hp } = this;
    const buf = this.buffers(B);
    const mb = Math.min(hp.minibatch, B);
    // Advantages A = r − V(obs) (one-step episodes, no bootstrapping), normalized per agent; value targets r/scale.
    const tm = this.timings;
    let t = performance.now();
    const lap = () => {
      const now = performance.now();
      const dt = now - t;
      t = now;
      return dt;
    };
    const v0 = this.value.forward(obs, B);
    tm.forwardMs += lap();
    let valueLoss = 0;
    for (let j = 0; j < M * B; j++) {
      const t = rewards[j] / this.valueScale;
      buf.target[j] = t;
      buf.adv[j] = (t - v0[j]) * this.valueScale;
      valueLoss += (t - v0[j]) ** 2 / (M * B);
    }
    for (let m = 0; m < M; m++) normalizeAdvantages(buf.adv, m * B, B);
    const perm = buf.perm;
    for (let j = 0; j < B; j++) perm[j] = j;
    let objective = 0;
    let kl = 0;
    let clipped = 0;
    let counted = 0;
    const Pp = this.policy.P;
    const Pv = this.value.P;
    for (let epoch = 0; epoch < hp.epochs; epoch++) {
      shuffleInPlace(perm, B, rng);
      const last = epoch === hp.epochs - 1;
      for (let start = 0; start + mb <= B; start += mb) {
        // Gather the minibatch, agent-major [M, mb, ·].
        for (let m = 0; m < M; m++) {
          for (let s = 0; s < mb; s++) {
            const src = m * B + perm[start + s];
            const dst = m * mb + s;
            for (let k = 0; k < D; k++) buf.obs[dst * D + k] = obs[src * D + k]!;
            for (let k = 0; k < A; k++) buf.z[dst * A + k] = z[src * A + k]!;
            buf.logp[dst] = logpOld[src]!;
          }
        }
        // Policy: ascent on the clipped surrogate + entropy bonus.
        lap(); // gathering the minibatch counts as none of the three
        const mean = this.policy.forward(buf.obs, mb);
        tm.forwardMs += lap();
        this.policy.zeroGrad();
        this.logStdGrad.fill(0);
        for (let m = 0; m < M; m++) {
          for (let s = 0; s < mb; s++) {
            const row = m * mb + s;
            const lp = gaussianLogProb(buf.z, row * A, mean, row * A, this.logStd, m * A, A);
            const diff = buf.logp[row] - lp;
            const ratio = Math.exp(-diff);
            const adv = buf.adv[m * B + perm[start + s]];
            const { value, dLogProb } = clippedSurrogate(ratio, adv, hp.clip);
            if (last) {
              objective += value;
              kl += diff;
              if (ratio < 1 - hp.clip || ratio > 1 + hp.clip) clipped++;
              counted++;
            }
            const g = dLogProb / mb;
            for (let k = 0; k < A; k++) {
              const iv = Math.exp(-2 * this.logStd[m * A + k]);
              const u = buf.z[row * A + k] - mean[row * A + k];
              buf.dMean[row * A + k] = g * u * iv;
              this.logStdGrad[m * A + k] = this.logStdGrad[m * A + k] + g * (u * u * iv - 1);
            }
          }
          for (let k = 0; k < A; k++) this.logStdGrad[m * A + k] = this.logStdGrad[m * A + k] + hp.entropyCoef;
        }
        this.policy.backward(buf.dMean);
        tm.backwardMs += lap();
        for (let m = 0; m < M; m++) clipNorm(this.policy.grad, m * Pp, Pp, this.logStdGrad, m * A, A, hp.maxGradNorm);
        this.optPolicy.ascend(this.policy.params, this.policy.grad);
        this.optLogStd.ascend(this.logStd, this.logStdGrad);
        for (let j = 0; j < this.logStd.length; j++) {
          const l = this.logStd[j];
          this.logStd[j] = l < hp.logStdMin ? hp.logStdMin : l > hp.logStdMax ? hp.logStdMax : l;
        }
        tm.optimizerMs += lap();
        // Value: ascent on −valueCoef·mean (target − V)².
        const v = this.value.forward(buf.obs, mb);
        tm.forwardMs += lap();
        this.value.zeroGrad();
        for (let m = 0; m < M; m++) {
          for (let s = 0; s < mb; s++) {
            const row = m * mb + s;
            buf.dV[row] = (2 * hp.valueCoef * (buf.target[m * B + perm[start + s]] - v[row])) / mb;
          }
        }
        this.value.backward(buf.dV);
        tm.backwardMs += lap();
        for (let m = 0; m < M; m++) clipNorm(this.value.grad, m * Pv, Pv, null, 0, 0, hp.maxGradNorm);
        this.optValue.ascend(this.value.params, this.value.grad);
        tm.optimizerMs += lap();
      }
    }
    for (const p of [this.policy.params, this.value.params, this.logStd]) {
      for (let j = 0; j < p.length; j++) if (!Number.isFinite(p[j])) throw new Error('PPO parameters became NaN or infinite');
    }
    let entropy = 0;
    for (let m = 0; m < M; m++) entropy += gaussianEntropy(this.logStd, m * A, A) / M;
    return {
      policyObjective: counted ? objective / counted : 0,
      valueLoss,
      entropy,
      approxKl: counted ? kl / counted : 0,
      clipFraction: counted ? clipped / counted : 0,
    };
  }

  resetTimings(): void {
    this.timings.forwardMs = 0;
    this.timings.backwardMs = 0;
    this.timings.optimizerMs = 0;
  }

  exportPolicies(): PpoPolicySnapshot {
    return {
      format: 'auction-lab/ppo-policies',
      version: 1,
      agents: this.M,
      obsDim: this.obsDim,
      hidden: this.hyper.hidden,
      actDim: this.actDim,
      policyParams: Array.from(this.policy.params),
      logStd: Array.from(this.logStd),
    };
  }

  /** Replace the policies by `snapshot`'s (same shape; throws naming the mismatch). Value nets and optimizer state are kept. */
  importPolicies(snapshot: PpoPolicySnapshot): void {
    const want = { agents: this.M, obsDim: this.obsDim, hidden: this.hyper.hidden, actDim: this.actDim };
    for (const [k, v] of Object.entries(want)) {
      const got = snapshot[k as keyof typeof want];
      if (got !== v) throw new Error(`policy file: ${k} is ${got}, this run needs ${v}`);
    }
    if (snapshot.policyParams.length !== this.policy.params.length || snapshot.logStd.length !== this.logStd.length) {
      throw new Error('policy file: the parameter count does not match');
    }
    this.policy.params.set(snapshot.policyParams);
    this.logStd.set(snapshot.logStd);
  }

  dispose(): void {}

}
