import type { Scalar, Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import { createRng } from '../../core/math/rng';
import type {
  ImitationTarget,
  MechanismLearner,
  MechanismOutcome,
  MisreportSearch,
  PenaltyStep,
} from '../../core/labs/optimalAuction/learner';
import type { Tf } from '../tf';
import { tunableAdam, type TunableOptimizer } from '../tfOptimizers';

export interface NeuralMechanismOptions {
  bidders: number;
  /** Hidden layer widths, e.g. [64, 32, 16]. */
  layers: readonly number[];
  /** Per-bidder report upper bound hi_i (misreports are searched in [0, hi_i]). */
  upper: readonly number[];
  /** Per-bidder value scale s_i: the network sees x_i = 2·b_i/s_i − 1. */
  scale: readonly number[];
  /** Seeds weight initialization and the random misreport restarts. */
  seed: number;
  /** Initial learning rate of Adam. */
  lr: number;
}

/**
 * A neural single-item auction (after RegretNet, Dütting et al. 2019, specialised to one item):
 * an MLP (tanh) on the normalized bid profile with two heads,
 * - allocation: softmax over n + 1 logits (bidders, then "no sale"), so a_i ≥ 0, Σ a_i ≤ 1 and reserve
 *   prices can be learned;
 * - payment: p_i = f_i·a_i·b_i with f_i = σ(·) ∈ [0, 1], so ex-post individual rationality holds by
 *   construction for truthful bidders: u_i = a_i·v_i·(1 − f_i) ≥ 0.
 *
 * Regret of bidder i at profile v: max over misreports b′ of u_i(b′, v_−i) − u_i(v), with u_i(b) =
 * v_i·a_i(b) − p_i(b). Misreports: the best of `restarts` starting points (the truthful report and points
 * spread over [0, hi_i]), refined by projected gradient ascent; every bidder's search runs in one batched
 * pass (rows `[restarts, n, batch]`). Weights are drawn from the seeded TypeScript generator (Glorot normal) so
 * every backend starts from the same mechanism. Every method runs inside `tf.tidy` or disposes explicitly.
 */
export class NeuralMechanism implements MechanismLearner {
  readonly bidders: number;
  private readonly weights: Variable[] = [];
  private optimizer: TunableOptimizer;
  private readonly consts: { scale: Tensor; upper: Tensor; eye: Tensor };
  private readonly rng;
  private lr: number;

  constructor(
    private readonly tf: Tf,
    private readonly o: NeuralMechanismOptions,
  ) {
    const n = o.bidders;
    this.bidders = n;
    this.rng = createRng(o.seed ^ 0x5bd1e995);
    const init = createRng(o.seed ^ 0x1b873593);
    const dims = [n, ...o.layers];
    const name = (s: string) => `oa_${s}_${Math.random().toString(36).slice(2)}`;
    const glorot = (fanIn: number, fanOut: number) =>
      Float32Array.from({ length: fanIn * fanOut }, () => init.normal() * Math.sqrt(2 / (fanIn + fanOut)));
    tf.tidy(() => {
      for (let l = 0; l + 1 < dims.length; l++) {
        this.weights.push(tf.variable(tf.tensor2d(glorot(dims[l], dims[l + 1]), [dims[l], dims[l + 1]]), true, name(`w${l}`)));
        this.weights.push(tf.variable(tf.zeros([dims[l + 1]]), true, name(`b${l}`)));
      }
      const h = dims.at(-1)!;
      // Heads: allocation logits [h, n + 1], payment logits [h, n] (payment bias 0: f = 1/2 at start).
      this.weights.push(tf.variable(tf.tensor2d(glorot(h, n + 1), [h, n + 1]), true, name('wa')));
      this.weights.push(tf.variable(tf.zeros([n + 1]), true, name('ba')));
      this.weights.push(tf.variable(tf.tensor2d(glorot(h, n), [h, n]), true, name('wp')));
      this.weights.push(tf.variable(tf.zeros([n]), true, name('bp')));
    });
    this.consts = {
      scale: tf.tensor1d(o.scale.map((s) => 1 / s)),
      upper: tf.tensor1d([...o.upper]),
      eye: tf.eye(n),
    };
    this.lr = o.lr;
    this.optimizer = tunableAdam(tf, o.lr);
  }

  /** Bids `[rows, n]` → allocation logits `[rows, n + 1]` (last = no sale) and payment logits `[rows, n]`. */
  private heads(bids: Tensor): { logits: Tensor2D; payLogits: Tensor2D } {
    const { tf } = this;
    let h: Tensor = tf.sub(tf.mul(tf.mul(bids, this.consts.scale), 2), 1);
    const L = this.o.layers.length;
    const dense = (x: Tensor, l: number) => tf.add<Tensor2D>(tf.matMul(x, this.weights[2 * l]), this.weights[2 * l + 1]);
    for (let l = 0; l < L; l++) h = tf.tanh(dense(h, l));
    return { logits: dense(h, L), payLogits: dense(h, L + 1) };
  }

  /** Bids `[rows, n]` → allocation `[rows, n]` (no-sale column dropped) and payment fraction f `[rows, n]`. */
  private forward(bids: Tensor): { alloc: Tensor2D; frac: Tensor2D } {
    const { tf } = this;
    const { logits, payLogits } = this.heads(bids);
    return { alloc: tf.slice(tf.softmax(logits), [0, 0], [-1, this.bidders]), frac: tf.sigmoid(payLogits) };
  }

  private toTensor(values: Float64Array, batch: number): Tensor2D {
    return this.tf.tensor2d(Float32Array.from(values), [batch, this.bidders]);
  }

  resetOptimizer(): void {
    this.optimizer.dispose();
    this.optimizer = tunableAdam(this.tf, this.lr);
  }

  private setLr(lr: number): void {
    if (lr === this.lr) return;
    this.lr = lr;
    this.optimizer.setRate(lr);
  }

  /**
   * Utility of bidder i when it reports m while everyone else reports truthfully, for every (restart, bidder,
   * profile): v `[B, n]`, m `[R, n, B]` → u `[R, n, B]`.
   */
  private misreportUtility(v: Tensor, m: Tensor): Tensor {
    const { tf } = this;
    const n = this.bidders;
    const [R, , B] = m.shape as [number, number, number];
    const eye = tf.reshape(this.consts.eye, [1, n, 1, n]); // [1, n(i), 1, n(j)]
    const vx = tf.reshape(v, [1, 1, B, n]);
    const mx = tf.reshape(m, [R, n, B, 1]);
    // Profile of row (r, i, k): bidder i reports m[r, i, k], the others their values.
    const bids = tf.add(tf.mul(vx, tf.sub(1, eye)), tf.mul(mx, eye)); // [R, n, B, n]
    const { alloc, frac } = this.forward(tf.reshape(bids, [R * n * B, n]));
    const rows = R * n * B;
    const vrow = tf.reshape(tf.broadcastTo(vx, [R, n, B, n]), [rows, n]);
    const gain = tf.reshape(tf.mul(alloc, tf.sub(vrow, tf.mul(frac, tf.reshape(bids, [rows, n])))), [R, n, B, n]);
    return tf.sum(tf.mul(gain, eye), 3); // pick column j = i
  }

  /** Truthful utilities `[n, B]`: u_i = a_i·(v_i − f_i·v_i). */
  private truthfulUtility(v: Tensor): Tensor {
    const { tf } = this;
    const { alloc, frac } = this.forward(v);
    return tf.transpose(tf.mul(alloc, tf.mul(v, tf.sub(1, frac))));
  }

  /**
   * Starting misreports `[R, n, B]`: restart 0 is truthful; restart r ≥ 1 lies in the r-th of R − 1 equal
   * slices of [0, hi_i], at its middle (`grid`) or uniformly within it (`random`, stratified sampling).
   */
  private startPoints(values: Float64Array, batch: number, search: MisreportSearch): Tensor {
    const n = this.bidders;
    const R = Math.max(1, search.restarts);
    const m = new Float32Array(R * n * batch);
    for (let r = 0; r < R; r++)
      for (let i = 0; i < n; i++) {
        const hi = this.o.upper[i];
        for (let k = 0; k < batch; k++) {
          const at = (r * n + i) * batch + k;
          if (r === 0) m[at] = values[k * n + i]!;
          else m[at] = (hi * (r - 1 + (search.init === 'grid' ? 0.5 : this.rng.next()))) / (R - 1);
        }
      }
    return this.tf.tensor3d(m, [R, n, batch]);
  }

  /** Per (bidder, profile), the candidate of `m` `[R, n, B]` with the highest utility `u` `[R, n, B]` → `[1, n, B]`. */
  private pickBest(m: Tensor, u: Tensor): Tensor {
    const { tf } = this;
    const R = m.shape[0];
    // One-hot of the arg max over restarts (no gather: tfjs wasm's gather with batchDims sometimes reads out of bounds).
    const pick = tf.transpose(tf.oneHot(tf.argMax(u, 0), R), [2, 0, 1]); // [R, n, B]
    return tf.expandDims(tf.sum(tf.mul(m, pick), 0), 0);
  }

  /**
   * The misreport search, per bidder and profile: evaluate the bidder's utility at every starting point
   * (forward pass only), keep the best, refine it by `steps` of projected gradient ascent on [0, hi_i] (the
   * network fixed), and return the better of the refined and the unrefined point, `[1, n, B]`. Refining only
   * the best start costs `steps` passes over n·B rows instead of R·n·B.
   */
  private searchMisreports(v: Tensor, values: Float64Array, batch: number, search: MisreportSearch): Tensor {
    const { tf } = this;
    const n = this.bidders;
    const hi = tf.reshape(this.consts.upper, [1, n, 1]);
    const start = tf.tidy(() => {
      const m0 = this.startPoints(values, batch, search);
      return this.pickBest(m0, this.misreportUtility(v, m0));
    });
    let m = tf.clone(start);
    const grad = tf.grad((x: Tensor) => tf.sum(this.misreportUtility(v, x)));
    for (let s = 0; s < search.steps; s++) {
      const next = tf.tidy(() => tf.minimum(tf.relu(tf.add(m, tf.mul(tf.mul(grad(m), hi), search.lr))), hi));
      m.dispose();
      m = next;
    }
    const best = tf.tidy(() => {
      const both = tf.concat([start, m], 0);
      return this.pickBest(both, this.misreportUtility(v, both));
    });
    start.dispose();
    m.dispose();
    hi.dispose();
    return best;
  }

  /** Regret `[n, B]` of the found misreports: max over restarts of u(m) − u(truth), floored at 0. */
  private regretOf(v: Tensor, m: Tensor): Tensor {
    const { tf } = this;
    return tf.relu(tf.sub(tf.max(this.misreportUtility(v, m), 0), this.truthfulUtility(v)));
  }

  async imitateStep(values: Float64Array, batch: number, target: ImitationTarget, lr: number): Promise<{ loss: number; revenue: number }> {
    const { tf } = this;
    const n = this.bidders;
    this.setLr(lr);
    // One-hot targets over n + 1 options (index n = no sale) and payment fractions p*/b for the winner.
    const onehot = new Float32Array(batch * (n + 1));
    const frac = new Float32Array(batch * n);
    const mask = new Float32Array(batch * n);
    for (let k = 0; k < batch; k++) {
      const w = target.winner[k];
      onehot[k * (n + 1) + (w < 0 ? n : w)] = 1;
      if (w >= 0) {
        const b = values[k * n + w];
        frac[k * n + w] = b > 0 ? Math.min(1, target.payments[k * n + w] / b) : 0;
        mask[k * n + w] = 1;
      }
    }
    // Set inside the loss closure: a holder, as a local's narrowing would not see the closure's assignment.
    const kept: { revenue: Tensor | null } = { revenue: null };
    const loss = tf.tidy(() => {
      const v = this.toTensor(values, batch);
      const y = tf.tensor2d(onehot, [batch, n + 1]);
      const fy = tf.tensor2d(frac, [batch, n]);
      const fm = tf.tensor2d(mask, [batch, n]);
      return this.optimizer.minimize(
        () => {
          const { logits, payLogits } = this.heads(v);
          const ce = tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1)));
          const f = tf.sigmoid(payLogits);
          const fl = tf.mean(tf.sum(tf.mul(fm, tf.square(tf.sub(f, fy))), 1));
          const alloc = tf.slice(tf.softmax(logits), [0, 0], [-1, n]);
          kept.revenue = tf.keep(tf.div(tf.sum(tf.mul(alloc, tf.mul(f, v))), batch));
          return tf.add<Scalar>(ce, tf.mul(fl, 10));
        },
        true,
        this.weights,
      )!;
    });
    const r = kept.revenue;
    if (!r) throw new Error('imitateStep: the loss closure did not run');
    const [l, rv] = await Promise.all([loss.data(), r.data()]);
    loss.dispose();
    r.dispose();
    return { loss: l[0], revenue: rv[0] };
  }

  async penaltyStep(values: Float64Array, batch: number, step: PenaltyStep): Promise<{ revenue: number; regret: Float64Array }> {
    const { tf } = this;
    const n = this.bidders;
    this.setLr(step.lr);
    const kept: { stats: Tensor | null } = { stats: null };
    tf.tidy(() => {
      const v = this.toTensor(values, batch);
      const m = this.searchMisreports(v, values, batch, step.search);
      const lambda = tf.tensor1d([...step.lambda]);
      const cost = this.optimizer.minimize(
        () => {
          const { alloc, frac } = this.forward(v);
          const revenue = tf.div(tf.sum(tf.mul(alloc, tf.mul(frac, v))), batch);
          const rgt = tf.mean(this.regretOf(v, m), 1); // [n]
          kept.stats = tf.keep(tf.concat([tf.reshape(revenue, [1]), rgt]));
          return tf.add<Scalar>(tf.neg(revenue), tf.add(tf.sum(tf.mul(lambda, rgt)), tf.mul(step.rho / 2, tf.sum(tf.square(rgt)))));
        },
        false,
        this.weights,
      );
      cost?.dispose();
    });
    const s = kept.stats;
    if (!s) throw new Error('penaltyStep: the loss closure did not run');
    const data = await s.data();
    s.dispose();
    return { revenue: data[0], regret: Float64Array.from(data.subarray(1, 1 + n)) };
  }

  async outcome(values: Float64Array, batch: number): Promise<MechanismOutcome> {
    const { tf } = this;
    const [a, p] = tf.tidy(() => {
      const v = this.toTensor(values, batch);
      const { alloc, frac } = this.forward(v);
      return [alloc, tf.mul(alloc, tf.mul(frac, v))];
    });
    const [ad, pd] = await Promise.all([a.data(), p!.data()]);
    a.dispose();
    p!.dispose();
    return { alloc: Float64Array.from(ad), pay: Float64Array.from(pd) };
  }

  async regret(values: Float64Array, batch: number, search: MisreportSearch): Promise<Float64Array> {
    const { tf } = this;
    const n = this.bidders;
    const r = tf.tidy(() => {
      const v = this.toTensor(values, batch);
      const m = this.searchMisreports(v, values, batch, search);
      return tf.transpose(this.regretOf(v, m)); // [B, n]
    });
    const d = await r.data();
    r.dispose();
    return n ? Float64Array.from(d) : new Float64Array(0);
  }

  async exportWeights(): Promise<Float32Array[]> {
    return Promise.all(this.weights.map(async (w) => Float32Array.from(await w.data())));
  }

  importWeights(weights: readonly Float32Array[]): void {
    if (weights.length !== this.weights.length) throw new Error(`importWeights: expected ${this.weights.length} arrays, got ${weights.length}`);
    this.tf.tidy(() => {
      this.weights.forEach((w, j) => {
        if (weights[j].length !== w.size) throw new Error(`importWeights: array ${j} has ${weights[j].length} numbers, expected ${w.size}`);
        w.assign(this.tf.tensor(weights[j], w.shape));
      });
    });
  }

  dispose(): void {
    for (const w of this.weights) w.dispose();
    for (const c of Object.values(this.consts)) c.dispose();
    this.optimizer.dispose();
  }
}
