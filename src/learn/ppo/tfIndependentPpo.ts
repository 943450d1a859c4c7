import type { Scalar, Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
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
 *  - the M agents' networks are one batched network: policy parameters and log-stds live in one variable
 *    `[M, P_policy + A]` (so the joint per-agent norm of the plain path is one row norm), value parameters in
 *    one `[M, P_value]`; each minibatch is one forward/backward of both nets and one `RowAdam` step per net
 *    (the plain path steps the policy and then the value net; the value loss does not depend on the policy,
 *    so doing both at once is the same update);
 *  - the initial parameters are `IndependentPpo`'s, drawn from the same `rng` in the same order, so one seed
 *    gives both paths the same start (up to float32 rounding).
 * Sampling noise, advantages and permutations are computed in TypeScript (float64) exactly as in the plain path.
 *
 * Every tfjs computation runs inside `tf.tidy` (or is disposed); `dispose()` frees all variables. Readbacks use
 * `dataSync`, so on asynchronous backends (webgl, webgpu) the timings include waiting for the device and are
 * attributed to the phase that reads back (forward for act and the value baseline).
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
  /** Policy parameters + log-stds `[M, P_policy + actDim]`, `BatchedMlp` layout per row. */
  private readonly thetaP: Variable;
  /** Value parameters `[M, P_value]`. */
  private readonly thetaV: Variable;
  private readonly optP: RowAdam;
  private readonly optV: RowAdam;
  private readonly shapeP: MlpShape;
  private readonly shapeV: MlpShape;
  private readonly Pp: number;
  private buf: Record<'obs' | 'z' | 'logp' | 'adv' | 'target', Float32Array> & { advFull: Float64Array; targetFull: Float64Array; perm: Float64Array } | null = null;
  private bufB = -1;
  private disposed = false;

  /** `rng` draws the initial parameters exactly as `new IndependentPpo(opts, rng)` does (it validates `opts` too). */
  constructor(
    private readonly tf: Tf,
    opts: IndependentPpoOptions,
    rng: Rng,
  ) {
    const plain = new IndependentPpo(opts, rng);
    this.hyper = plain.hyper;
    this.M = plain.M;
    this.obsDim = plain.obsDim;
    this.actDim = plain.actDim;
    this.valueScale = plain.valueScale;
    this.logStd = Float64Array.from(plain.logStd);
    const { M, obsDim: d, actDim: A } = this;
    const h = this.hyper.hidden;
    this.shapeP = { M, d, h, o: A, extra: A };
    this.shapeV = { M, d, h, o: 1, extra: 0 };
    this.Pp = plain.policy.P;
    const rowP = this.Pp + A;
    const initP = new Float32Array(M * rowP);
    for (let m = 0; m < M; m++) {
      initP.set(plain.policy.params.subarray(m * this.Pp, (m + 1) * this.Pp), m * rowP);
      initP.set(plain.logStd.subarray(m * A, (m + 1) * A), m * rowP + this.Pp);
    }
    // tidy disposes the initial tensors; variables survive it.
    this.thetaP = tf.tidy(() => tf.variable(tf.tensor2d(initP, [M, rowP]), true));
    this.thetaV = tf.tidy(() => tf.variable(tf.tensor2d(Float32Array.from(plain.value.params), [M, plain.value.P]), true));
    const lo = new Float32Array(rowP).fill(-3e38);
    const hi = new Float32Array(rowP).fill(3e38);
    lo.fill(this.hyper.logStdMin, this.Pp);
    hi.fill(this.hyper.logStdMax, this.Pp);
    this.optP = new RowAdam(tf, this.thetaP, this.hyper.lr, this.hyper.maxGradNorm, { lo, hi });
    this.optV = new RowAdam(tf, this.thetaV, this.hyper.lr, this.hyper.maxGradNorm);
  }

  /** Outputs `[M, B, o]` of the net stored in `theta` for obs `[M, B, obsDim]`, read back. */
  private forwardData(theta: Variable, shape: MlpShape, obs: Float64Array, B: number): Float32Array {
    this.checkAlive();
    const { tf, M, obsDim: D } = this;
    return this.readDisposing(
      tf.tidy(() => {
        const x = tf.tensor3d(Float32Array.from(obs.subarray(0, M * B * D)), [M, B, D]);
        return mlpForward(tf, splitLayers(tf, theta as Tensor2D, shape).layers, x);
      }),
    );
  }

  private readDisposing(t: Tensor): Float32Array {
    const data = t.dataSync() as Float32Array;
    t.dispose();
    return data;
  }

  /** Sample z = μ(obs) + σ⊙ε and log π(z|obs), ε drawn from `rng` agent by agent, sample by sample, as in `IndependentPpo.act`. */
  act(obs: Float64Array, B: number, rng: Rng, zOut: Float64Array, logpOut: Float64Array): void {
    const { M, actDim: A } = this;
    const t0 = performance.now();
    const mean = this.forwardData(this.thetaP, this.shapeP, obs, B);
    this.timings.forwardMs += performance.now() - t0;
    sampleGaussianPolicy(mean, this.logStd, M, B, A, rng, zOut, logpOut);
  }

  meanAction(obs: Float64Array, B: number, out: Float64Array): Float64Array {
    out.set(this.forwardData(this.thetaP, this.shapeP, obs, B).subarray(0, this.M * B * this.actDim));
    return out;
  }

  /** The value net's reward predictions V(obs)·valueScale `[M, B]` (written into `out`). */
  predictValue(obs: Float64Array, B: number, out: Float64Array): Float64Array {
    const v = this.forwardData(this.thetaV, this.shapeV, obs, B);
    for (let j = 0; j < this.M * B; j++) out[j] = v[j]! * this.valueScale;
    return out;
  }

  private buffers(B: number) {
    if (this.bufB !== B || !this.buf) {
      const { M, obsDim: D, actDim: A } = this;
      const mb = Math.min(this.hyper.minibatch, B);
      this.buf = {
        obs: new Float32Array(M * mb * D),
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
  update(obs: Float64Array, z: Float64Array, logpOld: Float64Array, rewards: ArrayLike<number>, B: number, rng: Rng): PpoUpdateStats {
    const { tf, M, obsDim: D, actDim: A, hyper: hp } = this;
    const buf = this.buffers(B);
    const mb = Math.min(hp.minibatch, B);
    const tm = this.timings;
    let t = performance.now();
    const v0 = this.forwardData(this.thetaV, this.shapeV, obs, B);
    tm.forwardMs += performance.now() - t;
    let valueLoss = 0;
    for (let j = 0; j < M * B; j++) {
      const target = rewards[j]! / this.valueScale;
      buf.targetFull[j] = target;
      buf.advFull[j] = (target - v0[j]!) * this.valueScale;
      valueLoss += (target - v0[j]!) ** 2 / (M * B);
    }
    for (let m = 0; m < M; m++) normalizeAdvantages(buf.advFull, m * B, B);
    const perm = buf.perm;
    for (let j = 0; j < B; j++) perm[j] = j;
    const stats: Tensor[] = [];
    for (let epoch = 0; epoch < hp.epochs; epoch++) {
      shuffleInPlace(perm, B, rng);
      const last = epoch === hp.epochs - 1;
      for (let start = 0; start + mb <= B; start += mb) {
        for (let m = 0; m < M; m++) {
          for (let s = 0; s < mb; s++) {
            const src = m * B + perm[start + s]!;
            const dst = m * mb + s;
            for (let k = 0; k < D; k++) buf.obs[dst * D + k] = obs[src * D + k]!;
            for (let k = 0; k < A; k++) buf.z[dst * A + k] = z[src * A + k]!;
            buf.logp[dst] = logpOld[src]!;
            buf.adv[dst] = buf.advFull[src]!;
            buf.target[dst] = buf.targetFull[src]!;
          }
        }
        tf.tidy(() => {
          const x = tf.tensor3d(buf.obs, [M, mb, D]);
          const zt = tf.tensor3d(buf.z, [M, mb, A]);
          const lpOld = tf.tensor2d(buf.logp, [M, mb]);
          const adv = tf.tensor2d(buf.adv, [M, mb]);
          const target = tf.tensor2d(buf.target, [M, mb]);
          const t0 = performance.now();
          let t1 = t0;
          const { grads } = tf.variableGrads(() => {
            const { layers, extra } = splitLayers(tf, this.thetaP as Tensor2D, this.shapeP);
            const mean = mlpForward(tf, layers, x);
            const ls = tf.reshape(extra!, [M, 1, A]);
            const u = tf.mul(tf.sub(zt, mean), tf.exp(tf.neg(ls)));
            const lp = tf.sub(tf.sum(tf.sub(tf.mul(tf.square(u), -0.5), ls), 2), A * HALF_LOG_2PI);
            const ratio = tf.exp(tf.sub(lp, lpOld));
            const surr = tf.minimum(tf.mul(ratio, adv), tf.mul(tf.clipByValue(ratio, 1 - hp.clip, 1 + hp.clip), adv));
            // Σ_m [mean_n surrogate + entropyCoef·Σ_j ℓ_mj]: each agent's gradient is its own objective's.
            const policyObjective = tf.add(tf.div(tf.sum(surr), mb), tf.mul(tf.sum(extra!), hp.entropyCoef));
            const v = tf.reshape(mlpForward(tf, splitLayers(tf, this.thetaV as Tensor2D, this.shapeV).layers, x), [M, mb]);
            const valueObjective = tf.mul(tf.sum(tf.square(tf.sub(target, v))), -hp.valueCoef / mb);
            if (last) {
              const outside = tf.logicalOr(tf.less(ratio, 1 - hp.clip), tf.greater(ratio, 1 + hp.clip));
              stats.push(tf.keep(tf.stack([tf.sum(surr), tf.sum(tf.sub(lpOld, lp)), tf.sum(tf.cast(outside, 'float32'))])));
            }
            t1 = performance.now();
            return tf.add(policyObjective, valueObjective) as Scalar;
          }, [this.thetaP, this.thetaV]);
          const t2 = performance.now();
          this.optP.ascend(grads[this.thetaP.name] as Tensor2D);
          this.optV.ascend(grads[this.thetaV.name] as Tensor2D);
          const t3 = performance.now();
          tm.forwardMs += t1 - t0;
          tm.backwardMs += t2 - t1;
          tm.optimizerMs += t3 - t2;
        });
      }
    }
    t = performance.now();
    const sums = stats.length ? this.readDisposing(tf.tidy(() => tf.addN(stats))) : new Float32Array(3);
    for (const s of stats) s.dispose();
    const counted = stats.length * M * mb;
    const paramsP = this.thetaP.dataSync();
    const paramsV = this.thetaV.dataSync();
    for (const p of [paramsP, paramsV]) {
      for (let j = 0; j < p.length; j++) if (!Number.isFinite(p[j]!)) throw new Error('PPO parameters became NaN or infinite');
    }
    const rowP = this.Pp + A;
    for (let m = 0; m < M; m++) for (let j = 0; j < A; j++) this.logStd[m * A + j] = paramsP[m * rowP + this.Pp + j]!;
    tm.optimizerMs += performance.now() - t;
    let entropy = 0;
    for (let m = 0; m < M; m++) entropy += gaussianEntropy(this.logStd, m * A, A) / M;
    return {
      policyObjective: counted ? sums[0]! / counted : 0,
      valueLoss,
      entropy,
      approxKl: counted ? sums[1]! / counted : 0,
      clipFraction: counted ? sums[2]! / counted : 0,
    };
  }

  /** Current parameters as float64 copies: policy `[M, P_policy]` in `BatchedMlp` layout, log-stds `[M, A]`, value `[M, P_value]`. */
  parameters(): { policy: Float64Array; logStd: Float64Array; value: Float64Array } {
    this.checkAlive();
    const { M, actDim: A, Pp } = this;
    const p = this.thetaP.dataSync();
    const policy = new Float64Array(M * Pp);
    const logStd = new Float64Array(M * A);
    for (let m = 0; m < M; m++) {
      for (let j = 0; j < Pp; j++) policy[m * Pp + j] = p[m * (Pp + A) + j]!;
      for (let j = 0; j < A; j++) logStd[m * A + j] = p[m * (Pp + A) + Pp + j]!;
    }
    return { policy, logStd, value: Float64Array.from(this.thetaV.dataSync()) };
  }

  resetTimings(): void {
    this.timings.forwardMs = 0;
    this.timings.backwardMs = 0;
    this.timings.optimizerMs = 0;
  }

  exportPolicies(): PpoPolicySnapshot {
    const { policy, logStd } = this.parameters();
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
    this.optP.dispose();
    this.optV.dispose();
    this.thetaP.dispose();
    this.thetaV.dispose();
  }
}
