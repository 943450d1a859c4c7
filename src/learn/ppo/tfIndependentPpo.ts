import type { Scalar, Tensor, Tensor2D, Tensor3D, Variable } from '@tensorflow/tfjs-core';
import type { Rng } from '../../core/math/rng';
import { gaussianEntropy, IndependentPpo, normalizeAdvantages, sampleGaussianPolicy, shuffleInPlace, type IndependentPpoOptions, type PpoHyperparams } from '../../core/learning/ppo';
import type { PpoAgents, PpoPolicySnapshot, PpoTimings, PpoUpdateStats } from '../../core/learning/ppoAgents';
import type { Tf } from '../tf';
import { mlpForward, splitLayers, type MlpShape } from './batchedMlpTf';
import { RowAdam } from './rowAdam';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Independent PPO for M agents with one-step episodes in tfjs: the same algorithm, defaults, data layout and
 * random-number use as the plain-TypeScript `IndependentPpo` (`core/learning/ppo.ts`, whose TSDoc gives the
 * formulas: Gaussian policy with a state-independent log-std clamped to [logStdMin, logStdMax], tanh MLPs
 * obs → h → h → A and obs → h → h → 1, per-agent advantage normalization, clipped surrogate + entropy bonus,
 * valueCoef·MSE value loss with targets r/valueScale, per-agent per-network gradient-norm clipping, Adam ascent,
 * ⌊B/minibatch⌋ minibatches per epoch over one permutation per epoch drawn from the update's `rng`).
 *
 * Differences are only in how the numbers are computed:
 *  - gradients come from tfjs autograd (`variableGrads`) instead of the hand-written backward pass, in float32;
 *  - all 2M networks (M policies, M value nets) are ONE batched network over `[2M, B, ·]`, so a minibatch costs
 *    one forward/backward of 3 batched matrix products and one `RowAdam` step (per-op overhead, not arithmetic,
 *    dominates at these sizes). One variable θ `[2M, R]`, R = P_policy + A, `BatchedMlp` layout per row:
 *    rows 0..M−1 are the policies followed by their log-stds (so the plain path's joint policy + log-std norm is
 *    one row norm); rows M..2M−1 are the value nets, given A outputs of which only output 0 is used (the unused
 *    output weights and the unused log-std columns get zero gradient, hence no Adam step, and stay 0). The plain
 *    path steps the policy and then the value net; the value loss does not depend on the policy, so one joint
 *    step is the same update;
 *  - the initial parameters are `IndependentPpo`'s, drawn from the same `rng` in the same order, so one seed
 *    gives both paths the same start (up to float32 rounding).
 * Sampling noise, advantages and permutations are computed in TypeScript (float64) exactly as in the plain path.
 *
 * Every tfjs computation runs inside `tf.tidy` (or is disposed); `dispose()` frees all variables. Readbacks are
 * asynchronous (`await tensor.data()`), so `act`, `meanAction`, `update` and `exportPolicies` return promises:
 * tfjs-backend-webgpu's synchronous `dataSync` copies through an OffscreenCanvas, which on Chromium's software
 * (SwiftShader) adapter read back zeros and then broke buffer uploads (`createBuffer ... mappedAtCreation`), while
 * `data()` maps a staging buffer (`mapAsync`) and works. On asynchronous backends (webgl, webgpu) the timings
 * include waiting for the device and are attributed to the phase that reads back (forward for act and the value
 * baseline).
 */
export class TfIndependentPpo implements PpoAgents {
  readonly M: number;
  readonly obsDim: number;
  readonly actDim: number;
  readonly hyper: PpoHyperparams;
  readonly valueScale: number;
  /** Log standard deviations `[M, actDim]`, a float64 copy of the variable's values refreshed after every update. */
  readonly logStd: Float64Array;
  readonly timings: PpoTimings = { forwardMs: 0, backwardMs: 0, optimizerMs: 0 };
  /** Policies + log-stds (rows 0..M−1) and value nets (rows M..2M−1), `[2M, R]`. */
  private readonly theta: Variable;
  private readonly opt: RowAdam;
  /** One half (M networks) and the whole (2M) of the stacked network. */
  private readonly half: MlpShape;
  private readonly whole: MlpShape;
  /** Parameters per policy net (P_policy) and per value net (P_value); row length R = P_policy + A. */
  private readonly Pp: number;
  private readonly Pv: number;
  private readonly R: number;
  private buf: Record<'obs' | 'z' | 'logp' | 'adv' | 'target', Float32Array> & { advFull: Float64Array; targetFull: Float64Array; perm: Float64Array } | null = null;
  private bufB = -1;
  private disposed = false;

  /** `rng` draws the initial parameters exactly as `new IndependentPpo(opts, rng)` does (it validates `opts` too). */
  constructor(
    private readonly tf: Tf,
    opts: IndependentPpoOptions,
    rng: Rng,
  ) {
    const plain = new IndependentPpo({ ...opts, compute: 'ts' }, rng);
    this.hyper = plain.hyper;
    this.M = plain.M;
    this.obsDim = plain.obsDim;
    this.actDim = plain.actDim;
    this.valueScale = plain.valueScale;
    this.logStd = Float64Array.from(plain.logStd);
    const { M, obsDim: d, actDim: A } = this;
    const h = this.hyper.hidden;
    this.half = { M, d, h, o: A, extra: A };
    this.whole = { M: 2 * M, d, h, o: A, extra: A };
    this.Pp = plain.policy.P;
    this.Pv = plain.value.P;
    const R = (this.R = this.Pp + A);
    const init = new Float32Array(2 * M * R);
    const lo = new Float32Array(2 * M * R).fill(-3e38);
    const hi = new Float32Array(2 * M * R).fill(3e38);
    for (let m = 0; m < M; m++) {
      init.set(plain.policy.params.subarray(m * this.Pp, (m + 1) * this.Pp), m * R);
      init.set(plain.logStd.subarray(m * A, (m + 1) * A), m * R + this.Pp);
      lo.fill(this.hyper.logStdMin, m * R + this.Pp, (m + 1) * R);
      hi.fill(this.hyper.logStdMax, m * R + this.Pp, (m + 1) * R);
      for (let j = 0; j < this.Pv; j++) init[(M + m) * R + this.valueColumn(j)] = plain.value.params[m * this.Pv + j]!;
    }
    // tidy disposes the initial tensor; the variable survives it.
    this.theta = tf.tidy(() => tf.variable(tf.tensor2d(init, [2 * M, R]), true));
    this.opt = new RowAdam(tf, this.theta, this.hyper.lr, this.hyper.maxGradNorm, { lo, hi });
  }

  /** Column of value parameter j (`BatchedMlp` layout with one output) in a row laid out for A outputs. */
  private valueColumn(j: number): number {
    const h = this.hyper.hidden;
    const w3 = h * this.obsDim + h + h * h + h; // start of W3 in both layouts
    return j < w3 + h ? j : w3 + this.actDim * h + (j - w3 - h); // W3's row 0, then b3[0]
  }

  /** Outputs `[M, B, A]` of rows `first`..`first`+M−1 of θ (0: the policies, M: the value nets) for obs `[M, B, obsDim]`, read back. */
  private forwardData(first: number, obs: Float64Array, B: number): Promise<Float32Array> {
    this.checkAlive();
    const { tf, M, obsDim: D } = this;
    return this.readDisposing(
      tf.tidy(() => {
        const x = tf.tensor3d(Float32Array.from(obs.subarray(0, M * B * D)), [M, B, D]);
        const rows = tf.slice(this.theta, [first, 0], [M, this.R]) as Tensor2D;
        return mlpForward(tf, splitLayers(tf, rows, this.half).layers, x);
      }),
    );
  }

  /** Read `t` back (asynchronously: see the class comment) and dispose it, also when the read fails. */
  private async readDisposing(t: Tensor): Promise<Float32Array> {
    try {
      return (await t.data()) as Float32Array;
    } finally {
      t.dispose();
    }
  }

  /** Sample z = μ(obs) + σ⊙ε and log π(z|obs), ε drawn from `rng` agent by agent, sample by sample, as in `IndependentPpo.act`. */
  async act(obs: Float64Array, B: number, rng: Rng, zOut: Float64Array, logpOut: Float64Array): Promise<void> {
    const { M, actDim: A } = this;
    const t0 = performance.now();
    const mean = await this.forwardData(0, obs, B);
    this.timings.forwardMs += performance.now() - t0;
    sampleGaussianPolicy(mean, this.logStd, M, B, A, rng, zOut, logpOut);
  }

  async meanAction(obs: Float64Array, B: number, out: Float64Array): Promise<Float64Array> {
    out.set((await this.forwardData(0, obs, B)).subarray(0, this.M * B * this.actDim));
    return out;
  }

  /** The value net's reward predictions V(obs)·valueScale `[M, B]` (written into `out`). */
  async predictValue(obs: Float64Array, B: number, out: Float64Array): Promise<Float64Array> {
    const v = await this.forwardData(this.M, obs, B);
    for (let j = 0; j < this.M * B; j++) out[j] = v[j * this.actDim] * this.valueScale;
    return out;
  }

  private buffers(B: number) {
    if (this.bufB !== B || !this.buf) {
      const { M, obsDim: D, actDim: A } = this;
      const mb = Math.min(this.hyper.minibatch, B);
      this.buf = {
        obs: new Float32Array(2 * M * mb * D), // rows m and M + m: agent m's obs, for its policy and its value net
        z: new Float32Array(M * mb * A),
        logp: new Float32Array(M * mb),
        adv: new Float32Array(M * mb),
        target: new Float32Array(M * mb),
        advFull: new Float64Array(M * B),
        targetFull: new Float64Array(M * B),
        perm: new Float64Array(B),
      };
      this.bufB = B;
    }
    return this.buf;
  }

  /** One PPO update (see `IndependentPpo.update`: same arguments, same use of `rng`, same statistics). */
  async update(obs: Float64Array, z: Float64Array, logpOld: Float64Array, rewards: ArrayLike<number>, B: number, rng: Rng): Promise<PpoUpdateStats> {
    const { M, actDim: A } = this;
    const buf = this.buffers(B);
    const mb = Math.min(this.hyper.minibatch, B);
    const tm = this.timings;
    let t = performance.now();
    const v0 = await this.forwardData(M, obs, B);
    tm.forwardMs += performance.now() - t;
    let valueLoss = 0;
    for (let j = 0; j < M * B; j++) {
      const target = rewards[j] / this.valueScale;
      const v = v0[j * A];
      buf.targetFull[j] = target;
      buf.advFull[j] = (target - v) * this.valueScale;
      valueLoss += (target - v) ** 2 / (M * B);
    }
    for (let m = 0; m < M; m++) normalizeAdvantages(buf.advFull, m * B, B);
    const { sums, minibatches } = await this.epochs(obs, z, logpOld, B, rng);
    t = performance.now();
    const counted = minibatches * M * mb;
    const params = await this.theta.data();
    for (let j = 0; j < params.length; j++) if (!Number.isFinite(params[j])) throw new Error('PPO parameters became NaN or infinite');
    for (let m = 0; m < M; m++) for (let j = 0; j < A; j++) this.logStd[m * A + j] = params[m * this.R + this.Pp + j]!;
    tm.optimizerMs += performance.now() - t;
    let entropy = 0;
    for (let m = 0; m < M; m++) entropy += gaussianEntropy(this.logStd, m * A, A) / M;
    return {
      policyObjective: counted ? sums[0] / counted : 0,
      valueLoss,
      entropy,
      approxKl: counted ? sums[1] / counted : 0,
      clipFraction: counted ? sums[2] / counted : 0,
    };
  }

  /**
   * The epochs of one update (advantages and targets already in the buffers): per epoch one permutation from `rng`,
   * per minibatch one forward/backward of all 2M networks and one `RowAdam` step. Returns the last epoch's sums of
   * [surrogate, log π_old − log π, clipped samples] and how many minibatches it had.
   */
  private async epochs(obs: Float64Array, z: Float64Array, logpOld: Float64Array, B: number, rng: Rng): Promise<{ sums: Float32Array; minibatches: number }> {
    const { tf, M, obsDim: D, actDim: A, hyper: hp } = this;
    const buf = this.buffers(B);
    const mb = Math.min(hp.minibatch, B);
    const tm = this.timings;
    const perm = buf.perm;
    for (let j = 0; j < B; j++) perm[j] = j;
    const stats: Tensor[] = []; // kept across minibatches until read, disposed in every case
    try {
      for (let epoch = 0; epoch < hp.epochs; epoch++) {
        shuffleInPlace(perm, B, rng);
        const last = epoch === hp.epochs - 1;
        for (let start = 0; start + mb <= B; start += mb) {
          for (let m = 0; m < M; m++) {
            for (let s = 0; s < mb; s++) {
              const src = m * B + perm[start + s];
              const dst = m * mb + s;
              for (let k = 0; k < D; k++) buf.obs[dst * D + k] = buf.obs[(M * mb + dst) * D + k] = obs[src * D + k]!;
              for (let k = 0; k < A; k++) buf.z[dst * A + k] = z[src * A + k]!;
              buf.logp[dst] = logpOld[src]!;
              buf.adv[dst] = buf.advFull[src]!;
              buf.target[dst] = buf.targetFull[src]!;
            }
          }
          tf.tidy(() => {
            const x = tf.tensor3d(buf.obs, [2 * M, mb, D]);
            const zt = tf.tensor3d(buf.z, [M, mb, A]);
            const lpOld = tf.tensor2d(buf.logp, [M, mb]);
            const adv = tf.tensor2d(buf.adv, [M, mb]);
            const target = tf.tensor2d(buf.target, [M, mb]);
            const t0 = performance.now();
            let t1 = t0;
            const { grads } = tf.variableGrads(() => {
              const { layers, extra } = splitLayers(tf, this.theta as Tensor2D, this.whole);
              const [mean, valueOut] = tf.split(mlpForward(tf, layers, x), 2, 0) as [Tensor3D, Tensor3D];
              const logStd = tf.slice(extra!, [0, 0], [M, A]);
              const ls = tf.reshape(logStd, [M, 1, A]);
              const u = tf.mul(tf.sub(zt, mean), tf.exp(tf.neg(ls)));
              const lp = tf.sub(tf.sum(tf.sub(tf.mul(tf.square(u), -0.5), ls), 2), A * HALF_LOG_2PI);
              const ratio = tf.exp(tf.sub(lp, lpOld));
              const surr = tf.minimum(tf.mul(ratio, adv), tf.mul(tf.clipByValue(ratio, 1 - hp.clip, 1 + hp.clip), adv));
              // Σ_m [mean_n surrogate + entropyCoef·Σ_j ℓ_mj]: each agent's gradient is its own objective's.
              const policyObjective = tf.add(tf.div(tf.sum(surr), mb), tf.mul(tf.sum(logStd), hp.entropyCoef));
              const v = tf.reshape(tf.slice(valueOut, [0, 0, 0], [M, mb, 1]), [M, mb]);
              const valueObjective = tf.mul(tf.sum(tf.square(tf.sub(target, v))), -hp.valueCoef / mb);
              if (last) {
                const outside = tf.logicalOr(tf.less(ratio, 1 - hp.clip), tf.greater(ratio, 1 + hp.clip));
                stats.push(tf.keep(tf.stack([tf.sum(surr), tf.sum(tf.sub(lpOld, lp)), tf.sum(tf.cast(outside, 'float32'))])));
              }
              t1 = performance.now();
              return tf.add<Scalar>(policyObjective, valueObjective);
            }, [this.theta]);
            const t2 = performance.now();
            this.opt.ascend(grads[this.theta.name] as Tensor2D);
            tm.forwardMs += t1 - t0;
            tm.backwardMs += t2 - t1;
            tm.optimizerMs += performance.now() - t2;
          });
        }
      }
      return { sums: stats.length ? await this.readDisposing(tf.tidy(() => tf.addN(stats))) : new Float32Array(3), minibatches: stats.length };
    } finally {
      for (const s of stats) s.dispose();
    }
  }

  /** Current parameters as float64 copies: policy `[M, P_policy]` in `BatchedMlp` layout, log-stds `[M, A]`, value `[M, P_value]`. */
  async parameters(): Promise<{ policy: Float64Array; logStd: Float64Array; value: Float64Array }> {
    this.checkAlive();
    const { M, actDim: A, Pp, Pv, R } = this;
    const p = await this.theta.data();
    const policy = new Float64Array(M * Pp);
    const logStd = new Float64Array(M * A);
    const value = new Float64Array(M * Pv);
    for (let m = 0; m < M; m++) {
      for (let j = 0; j < Pp; j++) policy[m * Pp + j] = p[m * R + j]!;
      for (let j = 0; j < A; j++) logStd[m * A + j] = p[m * R + Pp + j]!;
      for (let j = 0; j < Pv; j++) value[m * Pv + j] = p[(M + m) * R + this.valueColumn(j)]!;
    }
    return { policy, logStd, value };
  }

  resetTimings(): void {
    this.timings.forwardMs = 0;
    this.timings.backwardMs = 0;
    this.timings.optimizerMs = 0;
  }

  async exportPolicies(): Promise<PpoPolicySnapshot> {
    const { policy, logStd } = await this.parameters();
    return {
      format: 'auction-lab/ppo-policies',
      version: 1,
      agents: this.M,
      obsDim: this.obsDim,
      hidden: this.hyper.hidden,
      actDim: this.actDim,
      policyParams: Array.from(policy),
      logStd: Array.from(logStd),
    };
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error('TfIndependentPpo was disposed');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.opt.dispose();
    this.theta.dispose();
  }
}
