import { modelParams } from '../../core/labs/optimalAuction/baselines';
import { runOptimalAuction, type WarmStartCache } from '../../core/labs/optimalAuction/run';
import type { OptimalAuctionConfig } from '../../core/labs/optimalAuction/schema';
import { reportUpper, valueScale } from '../../core/labs/optimalAuction/valueRange';
import type { FinalMetrics, RunContext } from '../../core/labs/types';
import { selectBackend, type BackendChoice, type BackendOptions, type BackendRequest } from '../backend';
import type { KvStore } from '../../core/storage/kvStore';
import { NeuralMechanism } from '../optimalAuction/neuralMechanism';
import { runStudyWorker } from '../optimalAuction/studyRunner';
import { defaultWarmStartCache } from '../optimalAuction/warmStartCache';

export interface OptimalAuctionRunOptions extends BackendOptions {
  onBackend?: (c: BackendChoice) => void;
  /** Phase-1 cache; default: IndexedDB where the environment has it, else a per-process memory cache. */
  cache?: WarmStartCache | null;
  /** Study storage (default: the lab's IndexedDB store, memory in Node). */
  studyStore?: KvStore;
}

/**
 * Run the optimal-auction lab: one training, or (`study` > 0) one study worker whose trials are trainings.
 */
export function runOptimalAuctionOn(
  config: OptimalAuctionConfig,
  seed: number,
  request: BackendRequest,
  ctx: Omit<RunContext, 'backend'>,
  options: OptimalAuctionRunOptions = {},
): Promise<FinalMetrics> {
  if (config.study <= 0) return trainOptimalAuction(config, seed, request, ctx, options);
  return runStudyWorker(config, seed, ctx, (c, trialCtx) => trainOptimalAuction(c, seed, request, trialCtx, options), options.studyStore ? { store: options.studyStore } : {});
}

/**
 * One training of the optimal-auction lab on a tfjs backend (`auto`: WebGPU on real hardware, else wasm).
 * The mechanism network is always tfjs (no plain-TypeScript path: `ts` is refused by `selectBackend`).
 */
export async function trainOptimalAuction(
  config: OptimalAuctionConfig,
  seed: number,
  request: BackendRequest,
  ctx: Omit<RunContext, 'backend'>,
  options: OptimalAuctionRunOptions = {},
): Promise<FinalMetrics> {
  const { choice, tf } = await selectBackend(request, { hasPlainPath: false }, options);
  options.onBackend?.(choice);
  const p = modelParams(config);
  const n = config.bidders;
  const learner = new NeuralMechanism(tf!, {
    bidders: n,
    layers: config.layers,
    upper: Array.from({ length: n }, (_, i) => reportUpper(config.prior, p, i)),
    scale: Array.from({ length: n }, (_, i) => valueScale(config.prior, p, i)),
    seed,
    lr: config.imitationLr,
  });
  const cache = options.cache === undefined ? defaultWarmStartCache() : (options.cache ?? undefined);
  try {
    return await runOptimalAuction(config, seed, learner, { ...ctx, backend: choice.name }, cache);
  } finally {
    learner.dispose();
  }
}
