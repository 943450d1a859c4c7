import type { FinalMetrics, RunContext } from '../../core/labs/types';
import { runCarbonMarket } from '../../core/labs/carbonMarket/run';
import type { CarbonMarketConfig } from '../../core/labs/carbonMarket/schema';
import type { RunnerOptions } from './registry';

/**
 * Runner of the carbon-market lab: simulation, market clearing and PPO are plain TypeScript (`core/labs/carbonMarket`,
 * `core/learning/ppo.ts`); the networks are tiny (one regulator, N firms), so a tfjs backend would only add overhead.
 * Backend `auto` or `ts` runs it; a forced tfjs backend is refused with a message.
 */
export async function runCarbonMarketOn(
  config: CarbonMarketConfig,
  seed: number,
  ctx: Omit<RunContext, 'backend'>,
  options: RunnerOptions,
): Promise<FinalMetrics> {
  if (options.backend !== 'auto' && options.backend !== 'ts') {
    throw new Error(`backend ${options.backend}: the carbon-market lab runs in plain TypeScript only; use auto or ts`);
  }
  options.onBackend?.({ name: 'ts', reason: 'economy, market clearing and PPO in plain TypeScript (tiny networks)' });
  return runCarbonMarket(config, seed, { ...ctx, backend: 'ts' });
}
