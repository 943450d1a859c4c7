import type { PpoAgentsFactory } from '../../core/labs/permitAuction/train';
import { selectBackend, type BackendChoice, type BackendOptions, type TfBackendName } from '../backend';
import { TfIndependentPpo } from './tfIndependentPpo';

/**
 * A `PpoAgentsFactory` (for `trainPermitPpo`) that builds `TfIndependentPpo` agents on a tfjs backend: `auto`
 * (WebGPU on a hardware adapter, else wasm, webgl, cpu; see `backend.ts`) or a forced one, which throws when it
 * cannot start here. In Node, wasm needs `options.wasmPaths` (the CLI's `nodeWasmPaths()`). `onBackend` reports
 * the backend the agents got. The plain-TypeScript agents are `plainPpoAgents` in `train.ts`.
 */
export function createTfPpoAgents(
  backend: TfBackendName | 'auto',
  options: BackendOptions & { onBackend?: (choice: BackendChoice) => void } = {},
): PpoAgentsFactory {
  return async (opts, rng) => {
    const { choice, tf } = await selectBackend(backend, { hasPlainPath: false }, options);
    options.onBackend?.(choice);
    return new TfIndependentPpo(tf!, opts, rng);
  };
}
