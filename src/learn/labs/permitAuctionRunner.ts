import type { FinalMetrics, RunContext } from '../../core/labs/types';
import { runPermitAuction } from '../../core/labs/permitAuction/run';
import type { PermitAuctionConfig } from '../../core/labs/permitAuction/schema';
import { createTfPpoAgents } from '../ppo/tfPpoAgents';
import type { RunnerOptions } from './registry';

/**
 * Runner of the permit-auction lab. Clearing is plain TypeScript over typed arrays. Training uses the plain-TS
 * batched PPO (`core/learning/ppo.ts`: ~17k auctions/s per firm here, 4 small networks per firm are far too small
 * for a GPU to pay off) unless a tfjs backend is forced, which trains with the tfjs PPO (`learn/ppo`).
 */
export async function runPermitAuctionOn(
  config: PermitAuctionConfig,
  seed: number,
  ctx: Omit<RunContext, 'backend'>,
  options: RunnerOptions,
): Promise<FinalMetrics> {
  const train = config.mode === 'train';
  if (!train || options.backend === 'auto' || options.backend === 'ts') {
    options.onBackend?.({
      name: 'ts',
      reason: train ? 'PPO in plain TypeScript (batched small networks; faster than tfjs at this size)' : 'clearing is plain TypeScript over typed arrays',
    });
    return runPermitAuction(config, seed, { ...ctx, backend: 'ts' });
  }
  // A forced tfjs backend: the same PPO in tfjs (`learn/ppo`), e.g. to compare backends or check WebGPU.
  const factory = createTfPpoAgents(options.backend, { ...options, onBackend: options.onBackend });
  return runPermitAuction(config, seed, { ...ctx, backend: options.backend }, factory);
}
