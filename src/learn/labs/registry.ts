import { allPayDesignConfig, carbonMarketConfig, learnToBidConfig, optimalAuctionConfig, permitAuctionConfig } from '../../core/labs/configs';
import type { FinalMetrics, RunContext } from '../../core/labs/types';
import type { BackendChoice, BackendOptions, BackendRequest } from '../backend';
import { runLearnToBidOn } from './learnToBidRunner';
import { runOptimalAuctionOn } from './optimalAuctionRunner';
import { runAllPayDesign } from '../allPayDesign/runAllPayDesign';
import { runPermitAuctionOn } from './permitAuctionRunner';
import { runCarbonMarketOn } from './carbonMarketRunner';

/** Everything a runner needs besides config and seed. */
export interface RunnerOptions extends BackendOptions {
  backend: BackendRequest;
  onBackend?: (choice: BackendChoice) => void;
}

/**
 * The compute half of each lab's registry entry: `(config, seed, ctx, options) → final metrics`. Workers and
 * the CLI call runners only through this table, so both run the same code.
 */
export type LabRunnerFn = (
  config: Record<string, unknown>,
  seed: number,
  ctx: Omit<RunContext, 'backend'>,
  options: RunnerOptions,
) => Promise<FinalMetrics>;

export const labRunners: Readonly<Record<string, LabRunnerFn>> = {
  'learn-to-bid': (config, seed, ctx, options) =>
    runLearnToBidOn(learnToBidConfig(config), seed, options.backend, ctx, options),
  'optimal-auction': (config, seed, ctx, options) => runOptimalAuctionOn(optimalAuctionConfig(config), seed, options.backend, ctx, options),
  'permit-auction': (config, seed, ctx, options) => runPermitAuctionOn(permitAuctionConfig(config), seed, ctx, options),
  'all-pay-design': (config, seed, ctx, options) => runAllPayDesign(allPayDesignConfig(config), seed, options.backend, ctx, options),
  'carbon-market': (config, seed, ctx, options) => runCarbonMarketOn(carbonMarketConfig(config), seed, ctx, options),
};
