import type { LearnToBidConfig } from '../../core/labs/learnToBid/schema';
import { runLearnToBid } from '../../core/labs/learnToBid/run';
import { LinearGradientPlay } from '../../core/labs/learnToBid/linearGradientPlay';
import { NEURAL_PAIRINGS, type BidLearner } from '../../core/labs/learnToBid/bidLearner';
import { singleItemMechanisms } from '../../core/mechanisms/registry';
import type { FinalMetrics, RunContext } from '../../core/labs/types';
import { selectBackend, type BackendChoice, type BackendOptions, type BackendRequest } from '../backend';
import { TfBidLearner } from '../learnToBid/tfBidLearner';
import { bidderBounds } from '../../core/labs/learnToBid/bounds';
import { valueScale } from '../../core/labs/learnToBid/valueScale';

/**
 * Run the learn-to-bid lab on the requested backend: linear policies on `ts` use the closed-form learner;
 * everything else runs on tfjs. Learners see values in units of the value range (`runLearnToBid`), so the neural
 * policy gets the normalized bounds a_i / max_j a_j. `onBackend` reports the choice before training starts (for the UI chip).
 */
export async function runLearnToBidOn(
  config: LearnToBidConfig,
  seed: number,
  request: BackendRequest,
  ctx: Omit<RunContext, 'backend'>,
  options: BackendOptions & { onBackend?: (c: BackendChoice) => void } = {},
): Promise<FinalMetrics> {
  const { choice, tf } = await selectBackend(request, { hasPlainPath: config.policy === 'linear' }, options);
  options.onBackend?.(choice);
  const mechanism = config.mechanism;
  const upper = bidderBounds(config);
  const scale = valueScale(upper);
  const learner: BidLearner = tf
    ? new TfBidLearner(tf, { ...config, upper: upper.map((a) => a / scale), mechanism, policy: config.policy, optimizer: config.optimizer, seed, pairings: config.policy === 'mlp' ? NEURAL_PAIRINGS : 1 })
    : new LinearGradientPlay(config.bidders, singleItemMechanisms[mechanism].relaxation, config.initW, config.optimizer, config.lr);
  try {
    return await runLearnToBid(config, seed, learner, { ...ctx, backend: choice.name });
  } finally {
    learner.dispose();
  }
}
