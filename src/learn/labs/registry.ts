import type { LearnToBidConfig } from '../../core/labs/learnToBid/schema';
import type { FinalMetrics, RunContext } from '../../core/labs/types';
import type { BackendChoice, BackendOptions, BackendRequest } from '../backend';
import { runLearnToBidOn } from './learnToBidRunner';
import { runPermitAuction } from '../../core/labs/permitAuction/run';
import type { PermitAuctionConfig } from '../../core/labs/permitAuction/schema';

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
  'permit-auction': (config, seed, ctx, options) => {
    options.onBackend?.({ name: 'ts', reason: 'clearing is plain TypeScript over typed arrays' });
    return runPermitAuction(config as unknown as PermitAuctionConfig, seed, { ...ctx, backend: 'ts' });
  },
};
