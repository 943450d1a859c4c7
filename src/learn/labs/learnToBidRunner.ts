import type { LearnToBidConfig } from '../../core/labs/learnToBid/schema';
import { runLearnToBid } from '../../core/labs/learnToBid/run';
import { LinearGradientPlay } from '../../core/labs/learnToBid/linearGradientPlay';
import { NEURAL_PAIRINGS, type BidLearner } from '../../core/labs/learnToBid/bidLearner';
import { singleItemMechanisms } from '../../core/mechanisms/registry';
import type { FinalMetrics, RunContext } from '../../core/labs/types';
import { selectBackend, type BackendChoice, type BackendOptions, type BackendRequest } from '../backend';
import { TfBidLearner } from '../learnToBid/tfBidLearner';
import { NeuralGradientPlay } from '../../core/labs/learnToBid/neuralGradientPlay';
import { chooseNetworkCompute } from '../../core/learning/kernels/ppoCompute';
import { bidderBounds } from '../../core/labs/learnToBid/bounds';
import { valueScale } from '../../core/labs/learnToBid/valueScale';

/**
 * Run the learn-to-bid lab on the requested backend: linear policies on `ts` use the closed-form learner; neural
 * ones on `auto`, `simd` and `ts` the closed-form neural learner on the batched dense kernels (`NeuralGradientPlay`,
 * `chooseNetworkCompute`: SIMD float32 where the engine has it); a forced tfjs backend runs the tfjs learners.
 * Learners see values in units of the value range (`runLearnToBid`), so the neural policy gets the normalized
 * bounds a_i / max_j a_j. `onBackend` reports the choice before training starts (for the UI chip).
 */
export async function runLearnToBidOn(
  config: LearnToBidConfig,
  seed: number,
  request: BackendRequest,
  ctx: Omit<RunContext, 'backend'>,
  options: BackendOptions & { onBackend?: (c: BackendChoice) => void } = {},
): Promise<FinalMetrics> {
  const mechanism = config.mechanism;
  const upper = bidderBounds(config);
  const scale = valueScale(upper);
  const normalized = upper.map((a) => a / scale);
  const relaxation = singleItemMechanisms[mechanism].relaxation;
  let choice: BackendChoice;
  let learner: BidLearner;
  if (config.policy === 'mlp' && (request === 'auto' || request === 'ts' || request === 'simd')) {
    const compute = chooseNetworkCompute(request, `neural bid policies (2×${config.hidden})`);
    choice = { name: compute.name, reason: compute.reason };
    learner = new NeuralGradientPlay({ ...config, relaxation, upper: normalized, seed, pairings: NEURAL_PAIRINGS, kernels: compute.kernels });
  } else {
    const selected = await selectBackend(request, { hasPlainPath: config.policy === 'linear' }, options);
    choice = selected.choice;
    learner = selected.tf
      ? new TfBidLearner(selected.tf, { ...config, upper: normalized, mechanism, policy: config.policy, optimizer: config.optimizer, seed, pairings: config.policy === 'mlp' ? NEURAL_PAIRINGS : 1 })
      : new LinearGradientPlay(config.bidders, relaxation, config.initW, config.optimizer, config.lr);
  }
  options.onBackend?.(choice);
  try {
    return await runLearnToBid(config, seed, learner, { ...ctx, backend: choice.name });
  } finally {
    learner.dispose();
  }
}
