import { loadTf, type Tf } from './tf';

/** tfjs backends the lab can use. */
export type TfBackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu';
/**
 * `ts` is plain TypeScript over typed arrays (closed-form gradients, no tensors); `simd` the WebAssembly SIMD
 * dense kernels under the same hand-written backpropagation (`core/learning/kernels`, PPO networks).
 */
export type ComputeBackend = 'ts' | 'simd' | TfBackendName;
/** What a user, test or the CLI asks for; `auto` lets `selectBackend` decide. */
export type BackendRequest = 'auto' | ComputeBackend;

/** The backend a run got, with the reason shown in the UI chip. */
export interface BackendChoice {
  name: ComputeBackend;
  reason: string;
}

export interface BackendJob {
  /** True when the job has a closed-form plain-TypeScript path (linear bid policies). */
  hasPlainPath: boolean;
}

export interface BackendOptions {
  /** Where the wasm binaries are (worker: Vite `?url` imports as a file map; Node: the package's dist folder, as a prefix ending in '/'). */
  wasmPaths?: string | Record<string, string>;
}

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined' && typeof self === 'undefined';

/**
 * Is there a real (hardware) WebGPU adapter? Software fallbacks (SwiftShader) are usable for correctness
 * tests but about 100× slower than wasm here, so `auto` never picks them.
 */
export async function probeWebGpu(): Promise<{ available: boolean; fallback: boolean }> {
  // The DOM typings promise both, but Node before 21 has no `navigator`, and only WebGPU browsers have `gpu`.
  const nav: Navigator | undefined = globalThis.navigator;
  const gpu: GPU | undefined = nav?.gpu;
  if (!gpu) return { available: false, fallback: false };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { available: false, fallback: false };
    // `info` arrived in Chrome 127 (`isFallbackAdapter` on the adapter itself before, now deprecated).
    const info: GPUAdapterInfo | undefined = adapter.info;
    return { available: true, fallback: !!(info?.isFallbackAdapter ?? adapter.isFallbackAdapter) };
  } catch {
    return { available: false, fallback: false };
  }
}

/** Import and activate one tfjs backend; resolves to false when it cannot initialize here. */
async function activate(tf: Tf, name: TfBackendName, options: BackendOptions): Promise<boolean> {
  try {
    if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
    if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (options.wasmPaths) wasm.setWasmPaths(options.wasmPaths);
      // The threaded build breaks under bundling and was not faster here (measured on this project's 2-core machine): stay single-threaded.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    }
    if (name === 'webgl') {
      if (isNode) return false;
      await import('@tensorflow/tfjs-backend-webgl');
    }
    if (name === 'webgpu') {
      if (isNode || !(await probeWebGpu()).available) return false;
      await import('@tensorflow/tfjs-backend-webgpu');
    }
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/**
 * Choose and initialize the compute backend for a run (each run in a worker or the CLI calls this; tfjs
 * itself is loaded once per worker).
 * `auto`: plain TypeScript when the job has a closed-form path (faster than any tensor library for a few
 * scalars per bidder); otherwise WebGPU on a real adapter, else wasm, webgl, cpu in that order (wasm won
 * every small-model test measured here). A forced backend that cannot start is an error, not a silent
 * substitute, so tests that force one prove that path.
 */
export async function selectBackend(
  request: BackendRequest,
  job: BackendJob,
  options: BackendOptions = {},
): Promise<{ choice: BackendChoice; tf: Tf | null }> {
  if (request === 'simd') throw new Error('backend "simd" runs the neural bid policies and the PPO networks (permit-auction training, carbon-market, all-pay); pick auto, ts or a tfjs backend here');
  if (request === 'ts') {
    if (!job.hasPlainPath) throw new Error('backend "ts" only runs linear policies here; pick cpu, wasm, webgl or webgpu for neural ones');
    return { choice: { name: 'ts', reason: 'forced: plain TypeScript, closed-form gradient' }, tf: null };
  }
  if (request === 'auto' && job.hasPlainPath) {
    return { choice: { name: 'ts', reason: 'linear bids: closed-form gradient in plain TypeScript beats tensor ops here' }, tf: null };
  }
  const tf = await loadTf();
  if (request !== 'auto') {
    if (!(await activate(tf, request, options))) {
      throw new Error(`backend "${request}" is not available here${isNode && (request === 'webgl' || request === 'webgpu') ? ' (Node has only cpu and wasm)' : ''}`);
    }
    return { choice: { name: request, reason: 'forced' }, tf };
  }
  const gpu = await probeWebGpu();
  if (gpu.available && !gpu.fallback && (await activate(tf, 'webgpu', options))) {
    return { choice: { name: 'webgpu', reason: 'a hardware WebGPU adapter was found' }, tf };
  }
  const why = gpu.available ? 'WebGPU adapter is a software fallback' : 'no WebGPU adapter';
  for (const name of ['wasm', 'webgl', 'cpu'] as const) {
    if (await activate(tf, name, options)) {
      const reason = name === 'wasm' ? `${why}; wasm is fastest for small networks on CPU` : `${why}; ${name} (wasm failed to start)`;
      return { choice: { name, reason }, tf };
    }
  }
  throw new Error('no tfjs backend could start');
}
