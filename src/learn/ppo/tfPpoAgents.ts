import { type PpoAgentsFactory } from '../../core/labs/permitAuction/train';
import { IndependentPpo } from '../../core/learning/ppo';
import { selectBackend, type BackendChoice, type BackendOptions, type BackendRequest } from '../backend';
import { TfIndependentPpo } from './tfIndependentPpo';

/**
 * A `PpoAgentsFactory` (for `trainPermitPpo`) on the requested compute backend: `auto`, `simd` and `ts` are the
 * hand-written-backprop `IndependentPpo` (`core/learning/ppo.ts`) with its networks in the WebAssembly SIMD
 * kernels (`simd`, and `auto` where the engine has SIMD: faster at every size measured, see `choosePpoCompute`)
 * or in plain TypeScript (`ts`), the same numbers bit for bit; `cpu`/`wasm`/`webgl`/`webgpu` the tfjs
 * `TfIndependentPpo` with the same math. A forced backend that cannot start here throws. In Node, wasm needs
 * `options.wasmPaths` (the CLI's `nodeWasmPaths()`). `onBackend` reports the choice (for the UI chip) once the
 * agents are built.
 */
export function createTfPpoAgents(
  backend: BackendRequest,
  options: BackendOptions & { onBackend?: (choice: BackendChoice) => void } = {},
): PpoAgentsFactory {
  return async (opts, rng) => {
    if (backend === 'auto' || backend === 'ts' || backend === 'simd') {
      const agents = new IndependentPpo({ ...opts, compute: backend }, rng);
      options.onBackend?.({ name: agents.compute.name, reason: agents.compute.reason });
      return agents;
    }
    const { choice, tf } = await selectBackend(backend, { hasPlainPath: false }, options);
    options.onBackend?.(choice);
    return new TfIndependentPpo(tf!, opts, rng);
  };
}
