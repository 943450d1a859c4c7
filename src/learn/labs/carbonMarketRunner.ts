import type { FinalMetrics, RunContext } from '../../core/labs/types';
import { runCarbonMarket } from '../../core/labs/carbonMarket/run';
import type { CarbonMarketConfig } from '../../core/labs/carbonMarket/schema';
import { FIRM_PPO, GOVERNMENT_PPO } from '../../core/labs/carbonMarket/train';
import { choosePpoCompute } from '../../core/learning/kernels/ppoCompute';
import type { RunnerOptions } from './registry';

/**
 * Runner of the carbon-market lab: simulation and market clearing are plain TypeScript (`core/labs/carbonMarket`);
 * every run trains the learned regulator (and the PPO firms) with `core/learning/ppo.ts`, whose networks take
 * `choosePpoCompute('auto')`: the WebAssembly SIMD kernels where the engine has them, else plain TypeScript. The
 * lab does not pass a compute request down, so `ts` and `simd` cannot be forced here: the run reports the path
 * its PPO actually used (the chip and `metrics.backend`). The networks are tiny (one regulator, N firms), so a
 * tfjs backend would only add overhead: a forced tfjs backend is refused with a message.
 */
export async function runCarbonMarketOn(
  config: CarbonMarketConfig,
  seed: number,
  ctx: Omit<RunContext, 'backend'>,
  options: RunnerOptions,
): Promise<FinalMetrics> {
  if (options.backend !== 'auto' && options.backend !== 'ts' && options.backend !== 'simd') {
    throw new Error(`backend ${options.backend}: the carbon-market lab runs its own PPO (WebAssembly SIMD or plain TypeScript); use auto`);
  }
  const hidden = Math.max(GOVERNMENT_PPO.hidden ?? 0, FIRM_PPO.hidden ?? 0);
  const used = choosePpoCompute('auto', { hidden });
  const forced = options.backend === 'auto' || options.backend === used.name ? '' : ` (${options.backend} requested, but this lab's PPO always takes auto)`;
  options.onBackend?.({ name: used.name, reason: `economy and market clearing in plain TypeScript; ${used.reason}${forced}` });
  return runCarbonMarket(config, seed, { ...ctx, backend: used.name });
}
