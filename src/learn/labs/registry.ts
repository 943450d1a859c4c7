import type { LearnToBidConfig } from '../../core/labs/learnToBid/schema';
import type { FinalMetrics, RunContext } from '../../core/labs/types';
import type { BackendChoice, BackendOptions, BackendRequest } from '../backend';
import { runLearnToBidOn } from './learnToBidRunner';

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
};
