import { mlpKernelsSync, type MlpKernels } from './mlpKernels';

/** Where the independent-PPO networks compute: the WebAssembly SIMD kernels or plain TypeScript. */
export type PpoCompute = 'simd' | 'ts';

/** What a caller asks for; `auto` lets `choosePpoCompute` decide. */
export type PpoComputeRequest = 'auto' | PpoCompute;

/** The path a run got and why (shown in the backend chip), with the kernels to hand to `BatchedMlp` (null: TypeScript). */
export interface PpoComputeChoice {
  name: PpoCompute;
  reason: string;
  kernels: MlpKernels | null;
}

/**
 * Choose the PPO compute path. `simd` runs the networks in the float32 (f32x4) WebAssembly kernels
 * (`mlpKernels.ts`), as PyTorch computes: results agree with the float64 TypeScript path to float32 rounding, not
 * bit for bit, so one seed's curve differs in the late digits between the two; `ts` is the float64 reference.
 * `auto` takes the kernels wherever this engine has WebAssembly SIMD: they were faster than the TypeScript path at
 * every size measured on this project's 2-core machine (the `permit-ppo` bench lines, from 2×16 networks at
 * 512/256 auctions per update/minibatch up to 2×64 at 2048/512). `simd` where the engine has no SIMD is an error,
 * not a silent substitute.
 */
export function choosePpoCompute(request: PpoComputeRequest, size: { hidden: number }): PpoComputeChoice {
  return chooseNetworkCompute(request, `PPO networks (2×${size.hidden})`);
}

/**
 * `choosePpoCompute` for any of the lab's small networks trained by hand-written backpropagation on
 * `BatchedMlp` (the neural learn-to-bid policies too); `networks` names them in the reason.
 */
export function chooseNetworkCompute(request: PpoComputeRequest, networks: string): PpoComputeChoice {
  if (request === 'ts') return { name: 'ts', reason: `forced: ${networks} in plain TypeScript (float64)`, kernels: null };
  const kernels = mlpKernelsSync();
  if (request === 'simd') {
    if (!kernels) throw new Error('backend "simd" needs WebAssembly SIMD, which this engine lacks');
    return { name: 'simd', reason: `forced: ${networks} in WebAssembly SIMD kernels (float32)`, kernels };
  }
  if (!kernels) return { name: 'ts', reason: `no WebAssembly SIMD here: ${networks} in plain TypeScript`, kernels: null };
  return { name: 'simd', reason: `${networks} in float32 WebAssembly SIMD kernels: faster than plain TypeScript (float64) at every size measured`, kernels };
}
