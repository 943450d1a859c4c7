import { MLP_WASM_BASE64 } from './mlpWasm.generated';

/**
 * The WebAssembly SIMD dense kernels of `BatchedMlp` (sources in the repository's `assembly/` folder, compiled by
 * `scripts/build-kernels.mjs` into `mlpWasm.generated.ts`). They compute in float64 like the TypeScript path, but
 * sum each dot product in two lanes (pairwise) and use the compiler's `exp`, so results agree with the TypeScript
 * path to rounding (~1e−15 relative), not bit for bit: training is deterministic per backend, not across them.
 */
export interface MlpKernelExports {
  memory: WebAssembly.Memory;
  /** forward(M, B, d, h, o, w, x, a1, a2, out): byte offsets; see `BatchedMlp.forward`. */
  forward(M: number, B: number, d: number, h: number, o: number, w: number, x: number, a1: number, a2: number, out: number): void;
  /** backward(M, B, d, h, o, w, g, x, a1, a2, dOut, d1, d2): adds ∂L/∂θ to g; d1, d2 are `[h]` scratch. */
  backward(M: number, B: number, d: number, h: number, o: number, w: number, g: number, x: number, a1: number, a2: number, dOut: number, d1: number, d2: number): void;
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
  return x.memory instanceof WebAssembly.Memory && typeof x.forward === 'function' && typeof x.backward === 'function';
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
    const module = await WebAssembly.compile(bytes);
    return {
      module,
      instantiate() {
        const inst = new WebAssembly.Instance(module, {});
        if (!isExports(inst.exports)) throw new Error('mlp kernels: unexpected exports');
        return inst.exports;
      },
    };
  })();
  return pending;
}
