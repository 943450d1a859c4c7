import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import { createRng } from '../../core/math/rng';
import type { SingleItemMechanismId } from '../../core/mechanisms/singleItem';
import type { BidLearner } from '../../core/labs/learnToBid/bidLearner';
import { bidderBounds } from '../../core/labs/learnToBid/bounds';
import type { Tf } from '../tf';
import { tunableAdam, tunableSgd, type TunableOptimizer } from '../tfOptimizers';
import { competingMax, relaxedUtility } from './relaxedUtility';

/**
 * Mean smoothed utility per bidder, `[N]`, from values and bids `[N, B]`: the batch's own auctions (rival bids m
 * from the same draw, `competingMax`) and R − 1 more pairings of every draw with the rival bids of draw
 * k + ⌊B/R⌋·r (mod B). The rivals' values on another draw are independent of the bidder's own, so each pairing is
 * an auction from the prior and the mean stays an unbiased estimate of the smoothed utility, with up to R times
 * fewer effective samples missing near the tie b ≈ m, where a steep σ takes all its gradient from.
 */
function pairedUtility(tf: Tf, mechanism: SingleItemMechanismId, v: Tensor, b: Tensor, beta: number, pairings: number): Tensor {
  const [n, batch] = b.shape;
  const m = competingMax(tf, b);
  let total = tf.mean(relaxedUtility(tf, mechanism, v, b, m, beta), 1);
  const r = Math.max(1, Math.min(pairings, batch));
  for (let k = 1; k < r; k++) {
    const shift = Math.floor((batch * k) / r);
    const rolled = tf.concat([tf.slice(m, [0, shift], [n, batch - shift]), tf.slice(m, [0, 0], [n, shift])], 1);
    total = tf.add(total, tf.mean(relaxedUtility(tf, mechanism, v, b, rolled, beta), 1));
  }
  return r === 1 ? total : tf.div(total, r);
}

/** What differs between the tfjs policies: their variables and their forward pass. */
interface PolicyNet {
  variables: Variable[];
  /** Non-trainable tensors owned by the net (disposed with it). */
  constants?: Variable[];
  /** Bids `[N, B]` from values `[N, B]` (value units). */
  forward(values: Tensor): Tensor;
}

export interface TfLearnerOptions {
  mechanism: SingleItemMechanismId;
  bidders: number;
  /** One bound for every bidder or one per bidder (`bidderBounds`). */
  upper: readonly number[];
  policy: 'linear' | 'mlp';
  initW: number;
  hidden: number;
  optimizer: 'adam' | 'sgd';
  lr: number;
  /** Seeds the weight initialization (drawn in TypeScript so every backend starts from the same weights). */
  seed: number;
  /**
   * Rival pairings per draw (default 1): each bidder's bid on draw k also meets the rival bids of draws
   * k + B/R·r (r = 1 … R − 1, mod B), independent of v_k, so the smoothed utility is averaged over R·B auctions
   * for the cost of one forward pass (`pairedUtility`).
   */
  pairings?: number;
}

/** b_i = w_i·v: one slope per bidder, `w` `[N]`. */
function linearNet(tf: Tf, o: TfLearnerOptions): PolicyNet {
  const w = tf.variable(tf.fill([o.bidders], o.initW), true, `w_${Math.random()}`);
  return { variables: [w], forward: (v) => tf.mul(tf.expandDims(w, 1), v) };
}

/**
 * One small MLP per bidder, batched as stacked weights (`[N, …]`, one `matMul` for all bidders):
 * x = v/a_i → tanh(x W1 + c1) → tanh(· W2 + c2) → g; bid b = v · 2σ(g), so 0 ≤ b < 2v and the initial
 * bid/value ratio is initW (output weights start near 0, bias logit(initW/2)). First-layer weights have
 * std 2 and biases std 1 (tanh features spread over the unit interval), the hidden layer std √(1/h); all
 * drawn from the seeded TypeScript generator so every backend starts from the same weights.
 */
