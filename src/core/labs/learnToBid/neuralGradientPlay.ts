import { BatchedMlp } from '../../learning/mlp';
import type { MlpKernelExports, MlpKernels } from '../../learning/kernels/mlpKernels';
import { createOptimizer, type Optimizer } from '../../learning/optimizers';
import { createRng } from '../../math/rng';
import type { Relaxation, SingleItemMechanismId } from '../../mechanisms/singleItem';
import type { BidLearner } from './bidLearner';

/** Settings of `NeuralGradientPlay`. */
export interface NeuralGradientPlayOptions {
  bidders: number;
  /** The mechanism's sigmoid relaxation (`singleItemMechanisms[id].relaxation`). */
  relaxation: Relaxation;
  /** Which mechanism `relaxation` is (the SIMD pairing loop has each formula compiled in). */
  mechanism: SingleItemMechanismId;
  /** Upper bound of each bidder's values `[bidders]` (value units): the network sees v / a_i. */
  upper: readonly number[];
  /** Width of each of the two hidden layers. */
  hidden: number;
  /** Initial bid/value ratio of every bidder. */
  initW: number;
  optimizer: 'adam' | 'sgd';
  lr: number;
  /** Seeds the weight initialization. */
  seed: number;
  /** Rival pairings per draw R (see `NEURAL_PAIRINGS`); 1: each bid meets only its own draw's rivals. */
  pairings: number;
  /** WebAssembly SIMD kernels (float32 arithmetic, `BatchedMlp` precision `f32`); null: plain TypeScript, float64. */
  kernels: MlpKernels | null;
}

/**
 * Neural bid policies learned by simultaneous gradient play, with the gradient in closed form (no autograd), on
 * the batched dense kernels of `core/learning/mlp.ts`. One small network per bidder:
 *   x = v / a_i → tanh(W1 x + c1) → tanh(W2 · + c2) → g = w3 · + c3,   b = v · 2σ(g),
 * so 0 ≤ b < 2v and the initial bid/value ratio is initW (output weights near 0, c3 = logit(initW / 2)): the
 * architecture and initial weights of the tfjs neural policy (`src/learn/learnToBid/tfBidLearner.ts`), drawn in
 * the same order from the same generator. Bidder i ascends its mean smoothed utility over the batch and R rival
 * pairings (draw k also meets the rivals of draw k + ⌊B·r/R⌋ mod B, r = 1 … R − 1), others' bids held fixed:
 *   ∂U_i/∂g_ki = (1/(B·R)) Σ_r ∂u/∂b (v_ki, b_ki, m_ki^(r)) · v_ki · 2σ(g_ki)(1 − σ(g_ki)),
 * with ∂u/∂b from the mechanism's `Relaxation`, then backpropagated through the network (`BatchedMlp.backward`).
 * Checked against tfjs autograd in `src/learn/learnToBid/gradientCheck.test.ts`.
 *
 * Cost per step: one forward and one backward pass of N networks over B values, and B·N·R sigmoids; buffers are
 * allocated once per batch size.
 */
export class NeuralGradientPlay implements BidLearner {
  readonly bidders: number;
  readonly net: BatchedMlp;
  private readonly optimizer: Optimizer;
  private readonly scale: Float64Array;
  private readonly relaxation: Relaxation;
  private readonly pairings: number;
  private x = new Float64Array(0);
  private bids = new Float64Array(0);
  private sig = new Float64Array(0);
  private dOut = new Float64Array(0);
  private top = new Float64Array(0);
  private second = new Float64Array(0);
  private who = new Int32Array(0);
  /** e^{−β(b − 1)} of one bidder's bids, e^{β(m − 1)} of each draw's top and second bid `[B]` (see `step`). */
  private eb = new Float64Array(0);
  private et = new Float64Array(0);
  private es = new Float64Array(0);
  /** One bidder's ∂U/∂b summed over the pairings `[B]`. */
  private db = new Float64Array(0);
  /** One bidder's values, bids, best rival bid and e^{β(m − 1)} per draw `[B]`. */
  private vi = new Float64Array(0);
  private bi = new Float64Array(0);
  private mi = new Float64Array(0);
  private emi = new Float64Array(0);
  private readonly utility: Float64Array;
  /** The SIMD pairing loop (its own kernel instance: the six rows above live in its memory), or null. */
  private readonly pairKernel: MlpKernelExports | null;
  private readonly mechCode: number;
  private rowsCapacity = 0;

