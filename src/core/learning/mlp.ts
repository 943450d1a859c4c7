import type { Rng } from '../math/rng';
import type { MlpKernelExports, MlpKernels } from './kernels/mlpKernels';

/**
 * A batch of M independent small multilayer perceptrons (one per learning firm) in plain TypeScript over one
 * stacked Float64Array, with a hand-written backward pass (no autograd, no tensors: at these sizes a tensor
 * library's per-op overhead costs more than the arithmetic).
 *
 * Each network: input d → hidden h (tanh) → hidden h (tanh) → output o (linear),
 *   a1 = tanh(W1·x + b1),  a2 = tanh(W2·a1 + b2),  y = W3·a2 + b3.
 * Parameters of network m start at m·P (P = `paramCount(d, h, o)`), in the order
 *   W1 [h, d] (row j = weights into hidden unit j), b1 [h], W2 [h, h], b2 [h], W3 [o, h], b3 [o].
 * Batches are `[M, B, d]` → `[M, B, o]` row-major: network m's sample b at (m·B + b)·d. Network m only ever sees
 * its own slice of the input and its own parameters, so the M networks are independent.
 *
 * Backward pass (standard backpropagation, e.g. Goodfellow, Bengio & Courville, *Deep Learning*, §6.5), with
 * g = ∂L/∂y: ∂W3 += g·a2ᵀ, ∂b3 += g, δ2 = (W3ᵀg)⊙(1 − a2²), ∂W2 += δ2·a1ᵀ, ∂b2 += δ2,
 * δ1 = (W2ᵀδ2)⊙(1 − a1²), ∂W1 += δ1·xᵀ, ∂b1 += δ1, summed over the batch.
 */

/**
 * tanh(x) = 1 − 2/(e^{2x} + 1): exact to rounding (absolute error ~1e−16; e^{2x} overflowing to ∞ gives 1), and
 * about 1.5× faster than V8's `Math.tanh`, which dominated the forward pass.
 */
function tanh(x: number): number {
  return 1 - 2 / (Math.exp(2 * x) + 1);
}

/**
 * y[yOff + j] = act(b[j] + Σ_k W[j, k]·v[vOff + k]) for j < nOut, W row-major at w[wOff], b at w[bOff]; rows in
 * blocks of four so each input load serves four outputs (the forward pass's hot loop).
 */
function dense(
  w: Float64Array,
  wOff: number,
  bOff: number,
  nIn: number,
  v: Float64Array,
  vOff: number,
  nOut: number,
  y: Float64Array,
  yOff: number,
  act: boolean,
): void {
  let j = 0;
  for (; j + 4 <= nOut; j += 4) {
    let s0 = w[bOff + j];
    let s1 = w[bOff + j + 1];
    let s2 = w[bOff + j + 2];
    let s3 = w[bOff + j + 3];
    const r0 = wOff + j * nIn;
    const r1 = r0 + nIn;
    const r2 = r1 + nIn;
    const r3 = r2 + nIn;
    for (let k = 0; k < nIn; k++) {
      const a = v[vOff + k];
      s0 += w[r0 + k] * a;
      s1 += w[r1 + k] * a;
      s2 += w[r2 + k] * a;
      s3 += w[r3 + k] * a;
    }
    if (act) {
      s0 = tanh(s0);
      s1 = tanh(s1);
      s2 = tanh(s2);
      s3 = tanh(s3);
    }
    y[yOff + j] = s0;
    y[yOff + j + 1] = s1;
    y[yOff + j + 2] = s2;
    y[yOff + j + 3] = s3;
  }
  for (; j < nOut; j++) {
    let s = w[bOff + j];
    const r = wOff + j * nIn;
    for (let k = 0; k < nIn; k++) s += w[r + k] * v[vOff + k];
    y[yOff + j] = act ? tanh(s) : s;
  }
}

/**
 * Backward of one `dense` layer for one sample, given gy = ∂L/∂(pre-activation) at gy[gyOff..+nOut): adds
 * gy·vᵀ to the weight gradient and gy to the bias gradient (g at the same offsets as w), and, when `dv` is given,
 * adds Wᵀ·gy to dv[0..nIn). Rows in blocks of four, as in `dense`.
 */
