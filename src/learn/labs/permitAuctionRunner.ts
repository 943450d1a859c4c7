import type { FinalMetrics, RunContext } from '../../core/labs/types';
import { runPermitAuction } from '../../core/labs/permitAuction/run';
import type { PermitAuctionConfig } from '../../core/labs/permitAuction/schema';
import { createTfPpoAgents } from '../ppo/tfPpoAgents';
import type { RunnerOptions } from './registry';

/**
 * Runner of the permit-auction lab. Clearing is plain TypeScript over typed arrays. Training uses the batched
 * hand-written-backprop PPO (`core/learning/ppo.ts`) with its networks in the WebAssembly SIMD kernels (`auto`,
 * `simd`) or plain TypeScript (`ts`), the same numbers either way; a forced tfjs backend trains with the tfjs PPO
 * (`learn/ppo`). The small networks of 4 firms are far too small for a GPU to pay off.
 */
export async function runPermitAuctionOn(
  config: PermitAuctionConfig,
  seed: number,
  ctx: Omit<RunContext, 'backend'>,
  options: RunnerOptions,
): Promise<FinalMetrics> {
  const train = config.mode === 'train';
  if (!train) {
    options.onBackend?.({ name: 'ts', reason: 'clearing is plain TypeScript over typed arrays' });
    return runPermitAuction(config, seed, { ...ctx, backend: 'ts' });
  }
  const factory = createTfPpoAgents(options.backend, { ...options, onBackend: options.onBackend });
  return runPermitAuction(config, seed, { ...ctx, backend: options.backend }, factory);
}