  constructor(o: NeuralGradientPlayOptions) {
    const n = o.bidders;
    const h = o.hidden;
    this.bidders = n;
    this.relaxation = o.relaxation;
    this.pairings = Math.max(1, Math.floor(o.pairings));
    this.scale = Float64Array.from({ length: n }, (_, i) => 1 / (o.upper[i] ?? o.upper[0]));
    this.utility = new Float64Array(n);
    this.net = new BatchedMlp(n, 1, h, 1, o.kernels, { precision: 'f32' });
    initLikeTfjs(this.net, o.seed, o.initW);
    this.optimizer = o.optimizer === 'adam' ? this.net.adam(o.lr) : createOptimizer('sgd', o.lr, n * this.net.P);
    this.pairKernel = o.kernels ? o.kernels.instantiate() : null;
    this.mechCode = MECH_CODE[o.mechanism];
  }

  /** The pairing rows for batches up to `batch`: views of the kernel's memory when it has one, else plain arrays. */
  private ensureRows(batch: number): void {
    const k = this.pairKernel;
    if (this.rowsCapacity >= batch && (!k || this.db.buffer === k.memory.buffer)) return;
    this.rowsCapacity = Math.max(batch, this.rowsCapacity);
    const cap = this.rowsCapacity;
    if (!k) {
      [this.vi, this.bi, this.mi, this.emi, this.eb, this.db] = Array.from({ length: 6 }, () => new Float64Array(cap));
      return;
    }
    const end = ROWS_AT + 6 * cap * 8;
    if (end > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((end - k.memory.buffer.byteLength) / 65536));
    const row = (i: number) => new Float64Array(k.memory.buffer, ROWS_AT + i * cap * 8, cap);
    [this.vi, this.bi, this.mi, this.emi, this.eb, this.db] = [0, 1, 2, 3, 4, 5].map(row);
  }