function denseBack(
  w: Float64Array,
  g: Float64Array,
  wOff: number,
  bOff: number,
  nIn: number,
  nOut: number,
  gy: Float64Array,
  gyOff: number,
  v: Float64Array,
  vOff: number,
  dv: Float64Array | null,
): void {
  let j = 0;
  for (; j + 4 <= nOut; j += 4) {
    const g0 = gy[gyOff + j];
    const g1 = gy[gyOff + j + 1];
    const g2 = gy[gyOff + j + 2];
    const g3 = gy[gyOff + j + 3];
    g[bOff + j] = g[bOff + j] + g0;
    g[bOff + j + 1] = g[bOff + j + 1] + g1;
    g[bOff + j + 2] = g[bOff + j + 2] + g2;
    g[bOff + j + 3] = g[bOff + j + 3] + g3;
    const r0 = wOff + j * nIn;
    const r1 = r0 + nIn;
    const r2 = r1 + nIn;
    const r3 = r2 + nIn;
    if (dv) {
      for (let k = 0; k < nIn; k++) {
        const a = v[vOff + k];
        g[r0 + k] = g[r0 + k] + g0 * a;
        g[r1 + k] = g[r1 + k] + g1 * a;
        g[r2 + k] = g[r2 + k] + g2 * a;
        g[r3 + k] = g[r3 + k] + g3 * a;
        dv[k] = dv[k] + g0 * w[r0 + k] + g1 * w[r1 + k] + g2 * w[r2 + k] + g3 * w[r3 + k];
      }
    } else {
      for (let k = 0; k < nIn; k++) {
        const a = v[vOff + k];
        g[r0 + k] = g[r0 + k] + g0 * a;
        g[r1 + k] = g[r1 + k] + g1 * a;
        g[r2 + k] = g[r2 + k] + g2 * a;
        g[r3 + k] = g[r3 + k] + g3 * a;
      }
    }
  }
  for (; j < nOut; j++) {
    const gj = gy[gyOff + j];
    g[bOff + j] = g[bOff + j] + gj;
    const r = wOff + j * nIn;
    for (let k = 0; k < nIn; k++) {
      g[r + k] = g[r + k] + gj * v[vOff + k];
      if (dv) dv[k] = dv[k] + gj * w[r + k];
    }
  }
}

/** Parameters of one network: h·d + h + h·h + h + o·h + o. */
export function paramCount(d: number, h: number, o: number): number {
  return h * d + h + h * h + h + o * h + o;
}

/** Options of `BatchedMlp.init`. */
export interface MlpInit {
  /**
   * Multiplier of the output layer's initial weights (default 1). PPO implementations start the policy head
   * near zero (gain 0.01, Andrychowicz et al. 2021, "What matters in on-policy RL") so that the initial mean is
   * the output bias; the value head uses 1.
   */
  outputGain?: number;
  /** Initial output bias `[o]` (default zeros), the same for every network (e.g. the truthful latent). */
  outputBias?: ArrayLike<number>;
}

/** First byte the kernels' buffers may use (the module's own constants sit below). */
const KERNEL_HEAP = 8192;
const WASM_PAGE = 65536;

/** Where the buffers of a kernel-backed `BatchedMlp` sit in its instance's memory (byte offsets). */
interface KernelLayout {
  k: MlpKernelExports;
  params: number;
  grad: number;
  d1: number;
  d2: number;
  /** Batch-sized buffers (after the fixed ones), for batches up to `B`. */
  x: number;
  a1: number;
  a2: number;
  out: number;
  dOut: number;
  B: number;
}

export class BatchedMlp {
  /** Parameters of one network. */
  readonly P: number;
  private _params = new Float64Array(0);
  private _grad = new Float64Array(0);
  private _a1 = new Float64Array(0);
  private _a2 = new Float64Array(0);
  private _out = new Float64Array(0);
  private x: Float64Array = new Float64Array(0);
  private B = 0;
  private d1 = new Float64Array(0);
  private d2 = new Float64Array(0);
  private kl: KernelLayout | null = null;

