import type { LearnToBidConfig } from '../../core/labs/learnToBid/schema';
import type { FinalMetrics, RunContext } from '../../core/labs/types';
import type { BackendChoice, BackendOptions, BackendRequest } from '../backend';
import { runLearnToBidOn } from './learnToBidRunner';
import { runOptimalAuctionOn } from './optimalAuctionRunner';
import type { OptimalAuctionConfig } from '../../core/labs/optimalAuction/schema';
import { runAllPayDesign } from '../allPayDesign/runAllPayDesign';
import type { AllPayDesignConfig } from '../../core/labs/allPayDesign/schema';
import type { PermitAuctionConfig } from '../../core/labs/permitAuction/schema';
import { runPermitAuctionOn } from './permitAuctionRunner';
import { runCarbonMarketOn } from './carbonMarketRunner';
import type { CarbonMarketConfig } from '../../core/labs/carbonMarket/schema';

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
    runLearnToBidOn(config as unknown as LearnToBidConfig, seed, options.backend, ctx, options),
  'optimal-auction': (config, seed, ctx, options) => runOptimalAuctionOn(config as unknown as OptimalAuctionConfig, seed, options.backend, ctx, options),
  'permit-auction': (config, seed, ctx, options) => runPermitAuctionOn(config as unknown as PermitAuctionConfig, seed, ctx, options),
  'all-pay-design': (config, seed, ctx, options) => runAllPayDesign(config as unknown as AllPayDesignConfig, seed, options.backend, ctx, options),
  'carbon-market': (config, seed, ctx, options) => runCarbonMarketOn(config as unknown as CarbonMarketConfig, seed, ctx, options),
};
