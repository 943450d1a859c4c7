import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/math/rng';
import { sampleUniformValues } from '../../core/priors/uniform';
import { selectBackend } from '../backend';
import type { Tf } from '../tf';
import { TfBidLearner, type TfLearnerOptions } from './tfBidLearner';

/**
 * The house rule for tensors: every training step runs inside `tf.tidy` or disposes explicitly, so
 * `tf.memory().numTensors` stays flat across steps, and `dispose()` frees everything the learner made.
 */

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend('cpu', { hasPlainPath: false })).tf!;
});

const N = 3;
const BATCH = 64;
const upper = [1, 1, 1];

function options(policy: 'linear' | 'mlp', optimizer: 'adam' | 'sgd'): TfLearnerOptions {
  return { mechanism: 'first-price', bidders: N, upper, policy, initW: 0.8, hidden: 8, optimizer, lr: 0.01, seed: 3 };
}

/** Train a learner for `steps` rounds on fresh draws, alternating utility read-back, with a moving learning rate. */
function trainer(learner: TfBidLearner) {
  const rng = createRng(11);
  const values = new Float64Array(BATCH * N);
  let lr = 0.01;
  let t = 0;
  return async () => {
    sampleUniformValues(rng, BATCH, upper, values);
    const su = await learner.step(values, BATCH, 20 + t, t % 2 === 0, lr);
    if (t % 2 === 0) expect(su).toHaveLength(N);
    else expect(su).toBeNull();
    lr *= 0.97;
    t++;
  };
}

describe('TfBidLearner does not leak tensors (cpu backend)', () => {
  const grid = sampleUniformValues(createRng(12), 41, upper);
  for (const policy of ['linear', 'mlp'] as const) {
    for (const optimizer of ['adam', 'sgd'] as const) {
      it(`${policy} policy, ${optimizer}: numTensors stays flat across steps, bid() and slopes()`, async () => {
        const learner = new TfBidLearner(tf, options(policy, optimizer));
        try {
          const step = trainer(learner);
          // Warm-up, with and without the utility read-back: optimizer slots are created lazily.
          for (let t = 0; t < 3; t++) await step();
          await learner.bid(grid, 41);
          await learner.slopes();
          const warm = tf.memory();
          for (let t = 0; t < 20; t++) {
            await step();
            expect(tf.memory().numTensors, `after step ${t + 4}`).toBe(warm.numTensors);
          }
          const bids = await learner.bid(grid, 41);
          expect(bids).toHaveLength(41 * N);
          expect(bids.every(Number.isFinite)).toBe(true);
          const w = await learner.slopes();
          if (policy === 'linear') expect(w).toHaveLength(N);
          else expect(w).toBeNull();
          const after = tf.memory();
          expect(after.numTensors).toBe(warm.numTensors);
          expect(after.numDataBuffers).toBe(warm.numDataBuffers);
          expect(after.numBytes).toBe(warm.numBytes);
        } finally {
          learner.dispose();
        }
      });

      it(`${policy} policy, ${optimizer}: dispose() returns numTensors to the count before construction`, async () => {
        const before = tf.memory();
        const learner = new TfBidLearner(tf, options(policy, optimizer));
        const step = trainer(learner);
        for (let t = 0; t < 3; t++) await step();
        await learner.bid(grid, 41);
        learner.dispose();
        const after = tf.memory();
        expect(after.numTensors, 'numTensors after dispose()').toBe(before.numTensors);
        expect(after.numBytes, 'numBytes after dispose()').toBe(before.numBytes);
      });
    }
  }
});