  /**
   * `kernels` (from `loadMlpKernels`) runs forward and backward in WebAssembly SIMD, with every buffer in the
   * network's own wasm memory; null or absent: the plain-TypeScript path. Both give the same results to rounding
   * (see `kernels/mlpKernels.ts`), each deterministic.
   */
  constructor(
    readonly M: number,
    readonly d: number,
    readonly h: number,
    readonly o: number,
    kernels: MlpKernels | null = null,
  ) {
    for (const [k, v] of Object.entries({ M, d, h, o })) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`BatchedMlp: ${k} must be an integer ≥ 1 (got ${v})`);
    }
    this.P = paramCount(d, h, o);
    if (kernels) {
      const k = kernels.instantiate();
      const n = M * this.P * 8;
      const params = KERNEL_HEAP;
      const grad = params + n;
      const d1 = grad + n;
      const d2 = d1 + h * 8;
      const x = d2 + h * 8;
      this.kl = { k, params, grad, d1, d2, x, a1: x, a2: x, out: x, dOut: x, B: 0 };
      this.ensureKernelBatch(1);
    } else {
      this._params = new Float64Array(M * this.P);
      this._grad = new Float64Array(M * this.P);
    }
  }

  /** True when forward and backward run in the WebAssembly SIMD kernels. */
  get usesKernels(): boolean {
    return this.kl !== null;
  }

  /** Stacked parameters `[M, P]`. */
  get params(): Float64Array {
    return this._params;
  }

  /** Stacked gradients `[M, P]`, accumulated by `backward` (call `zeroGrad` between steps). */
  get grad(): Float64Array {
    return this._grad;
  }

  /** Activations of the last forward pass: hidden layers `[M, B, h]` (buffers sized to the largest batch). */
  get a1(): Float64Array {
    return this._a1;
  }

  get a2(): Float64Array {
    return this._a2;
  }

  /** Outputs of the last forward pass `[M, B, o]`. */
  get out(): Float64Array {
    return this._out;
  }

  /** Lay out (and grow the memory for) batches up to B, then rebuild every view (growing detaches the old ones). */
  private ensureKernelBatch(B: number): void {
    const kl = this.kl!;
    if (kl.B >= B && this._params.buffer === kl.k.memory.buffer) return;
    const { M, h, d, o, P } = this;
    const nB = Math.max(B, kl.B);
    kl.a1 = kl.x + M * nB * d * 8;
    kl.a2 = kl.a1 + M * nB * h * 8;
    kl.out = kl.a2 + M * nB * h * 8;
    kl.dOut = kl.out + M * nB * o * 8;
    const end = kl.dOut + M * nB * o * 8;
    const mem = kl.k.memory;
    if (end > mem.buffer.byteLength) mem.grow(Math.ceil((end - mem.buffer.byteLength) / WASM_PAGE));
    kl.B = nB;
    const buf = mem.buffer;
    this._params = new Float64Array(buf, kl.params, M * P);
    this._grad = new Float64Array(buf, kl.grad, M * P);
    this._a1 = new Float64Array(buf, kl.a1, M * nB * h);
    this._a2 = new Float64Array(buf, kl.a2, M * nB * h);
    this._out = new Float64Array(buf, kl.out, M * nB * o);
  }

  /**
   * Initialize every network from `rng` (a fixed draw order: network by network, layer by layer, weights then
   * biases): weights and hidden biases ~ U(−1/√fan_in, 1/√fan_in) (PyTorch's `nn.Linear` default, LeCun-style
   * scaling that keeps tanh units out of saturation); output weights scaled by `outputGain`; output biases set
   * to `outputBias` (default 0). The same seed gives the same parameters.
   */
  init(rng: Rng, opts: MlpInit = {}): this {
    const { d, h, o, P } = this;
    const gain = opts.outputGain ?? 1;
    for (let m = 0; m < this.M; m++) {
      const base = m * P;
      let j = base;
      const u = (fanIn: number, n: number, s = 1) => {
        const a = 1 / Math.sqrt(fanIn);
        for (let t = 0; t < n; t++) this.params[j++] = s * a * (2 * rng.next() - 1);
      };
      u(d, h * d);
      u(d, h);
      u(h, h * h);
      u(h, h);
      u(h, o * h, gain);
      for (let t = 0; t < o; t++) this.params[j++] = opts.outputBias ? opts.outputBias[t] : 0;
    }
    return this;
  }

  zeroGrad(): void {
    this.grad.fill(0);
  }

  /**
   * Forward pass over `x` `[M, B, d]`: returns the outputs `[M, B, o]` (the `out` buffer, valid until the next
   * forward) and keeps `x` (by reference: do not modify it before `backward`) and the activations.
   */
  forward(x: Float64Array, B: number): Float64Array {
    const { M, d, h, o, P, params: w } = this;
    if (x.length < M * B * d) throw new Error(`BatchedMlp.forward: x needs M·B·d = ${M * B * d} entries (got ${x.length})`);
    this.x = x;
    this.B = B;
    const kl = this.kl;
    if (kl) {
      this.ensureKernelBatch(B);
      new Float64Array(kl.k.memory.buffer, kl.x, M * B * d).set(x.subarray(0, M * B * d));
      kl.k.forward(M, B, d, h, o, kl.params, kl.x, kl.a1, kl.a2, kl.out);
      return this._out;
    }
    if (this._a1.length < M * B * h) {
      this._a1 = new Float64Array(M * B * h);
      this._a2 = new Float64Array(M * B * h);
      this._out = new Float64Array(M * B * o);
    }
    const { a1, a2, out } = this;
    for (let m = 0; m < M; m++) {
      const w1 = m * P;
      const b1 = w1 + h * d;
      const w2 = b1 + h;
      const b2 = w2 + h * h;
      const w3 = b2 + h;
      const b3 = w3 + o * h;
      for (let b = 0; b < B; b++) {
        const xi = (m * B + b) * d;
        const hi = (m * B + b) * h;
        for (let j = 0; j < h; j++) {
          let s = w[b1 + j];
          const r = w1 + j * d;
          for (let k = 0; k < d; k++) s += w[r + k] * x[xi + k];
          a1[hi + j] = tanh(s);
        }
        dense(w, w2, b2, h, a1, hi, h, a2, hi, true);
        dense(w, w3, b3, h, a2, hi, o, out, (m * B + b) * o, false);
      }
    }
    return out;
  }

  /**
   * Backward pass of the last `forward`: given dOut = ∂L/∂y `[M, B, o]`, ADD ∂L/∂θ to `grad` `[M, P]`
   * (sums over the batch; scale dOut for a mean).
   */
  backward(dOut: Float64Array): void {
    const { M, d, h, o, P, params: w, grad: g, a1, a2, x, B } = this;
    const kl = this.kl;
    if (kl) {
      new Float64Array(kl.k.memory.buffer, kl.dOut, M * B * o).set(dOut.subarray(0, M * B * o));
      kl.k.backward(M, B, d, h, o, kl.params, kl.grad, kl.x, kl.a1, kl.a2, kl.dOut, kl.d1, kl.d2);
      return;
    }
    if (this.d1.length < h) {
      this.d1 = new Float64Array(h);
      this.d2 = new Float64Array(h);
    }
    const { d1, d2 } = this;
    for (let m = 0; m < M; m++) {
      const w1 = m * P;
      const b1 = w1 + h * d;
      const w2 = b1 + h;
      const b2 = w2 + h * h;
      const w3 = b2 + h;
      const b3 = w3 + o * h;
      for (let b = 0; b < B; b++) {
        const hi = (m * B + b) * h;
        d2.fill(0, 0, h);
        denseBack(w, g, w3, b3, h, o, dOut, (m * B + b) * o, a2, hi, d2);
        for (let j = 0; j < h; j++) {
          const a = a2[hi + j];
          d2[j] = d2[j] * (1 - a * a);
        }
        d1.fill(0, 0, h);
        denseBack(w, g, w2, b2, h, h, d2, 0, a1, hi, d1);
        for (let j = 0; j < h; j++) {
          const a = a1[hi + j];
          d1[j] = d1[j] * (1 - a * a);
        }
        denseBack(w, g, w1, b1, d, h, d1, 0, x, (m * B + b) * d, null);
      }
    }
  }
}
