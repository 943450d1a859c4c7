import type { Optimizer } from '@tensorflow/tfjs-core';
import type { Tf } from './tf';

/** A tfjs optimizer whose learning rate may change between steps (learning-rate schedules). */
export interface TunableOptimizer extends Optimizer {
  /** The step size the next `minimize` uses. */
  readonly rate: number;
  setRate(lr: number): void;
}

/**
 * Adam (Kingma & Ba 2015) exactly as `tf.train.adam(lr, beta1, beta2, epsilon)` builds it, plus a settable rate.
 * tfjs keeps Adam's `learningRate` protected (only SGD has a setter) and reads it at every step, so a subclass
 * that writes it changes the next step and nothing else. `epsilon` omitted: the backend's epsilon, as in tfjs.
 */
export function tunableAdam(tf: Tf, lr: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number): TunableOptimizer {
  class TunableAdam extends tf.AdamOptimizer {
    get rate(): number {
      return this.learningRate;
    }
    setRate(x: number): void {
      this.learningRate = x;
    }
  }
  return new TunableAdam(lr, beta1, beta2, epsilon);
}

/** Plain gradient descent exactly as `tf.train.sgd(lr)` builds it, with its rate exposed like `tunableAdam`'s. */
export function tunableSgd(tf: Tf, lr: number): TunableOptimizer {
  class TunableSgd extends tf.SGDOptimizer {
    get rate(): number {
      return this.learningRate;
    }
    setRate(x: number): void {
      this.setLearningRate(x);
    }
  }
  return new TunableSgd(lr);
}
