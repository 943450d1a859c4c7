import { MLP_WASM_BASE64 } from './mlpWasm.generated';

/**
 * The WebAssembly SIMD dense kernels of `BatchedMlp`, its fused Adam step and the neural learn-to-bid pairing loop (sources in the repository's
 * `assembly/` folder, compiled by `scripts/build-kernels.mjs` into `mlpWasm.generated.ts`), in two precisions:
 * - f64x2 (`forward`, `backward`): the TypeScript path's results bit for bit: every sum is taken in the same order
 *   with the same roundings (SIMD lanes hold different outputs, never parts of one sum; no fused multiply-add), and
 *   exp is fdlibm's, as V8's `Math.exp` is (the kernels test checks both).
 * - f32x4 (`forward32`, `backward32`): weights, inputs, activations and per-call gradient sums in float32 (as
 *   PyTorch computes), tanh through a float32 exp (Cephes expf); twice the lanes and half the memory traffic.
 *   They agree with the float64 path to float32 rounding only, so a run's curve differs from the TypeScript one
 *   in the late digits (the kernels test bounds the difference and checks finite differences).
 * The fused Adam step is float64 in both cases (parameters and moments stay float64).
 */
export interface MlpKernelExports {
  memory: WebAssembly.Memory;
  /** forward(M, B, d, h, o, w, x, a1, a2, out, wt): byte offsets; wt is `[P]` scratch; see `BatchedMlp.forward`. */
  forward(M: number, B: number, d: number, h: number, o: number, w: number, x: number, a1: number, a2: number, out: number, wt: number): void;
  /** backward(M, B, d, h, o, w, g, x, a1, a2, dOut, d1, d2, zero): adds ∂L/∂θ to g; d1, d2 are `[B, h]` scratch, zero `[h]` zeros. */
  backward(M: number, B: number, d: number, h: number, o: number, w: number, g: number, x: number, a1: number, a2: number, dOut: number, d1: number, d2: number, zero: number): void;
  /** adam(n, p, g, m, v, lr, β1, β2, 1 − β1, 1 − β2, 1 − β1^t, 1 − β2^t, ε): one Adam ascent step over n doubles (see `optimizers.ts`). */
  adam(n: number, p: number, g: number, m: number, v: number, lr: number, b1: number, b2: number, omb1: number, omb2: number, c1: number, c2: number, eps: number): void;
  /**
   * forward32(M, B, d, h, o, w, x, xf, a1, a2, out, outf, wt): the float32 forward; w, x, out float64; xf
   * `[M, B, d]`, a1, a2 `[M, B, h]`, outf `[B, o]` and wt `[P]` float32.
   */
  forward32(M: number, B: number, d: number, h: number, o: number, w: number, x: number, xf: number, a1: number, a2: number, out: number, outf: number, wt: number): void;
  /**
   * backward32(M, B, d, h, o, w, g, xf, a1, a2, dOut, dOutf, d1, d2, wf, gf, zero): adds ∂L/∂θ (summed in float32
   * per call) to the float64 g; dOutf `[B, o]`, d1, d2 `[B, h]`, wf, gf `[P]` float32 scratch, zero ≥ max(d, h, o) zeros.
   */
  backward32(M: number, B: number, d: number, h: number, o: number, w: number, g: number, xf: number, a1: number, a2: number, dOut: number, dOutf: number, d1: number, d2: number, wf: number, gf: number, zero: number): void;
  /** tanhInto32Export(n, x, y): tanh of n float32 through the float32 path (for tests). */
  tanhInto32Export(n: number, x: number, y: number): void;
  /** fdlibm exp of one number (for the test against `Math.exp`). */
  expScalar(x: number): number;
  /** tanhInto(n, x, y): tanh of n doubles through the SIMD path (for tests). */
  tanhInto(n: number, x: number, y: number): void;
  /**
   * pairedBidGradient(mech, B, R, β, want, v, b, m, em, eb, db): the neural learn-to-bid learner's rival-pairing
   * loop for one bidder (`NeuralGradientPlay`), f64x2, its ∂U/∂b added to db bit for bit as the TypeScript loop
   * does; returns the utilities' sum when `want` is 1. mech: 0 first price, 1 second price, 2 all-pay; pointers to
   * float64 `[B]`.
   */
  pairedBidGradient(mech: number, B: number, R: number, beta: number, want: number, v: number, b: number, m: number, em: number, eb: number, db: number): number;
}

/** A compiled kernel module; each network instantiates its own copy (own memory) with `instantiate`. */
export interface MlpKernels {
  readonly module: WebAssembly.Module;
  instantiate(): MlpKernelExports;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decode standard base64 (no line breaks) to bytes. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array((clean.length * 3) >> 2);
  let bits = 0;
  let acc = 0;
  let j = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = B64.indexOf(clean[i]);
    if (v < 0) throw new Error(`base64: bad character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

function isExports(x: WebAssembly.Exports): x is WebAssembly.Exports & MlpKernelExports {
  return (
    x.memory instanceof WebAssembly.Memory &&
    ['forward', 'backward', 'forward32', 'backward32', 'adam', 'expScalar', 'tanhInto', 'tanhInto32Export', 'pairedBidGradient'].every((name) => typeof x[name] === 'function')
  );
}

function kernelsOf(module: WebAssembly.Module): MlpKernels {
  return {
    module,
    instantiate() {
      const inst = new WebAssembly.Instance(module, {});
      if (!isExports(inst.exports)) throw new Error('mlp kernels: unexpected exports');
      return inst.exports;
    },
  };
}

let compiled: MlpKernels | null | undefined;

/**
 * The kernels compiled synchronously (`new WebAssembly.Module`, allowed for a module this small in Node, in
 * workers and on a page), cached; null where this engine has no WebAssembly or no 128-bit SIMD. For constructors
 * that cannot wait (the PPO agents); `loadMlpKernels` is the asynchronous twin.
 */
export function mlpKernelsSync(): MlpKernels | null {
  if (compiled === undefined) {
    const bytes = typeof WebAssembly === 'undefined' ? null : decodeBase64(MLP_WASM_BASE64);
    compiled = bytes && WebAssembly.validate(bytes) ? kernelsOf(new WebAssembly.Module(bytes)) : null;
  }
  return compiled;
}

let pending: Promise<MlpKernels | null> | null = null;

/**
 * Compile the kernels once (asynchronously, `WebAssembly.compile`) and cache them. Resolves to null where this
 * engine has no WebAssembly or no 128-bit SIMD (the module does not validate): callers then use the TypeScript path.
 */
export function loadMlpKernels(): Promise<MlpKernels | null> {
  pending ??= (async () => {
    if (typeof WebAssembly === 'undefined') return null;
    const bytes = decodeBase64(MLP_WASM_BASE64);
    if (!WebAssembly.validate(bytes)) return null;
    compiled ??= kernelsOf(await WebAssembly.compile(bytes));
    return compiled;
  })();
  return pending;
}