  /** Bids `[B, N]` and σ(g) `[N, B]` for values `[B, N]`; the network's input and activations stay for `backward`. */
  private forward(values: Float64Array, batch: number): void {
    const n = this.bidders;
    this.ensureRows(batch);
    if (this.x.length < n * batch) {
      this.x = new Float64Array(n * batch);
      this.bids = new Float64Array(n * batch);
      this.sig = new Float64Array(n * batch);
      this.dOut = new Float64Array(n * batch);
      this.top = new Float64Array(batch);
      this.second = new Float64Array(batch);
      this.who = new Int32Array(batch);
      this.et = new Float64Array(batch);
      this.es = new Float64Array(batch);
    }
    const { x, bids, sig, scale } = this;
    for (let i = 0; i < n; i++) for (let k = 0; k < batch; k++) x[i * batch + k] = values[k * n + i] * scale[i];
    const g = this.net.forward(x, batch);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < batch; k++) {
        const s = 1 / (1 + Math.exp(-g[i * batch + k]));
        sig[i * batch + k] = s;
        bids[k * n + i] = values[k * n + i] * 2 * s;
      }
    }
  }

  step(values: Float64Array, batch: number, beta: number, wantUtility = true, lr?: number): Float64Array | null {
    const n = this.bidders;
    this.forward(values, batch);
    const { bids, sig, dOut, top, second, who, utility } = this;
    const { utility: u, dUtilityDBid } = this.relaxation;
    // Highest and second-highest bid of every draw; m_i on draw k is the best bid among the others.
    for (let k = 0; k < batch; k++) {
      let t = -Infinity;
      let sec = -Infinity;
      let w = -1;
      for (let i = 0; i < n; i++) {
        const b = bids[k * n + i];
        if (b > t) {
          sec = t;
          t = b;
          w = i;
        } else if (b > sec) sec = b;
      }
      top[k] = t;
      second[k] = sec;
      who[k] = w;
    }
    const R = Math.min(this.pairings, batch);
    const norm = 1 / (batch * R);
    // σ(β(b − m)) = 1 / (1 + e^{−β(b − 1)} · e^{β(m − 1)}): one exp per bid and two per draw instead of one per
    // pairing. Bids lie in [0, 2) (values are normalized to at most 1), so each exponent is at most β in size and
    // neither factor overflows or underflows while β ≤ 700; their product may, to the sigmoid's correct limits.
    const factored = beta <= 700;
    const { eb, et, es } = this;
    if (factored) {
      for (let k = 0; k < batch; k++) {
        et[k] = Math.exp(beta * (top[k] - 1));
        es[k] = Math.exp(beta * (second[k] - 1));
      }
    }
    utility.fill(0);
    const { db, vi, bi, mi, emi } = this;
    for (let i = 0; i < n; i++) {
      let ui = 0;
      // Bidder i's values and bids, and on every draw the best rival bid m and e^{β(m − 1)}, as contiguous rows.
      for (let k = 0; k < batch; k++) {
        vi[k] = values[k * n + i];
        bi[k] = bids[k * n + i];
        const mine = who[k] === i;
        mi[k] = mine ? second[k] : top[k];
        if (factored) {
          emi[k] = mine ? es[k] : et[k];
          eb[k] = Math.exp(-beta * (bi[k] - 1));
        }
      }
      db.fill(0, 0, batch);
      const kernel = this.pairKernel;
      if (kernel && factored) {
        // The same loop in f64x2 (assembly/pairing.ts): db bit for bit, the utilities' sum up to rounding.
        ui = kernel.pairedBidGradient(this.mechCode, batch, R, beta, wantUtility ? 1 : 0, vi.byteOffset, bi.byteOffset, mi.byteOffset, emi.byteOffset, eb.byteOffset, db.byteOffset);
      } else if (factored) {
        ui = pairedBidGradientTs(this.relaxation, batch, R, beta, wantUtility, vi, bi, mi, emi, eb, db);
      } else {
        // β > 700: the factors would overflow; one exp per pairing.
        for (let r = 0; r < R; r++) {
          const shift = Math.floor((batch * r) / R);
          for (let k = 0; k < batch; k++) {
            let kr = k + shift;
            if (kr >= batch) kr -= batch;
            const m = mi[kr];
            const sk = 1 / (1 + Math.exp(-beta * (bi[k] - m)));
            db[k] += dUtilityDBid(vi[k], bi[k], m, sk, beta);
            if (wantUtility) ui += u(vi[k], bi[k], m, sk);
          }
        }
      }
      for (let k = 0; k < batch; k++) {
        const sg = sig[i * batch + k];
        dOut[i * batch + k] = db[k] * norm * vi[k] * 2 * sg * (1 - sg);
      }
      utility[i] = ui * norm;
    }
    this.net.zeroGrad();
    this.net.backward(dOut);
    if (lr !== undefined) this.optimizer.lr = lr;
    this.optimizer.ascend(this.net.params, this.net.grad);
    return wantUtility ? utility : null;
  }

  bid(values: Float64Array, batch: number): Float64Array {
    this.forward(values, batch);
    return this.bids.slice(0, batch * this.bidders);
  }

  slopes(): null {
    return null;
  }

  dispose(): void {}
}

