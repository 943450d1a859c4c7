import type { Tensor } from '@tensorflow/tfjs-core';
import type { SingleItemMechanismId } from '../../core/mechanisms/singleItem';
import type { Tf } from '../tf';

/**
 * Smoothed utility as tensors, elementwise over `[bidders, batch]`: the tensor twin of each mechanism's
 * `Relaxation.utility` in core (source report): with s = σ(β(b − m)),
 * first price (v − b)·s, second price (v − m)·s, all-pay v·s − b. Equality with the core formulas is tested.
 */
export function relaxedUtility(tf: Tf, mechanism: SingleItemMechanismId, v: Tensor, b: Tensor, m: Tensor, beta: number): Tensor {
  const s = tf.sigmoid(tf.mul(tf.sub(b, m), beta));
  switch (mechanism) {
    case 'first-price':
      return tf.mul(tf.sub(v, b), s);
    case 'second-price':
      return tf.mul(tf.sub(v, m), s);
    case 'all-pay':
      return tf.sub(tf.mul(v, s), b);
  }
}

/**
 * Highest competing bid m_i = max_{j≠i} b_j for every bidder, `[N, B]` from bids `[N, B]`, with no
 * gradient flowing through it (the others' bids are held fixed in gradient play). Uses an additive
 * −∞-like mask on the diagonal instead of top-k, which every backend supports.
 */
export function competingMax(tf: Tf, bids: Tensor): Tensor {
  const n = bids.shape[0];
  const mask = tf.tensor3d(
    Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? -1e9 : 0)),
    [n, n, 1],
  );
  const detached = stopGradient(tf, bids);
  return tf.max(tf.add(tf.expandDims(detached, 0), mask), 1);
}

/** Identity with a zero gradient (tfjs-core has no stop-gradient op; `customGrad` gives one). */
export function stopGradient(tf: Tf, x: Tensor): Tensor {
  const f = tf.customGrad<Tensor>((input) => {
    // tfjs passes the inputs, then a save function (`GradSaveFunc`) this op does not use.
    if (input === undefined || typeof input === 'function') throw new Error('stopGradient: expected one tensor');
    return { value: tf.clone(input), gradFunc: (dy) => tf.zerosLike(dy) };
  });
  return f(x);
}
