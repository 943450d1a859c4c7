import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf';

/**
 * Per-row gradient-norm clipping and Adam ascent on one stacked parameter matrix `[M, P]` (row m = agent m's
 * network), the tfjs twin of `core/learning/ppo.ts`'s `clipNorm` + `core/learning/optimizers.ts`'s `adam`:
 *   g_m ← g_m · maxNorm / (‖g_m‖ + 1e−12) where ‖g_m‖ > maxNorm (each agent's network clipped on its own);
 *   m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  θ ← θ + lr · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε)
 * (Kingma & Ba 2015, Algorithm 1, for ascent; β1 = 0.9, β2 = 0.999, ε = 1e−8 as in the plain path), then
 * optionally θ ← min(max(θ, lo), hi) elementwise (the policy's log-std bounds). Owns its moment variables.
 */
export class RowAdam {
  private readonly m: Variable;
  private readonly v: Variable;
  private readonly lo: Tensor | null;
  private readonly hi: Tensor | null;
  private t = 0;

  constructor(
    private readonly tf: Tf,
    private readonly theta: Variable,
    private readonly lr: number,
    private readonly maxNorm: number,
    /** Elementwise bounds, `[P]` (the same for every row) or `[M, P]`, applied after each step (null: none). */
    bounds: { lo: Float32Array; hi: Float32Array } | null = null,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    // tidy disposes the zero tensors the variables were made from; variables survive it.
    this.m = tf.tidy(() => tf.variable(tf.zerosLike(theta), false));
    this.v = tf.tidy(() => tf.variable(tf.zerosLike(theta), false));
    const cols = theta.shape[1]!;
    this.lo = bounds ? tf.keep(tf.tensor2d(bounds.lo, [bounds.lo.length / cols, cols])) : null;
    this.hi = bounds ? tf.keep(tf.tensor2d(bounds.hi, [bounds.hi.length / cols, cols])) : null;
  }

  /** Clip each row of `grad` `[M, P]` (∂objective/∂θ) to norm `maxNorm` and take one Adam ascent step. Does not dispose `grad`. */
  ascend(grad: Tensor2D): void {
    const { tf } = this;
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    tf.tidy(() => {
      const norm = tf.sqrt(tf.sum(tf.square(grad), 1, true));
      const scale = tf.where(tf.greater(norm, this.maxNorm), tf.div(this.maxNorm, tf.add(norm, 1e-12)), tf.onesLike(norm));
      const g = tf.mul(grad, scale);
      const m = tf.add(tf.mul(this.m, this.beta1), tf.mul(g, 1 - this.beta1));
      const v = tf.add(tf.mul(this.v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
      this.m.assign(m);
      this.v.assign(v);
      let next: Tensor = tf.add(this.theta, tf.div(tf.mul(m, this.lr / c1), tf.add(tf.sqrt(tf.div(v, c2)), this.eps)));
      if (this.lo && this.hi) next = tf.minimum(tf.maximum(next, this.lo), this.hi);
      this.theta.assign(next);
    });
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
    this.lo?.dispose();
    this.hi?.dispose();
  }
}