/**
 * One bidder's rival-pairing loop with the factored sigmoid, in TypeScript (the SIMD twin is
 * `MlpKernelExports.pairedBidGradient`, equal bit for bit on db): for every draw k, db[k] += Σ_r ∂u/∂b(v_k, b_k,
 * m_{k'}, s) with k' = k + ⌊B·r/R⌋ (mod B) and s = 1 / (1 + eb[k]·em[k']). Returns Σ_k Σ_r u(v_k, b_k, m_{k'}, s)
 * when `want`, else 0. Rows are `[B]`: values v, bids b, best rival bids m, e^{β(m − 1)} em, e^{−β(b − 1)} eb.
 */
export function pairedBidGradientTs(
  relaxation: Relaxation, B: number, R: number, beta: number, want: boolean,
  v: Float64Array, b: Float64Array, m: Float64Array, em: Float64Array, eb: Float64Array, db: Float64Array,
): number {
  const { utility: u, dUtilityDBid } = relaxation;
  let sum = 0;
  for (let r = 0; r < R; r++) {
    const shift = Math.floor((B * r) / R);
    // Two straight runs, no wrap test inside.
    for (let part = 0; part < 2; part++) {
      const k0 = part === 0 ? 0 : B - shift;
      const k1 = part === 0 ? B - shift : B;
      const off = part === 0 ? shift : shift - B;
      for (let k = k0; k < k1; k++) {
        const s = 1 / (1 + eb[k] * em[k + off]);
        db[k] += dUtilityDBid(v[k], b[k], m[k + off], s, beta);
        if (want) sum += u(v[k], b[k], m[k + off], s);
      }
    }
  }
  return sum;
}

/** Mechanism codes of the SIMD pairing loop (assembly/pairing.ts). */
const MECH_CODE: Record<SingleItemMechanismId, number> = { 'first-price': 0, 'second-price': 1, 'all-pay': 2 };
/** Where the pairing rows start in the pairing kernel's memory (bytes; the module's constants sit below). */
const ROWS_AT = 8192;

/**
 * The tfjs neural policy's initial weights, in `BatchedMlp`'s layout: from `createRng(seed ^ 0x6a09e667)`, normal
 * draws for W1 `[N, h]` (std 2), c1 `[N, h]` (std 1), W2 `[N, h_in, h_out]` (std √(1/h)) and w3 `[N, h]` (std
 * 0.01), in that order; c2 = 0, c3 = logit(initW / 2). W2 is stored transposed (`BatchedMlp` rows are outputs).
 */
function initLikeTfjs(net: BatchedMlp, seed: number, initW: number): void {
  const { M: n, h, P } = net;
  const rng = createRng(seed ^ 0x6a09e667);
  const normal = (size: number, std: number) => Float64Array.from({ length: size }, () => Math.fround(rng.normal() * std));
  const w1 = normal(n * h, 2);
  const c1 = normal(n * h, 1);
  const w2 = normal(n * h * h, Math.sqrt(1 / h));
  const w3 = normal(n * h, 0.01);
  const ratio = Math.min(0.999, Math.max(0.001, initW / 2));
  const c3 = Math.log(ratio / (1 - ratio));
  const p = net.params;
  for (let m = 0; m < n; m++) {
    const base = m * P;
    // Layout of one network: W1 [h, 1], c1 [h], W2 [h_out, h_in], c2 [h], w3 [1, h], c3 [1].
    for (let j = 0; j < h; j++) p[base + j] = w1[m * h + j];
    for (let j = 0; j < h; j++) p[base + h + j] = c1[m * h + j];
    for (let j = 0; j < h; j++) for (let k = 0; k < h; k++) p[base + 2 * h + j * h + k] = w2[m * h * h + k * h + j];
    for (let j = 0; j < h; j++) p[base + 2 * h + h * h + j] = 0;
    for (let j = 0; j < h; j++) p[base + 3 * h + h * h + j] = w3[m * h + j];
    p[base + 4 * h + h * h] = c3;
  }
}
