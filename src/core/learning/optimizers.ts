/**
 * First-order optimizers over a flat parameter vector, in plain TypeScript (no tensors), for models small
 * enough that closed-form gradients beat a tensor library's per-op overhead. Both do gradient *ascent*
 * (the caller passes ∂objective/∂θ); each parameter has its own Adam moments, so one optimizer over the
 * stacked parameters of N bidders is exactly N independent optimizers.
 */
export interface Optimizer {
  /** θ ← θ + update(grad). Mutates `params` in place. */
  ascend(params: Float64Array, grad: Float64Array): void;
  readonly name: 'adam' | 'sgd';
  /** Learning rate; may be changed between steps (schedules). */
  lr: number;
}

/** Plain gradient ascent: θ ← θ + lr·g. */
export function sgd(lr: number): Optimizer {
  return {
    name: 'sgd',
    lr,
    ascend(params, grad) {
      for (let j = 0; j < params.length; j++) params[j] = params[j] + this.lr * grad[j];
    },
  };
}

/**
 * Adam (Kingma & Ba 2015, Algorithm 1) for ascent: m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²;
 * θ ← θ + lr · m̂ / (√v̂ + ε) with bias-corrected m̂, v̂. Defaults β1 = 0.9, β2 = 0.999, ε = 1e−8
 * (the same as PyTorch and tfjs, so the plain and tfjs paths agree).
 */
export function adam(lr: number, size: number, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): Optimizer {
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  let t = 0;
  return {
    name: 'adam',
    lr,
    ascend(params, grad) {
      t++;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      for (let j = 0; j < params.length; j++) {
        const g = grad[j];
        m[j] = beta1 * m[j] + (1 - beta1) * g;
        v[j] = beta2 * v[j] + (1 - beta2) * g * g;
        params[j] = params[j] + (this.lr * (m[j] / c1)) / (Math.sqrt(v[j] / c2) + eps);
      }
    },
  };
}

export function createOptimizer(name: 'adam' | 'sgd', lr: number, size: number): Optimizer {
  return name === 'adam' ? adam(lr, size) : sgd(lr);
}
