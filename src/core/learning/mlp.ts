import type { Rng } from '../math/rng';
import type { MlpKernelExports, MlpKernels } from './kernels/mlpKernels';
import { adam, type Optimizer } from './optimizers';

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

/**
 * Arithmetic of a kernel-backed `BatchedMlp`: `f64` (f64x2 kernels, the TypeScript path's results bit for bit) or
 * `f32` (f32x4 kernels: weights, inputs, activations and per-call gradient sums in float32, as PyTorch computes;
 * parameters, accumulated gradients, Adam state, inputs and outputs stay float64 in this class's buffers; results
 * agree with the TypeScript path to float32 rounding, not bit for bit).
 */
export type MlpPrecision = 'f64' | 'f32';

/** Options of the `BatchedMlp` constructor. */
export interface BatchedMlpOptions {
  /** Kernel arithmetic (default `f64`); ignored on the plain-TypeScript path, which is always float64. */
  precision?: MlpPrecision;
}

/** First byte the kernels' buffers may use (the module's own constants sit below). */
const KERNEL_HEAP = 8192;
const WASM_PAGE = 65536;

/** n rounded up to a multiple of 16 bytes (keeps every float64 and SIMD buffer aligned). */
function align16(n: number): number {
  return Math.ceil(n / 16) * 16;
}

