import { plainPpoAgents, type PpoAgentsFactory } from '../../core/labs/permitAuction/train';
import { selectBackend, type BackendChoice, type BackendOptions, type BackendRequest } from '../backend';
import { TfIndependentPpo } from './tfIndependentPpo';

/**
 * A `PpoAgentsFactory` (for `trainPermitPpo`) on the requested compute backend: `ts` is the plain-TypeScript
 * `IndependentPpo` (hand-written backprop; the fastest here for these small networks, see the
 * `permit-ppo-breakdown` bench), `cpu`/`wasm`/`webgl`/`webgpu` the tfjs `TfIndependentPpo` with the same math, and
 * `auto` picks `ts` (PPO has a closed-form path, `backend.ts`). A forced tfjs backend that cannot start here
 * throws. In Node, wasm needs `options.wasmPaths` (the CLI's `nodeWasmPaths()`). `onBackend` reports the choice
 * (for the UI chip) before the agents are built.
 */
export function createTfPpoAgents(
  backend: BackendRequest,
  options: BackendOptions & { onBackend?: (choice: BackendChoice) => void } = {},
): PpoAgentsFactory {
  return async (opts, rng) => {
    const { choice, tf } = await selectBackend(backend, { hasPlainPath: true }, options);
    options.onBackend?.(
      choice.name === 'ts'
        ? { name: 'ts', reason: backend === 'ts' ? 'forced: plain TypeScript PPO' : 'small PPO networks: hand-written backprop in plain TypeScript beats tensor ops here' }
        : choice,
    );
    return tf ? new TfIndependentPpo(tf, opts, rng) : plainPpoAgents(opts, rng);
  };
}