function mlpNet(tf: Tf, o: TfLearnerOptions): PolicyNet {
  const { bidders: n, hidden: h } = o;
  const rng = createRng(o.seed ^ 0x6a09e667);
  const normal = (size: number, std: number) => Float32Array.from({ length: size }, () => rng.normal() * std);
  const ratio = Math.min(0.999, Math.max(0.001, o.initW / 2));
  const name = (s: string) => `${s}_${Math.random()}`;
  const w1 = tf.variable(tf.tensor3d(normal(n * h, 2), [n, 1, h]), true, name('w1'));
  const c1 = tf.variable(tf.tensor3d(normal(n * h, 1), [n, 1, h]), true, name('c1'));
  const w2 = tf.variable(tf.tensor3d(normal(n * h * h, Math.sqrt(1 / h)), [n, h, h]), true, name('w2'));
  const c2 = tf.variable(tf.zeros([n, 1, h]), true, name('c2'));
  const w3 = tf.variable(tf.tensor3d(normal(n * h, 0.01), [n, h, 1]), true, name('w3'));
  const c3 = tf.variable(tf.fill([n, 1, 1], Math.log(ratio / (1 - ratio))), true, name('c3'));
  const scale = tf.variable(tf.tensor2d(bidderBounds(o).map((a) => 1 / a), [n, 1]), false, name('scale'));
  return {
    variables: [w1, c1, w2, c2, w3, c3],
    constants: [scale],
    forward: (v) => {
      const x = tf.expandDims(tf.mul(v, scale), 2);
      const h1 = tf.tanh(tf.add(tf.matMul(x, w1), c1));
      const h2 = tf.tanh(tf.add(tf.matMul(h1, w2), c2));
      const g = tf.squeeze(tf.add(tf.matMul(h2, w3), c3), [2]);
      return tf.mul(v, tf.mul(tf.sigmoid(g), 2));
    },
  };
}

/**
 * Gradient play with tfjs autograd: loss = −Σ_i mean_k u_i(v_ki, b_ki, m_ki) with m detached, so each
 * bidder's parameters receive exactly ∂U_i/∂θ_i. One tfjs optimizer over the stacked per-bidder weights is
 * N independent optimizers (Adam and SGD act elementwise). Every step runs inside `tf.tidy`.
 */
export class TfBidLearner implements BidLearner {
  readonly bidders: number;
  private readonly net: PolicyNet;
  private readonly optimizer: TunableOptimizer;

  constructor(
    private readonly tf: Tf,
    private readonly options: TfLearnerOptions,
  ) {
    this.bidders = options.bidders;
    // Inside tidy, the initial-value tensors are freed; variables survive tidy by design.
    let net: PolicyNet | null = null;
    tf.tidy(() => {
      net = options.policy === 'linear' ? linearNet(tf, options) : mlpNet(tf, options);
    });
    this.net = net!;
    this.optimizer = options.optimizer === 'adam' ? tunableAdam(tf, options.lr, 0.9, 0.999, 1e-8) : tunableSgd(tf, options.lr);
  }

  /** Values `[B, N]` (row-major, float64) → tensor `[N, B]` float32. */
  private toTensor(values: Float64Array, batch: number): Tensor {
    const n = this.bidders;
    const t = new Float32Array(batch * n);
    for (let k = 0; k < batch; k++) for (let i = 0; i < n; i++) t[i * batch + k] = values[k * n + i]!;
    return this.tf.tensor2d(t, [n, batch]);
  }

  async step(values: Float64Array, batch: number, beta: number, wantUtility: boolean, lr: number): Promise<Float64Array | null> {
    const { tf } = this;
    if (this.optimizer.rate !== lr) this.optimizer.setRate(lr);
    // Set inside the loss closure: a holder, as a local's narrowing would not see the closure's assignment.
    const kept: { utilities: Tensor | null } = { utilities: null };
    tf.tidy(() => {
      const v = this.toTensor(values, batch);
      const cost = this.optimizer.minimize(
        () => {
          const b = this.net.forward(v);
          const u = pairedUtility(tf, this.options.mechanism, v, b, beta, this.options.pairings ?? 1);
          if (wantUtility) kept.utilities = tf.keep(tf.clone(u));
          return tf.neg(tf.sum<Scalar>(u));
        },
        false,
        this.net.variables,
      );
      cost?.dispose();
      // Linear bids stay non-negative (projection onto w ≥ 0, as in the plain-TypeScript learner).
      if (this.options.policy === 'linear') {
        const w = this.net.variables[0];
        w.assign(tf.maximum(w, 0));
      }
    });
    const u = kept.utilities;
    if (!u) return null;
    const data = await u.data();
    u.dispose();
    return Float64Array.from(data);
  }

  async bid(values: Float64Array, batch: number): Promise<Float64Array> {
    const t = this.tf.tidy(() => this.net.forward(this.toTensor(values, batch)));
    const data = await t.data();
    t.dispose();
    const n = this.bidders;
    const out = new Float64Array(batch * n);
    for (let k = 0; k < batch; k++) for (let i = 0; i < n; i++) out[k * n + i] = data[i * batch + k]!;
    return out;
  }

  async slopes(): Promise<number[] | null> {
    if (this.options.policy !== 'linear') return null;
    return Array.from(await this.net.variables[0].data());
  }

  dispose(): void {
    for (const v of [...this.net.variables, ...(this.net.constants ?? [])]) v.dispose();
    this.optimizer.dispose();
  }
}