/** Where the buffers of a kernel-backed `BatchedMlp` sit in its instance's memory (byte offsets). */
interface KernelLayout {
  k: MlpKernelExports;
  params: number;
  grad: number;
  /** Adam moments `[M, P]` each (see `BatchedMlp.adam`); whether they are in use. */
  adamM: number;
  adamV: number;
  adamTaken: boolean;
  /** Transposed weights of one network `[P]` (forward scratch) and a row of max(d, h, o) zeros. */
  wt: number;
  zero: number;
  /** Float32 kernels: weights and gradient sums of one network `[P]` (float32 backward scratch). */
  wf: number;
  gf: number;
  f32: boolean;
  /** Batch-sized buffers (after the fixed ones), for batches up to `B`: d1, d2 are `[B, h]` backward scratch. */
  x: number;
  a1: number;
  a2: number;
  out: number;
  dOut: number;
  d1: number;
  d2: number;
  /** Float32 kernels: x as float32 `[M, B, d]`, outputs and dOut of one network as float32 `[B, o]`. */
  xf: number;
  outf: number;
  dOutf: number;
  B: number;
  /** Views of x and dOut over the whole batch capacity (rebuilt when the memory grows). */
  xView: Float64Array;
  dOutView: Float64Array;
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
   * `kernels` (from `loadMlpKernels`/`mlpKernelsSync`) runs forward and backward in WebAssembly SIMD, with every
   * buffer in the network's own wasm memory; null or absent: the plain-TypeScript path. With the default
   * `precision: 'f64'` both give the same results bit for bit (see `kernels/mlpKernels.ts`); `'f32'` computes in
   * float32 (see `MlpPrecision`).
   */
  constructor(
    readonly M: number,
    readonly d: number,
    readonly h: number,
    readonly o: number,
    kernels: MlpKernels | null = null,
    options: BatchedMlpOptions = {},
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
      const adamM = grad + n;
      const adamV = adamM + n;
      const wt = adamV + n;
      const wf = align16(wt + this.P * 8);
      const gf = align16(wf + this.P * 4);
      const zero = align16(gf + this.P * 4);
      const x = align16(zero + Math.max(d, h, o) * 8);
      const empty = new Float64Array(0);
      const f32 = options.precision === 'f32';
      this.kl = { k, params, grad, adamM, adamV, adamTaken: false, wt, zero, wf, gf, f32, x, a1: x, a2: x, out: x, dOut: x, d1: x, d2: x, xf: x, outf: x, dOutf: x, B: 0, xView: empty, dOutView: empty };
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

  /** The arithmetic forward and backward use: `f32` only for kernels built with `precision: 'f32'`. */
  get precision(): MlpPrecision {
    return this.kl?.f32 ? 'f32' : 'f64';
  }

  /** Stacked parameters `[M, P]`. */
  get params(): Float64Array {
    return this._params;
  }

  /** Stacked gradients `[M, P]`, accumulated by `backward` (call `zeroGrad` between steps). */
  get grad(): Float64Array {
    return this._grad;
  }

  /**
   * Activations of the last forward pass: hidden layers `[M, B, h]` (buffers sized to the largest batch). The
   * float32 kernels keep them as float32: there these getters return float64 copies.
   */
  get a1(): Float64Array {
    return this.kl?.f32 ? Float64Array.from(new Float32Array(this.kl.k.memory.buffer, this.kl.a1, this._a1.length)) : this._a1;
  }

  get a2(): Float64Array {
    return this.kl?.f32 ? Float64Array.from(new Float32Array(this.kl.k.memory.buffer, this.kl.a2, this._a2.length)) : this._a2;
  }

  /** Outputs of the last forward pass `[M, B, o]`. */
  get out(): Float64Array {
    return this._out;
  }

  /**
   * Adam (ascent) over this network's stacked parameters, `adam` of `optimizers.ts` step for step: in the kernels
   * (moments in the network's wasm memory, one fused SIMD pass, the same results bit for bit) when the network
   * has them, else the plain-TypeScript one. `ascend` must be given this network's `params` and `grad`.
   */
  adam(lr: number, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): Optimizer {
    const kl = this.kl;
    if (!kl) return adam(lr, this.M * this.P, beta1, beta2, eps);
    if (kl.adamTaken) throw new Error('BatchedMlp.adam: this network already has its Adam state');
    kl.adamTaken = true;
    const n = this.M * this.P;
    const k = kl.k;
    const net = this;
    let t = 0;
    return {
      name: 'adam',
      lr,
      ascend(params, grad) {
        if (params !== net._params || grad !== net._grad) throw new Error("BatchedMlp.adam: pass this network's params and grad");
        t++;
        k.adam(n, kl.params, kl.grad, kl.adamM, kl.adamV, this.lr, beta1, beta2, 1 - beta1, 1 - beta2, 1 - beta1 ** t, 1 - beta2 ** t, eps);
      },
    };
  }

  /** Lay out (and grow the memory for) batches up to B, then rebuild every view (growing detaches the old ones). */
  private ensureKernelBatch(B: number): void {
    const kl = this.kl!;
    if (kl.B >= B && this._params.buffer === kl.k.memory.buffer) return;
    const { M, h, d, o, P } = this;
    const nB = Math.max(B, kl.B);
    kl.a1 = align16(kl.x + M * nB * d * 8);
    kl.a2 = align16(kl.a1 + M * nB * h * 8);
    kl.out = align16(kl.a2 + M * nB * h * 8);
    kl.dOut = align16(kl.out + M * nB * o * 8);
    kl.d1 = align16(kl.dOut + M * nB * o * 8);
    kl.d2 = align16(kl.d1 + nB * h * 8);
    kl.xf = align16(kl.d2 + nB * h * 8);
    kl.outf = align16(kl.xf + M * nB * d * 4);
    kl.dOutf = align16(kl.outf + nB * o * 4);
    const end = kl.dOutf + nB * o * 4;
    const mem = kl.k.memory;
    if (end > mem.buffer.byteLength) mem.grow(Math.ceil((end - mem.buffer.byteLength) / WASM_PAGE));
    kl.B = nB;
    const buf = mem.buffer;
    this._params = new Float64Array(buf, kl.params, M * P);
    this._grad = new Float64Array(buf, kl.grad, M * P);
    this._a1 = new Float64Array(buf, kl.a1, M * nB * h);
    this._a2 = new Float64Array(buf, kl.a2, M * nB * h);
    this._out = new Float64Array(buf, kl.out, M * nB * o);
    kl.xView = new Float64Array(buf, kl.x, M * nB * d);
    kl.dOutView = new Float64Array(buf, kl.dOut, M * nB * o);
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
      if (x !== kl.xView) kl.xView.set(x.length === M * B * d ? x : x.subarray(0, M * B * d));
      if (kl.f32) kl.k.forward32(M, B, d, h, o, kl.params, kl.x, kl.xf, kl.a1, kl.a2, kl.out, kl.outf, kl.wt);
      else kl.k.forward(M, B, d, h, o, kl.params, kl.x, kl.a1, kl.a2, kl.out, kl.wt);
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
    const { M, d, h, o, P, params: w, grad: g, _a1: a1, _a2: a2, x, B } = this;
    const kl = this.kl;
    if (kl) {
      kl.dOutView.set(dOut.length === M * B * o ? dOut : dOut.subarray(0, M * B * o));
      if (kl.f32) kl.k.backward32(M, B, d, h, o, kl.params, kl.grad, kl.xf, kl.a1, kl.a2, kl.dOut, kl.dOutf, kl.d1, kl.d2, kl.wf, kl.gf, kl.zero);
      else kl.k.backward(M, B, d, h, o, kl.params, kl.grad, kl.x, kl.a1, kl.a2, kl.dOut, kl.d1, kl.d2, kl.zero);
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
