import { createOptimizer, type Optimizer } from '../../learning/optimizers';
import type { Relaxation } from '../../mechanisms/singleItem';
import type { BidLearner } from './bidLearner';

/**
 * Linear bid policies b_i = w_i·v_i learned by simultaneous gradient play, with the gradient in closed form
 * (no autograd): for bidder i with m_i the highest competing bid and s = σ(β(b_i − m_i)),
 *   ∂U_i/∂w_i = (1/K) Σ_k ∂u/∂b (v_ki, b_ki, m_ki) · v_ki,
 * where ∂u/∂b comes from the mechanism's `Relaxation` (others' bids held fixed). Checked against tfjs
 * autograd in `src/learn/learnToBid/gradientCheck.test.ts`.
 *
 * Cost per step: O(K·N) with one `exp` per bidder and draw; no allocation after construction.
 */
export class LinearGradientPlay implements BidLearner {
  readonly cheapSlopes = true;
  readonly w: Float64Array;
  /** ∂U_i/∂w_i of the last step (before the optimizer update and the projection onto w ≥ 0), `[bidders]`. */
  readonly grad: Float64Array;
  private readonly utility: Float64Array;
  private readonly optimizer: Optimizer;

  constructor(
    readonly bidders: number,
    private readonly relaxation: Relaxation,
    initW: number,
    optimizer: 'adam' | 'sgd',
    lr: number,
  ) {
    this.w = new Float64Array(bidders).fill(initW);
    this.grad = new Float64Array(bidders);
    this.utility = new Float64Array(bidders);
    this.optimizer = createOptimizer(optimizer, lr, bidders);
  }

  step(values: Float64Array, batch: number, beta: number, _wantUtility = true, lr?: number): Float64Array {
    const n = this.bidders;
    const { w, grad, utility } = this;
    const { utility: u, dUtilityDBid } = this.relaxation;
    grad.fill(0);
    utility.fill(0);
    for (let k = 0; k < batch; k++) {
      const row = k * n;
      // Highest and second-highest bid of this auction; m_i is the best bid among the others.
      let top = -Infinity;
      let second = -Infinity;
      let who = -1;
      for (let i = 0; i < n; i++) {
        const b = w[i] * values[row + i];
        if (b > top) {
          second = top;
          top = b;
          who = i;
        } else if (b > second) second = b;
      }
      for (let i = 0; i < n; i++) {
        const v = values[row + i];
        const b = w[i] * v;
        const m = i === who ? second : top;
        const s = 1 / (1 + Math.exp(-beta * (b - m)));
        grad[i] = grad[i] + dUtilityDBid(v, b, m, s, beta) * v;
        utility[i] = utility[i] + u(v, b, m, s);
      }
    }
    for (let i = 0; i < n; i++) {
      grad[i] = grad[i] / batch;
      utility[i] = utility[i] / batch;
    }
    if (lr !== undefined) this.optimizer.lr = lr;
    this.optimizer.ascend(w, grad);
    // Bids are non-negative: projected gradient ascent onto w ≥ 0 (an all-pay bidder would otherwise learn to be paid).
    for (let i = 0; i < n; i++) if (w[i] < 0) w[i] = 0;
    return utility;
  }

  bid(values: Float64Array, batch: number): Float64Array {
    const n = this.bidders;
    const out = new Float64Array(batch * n);
    for (let k = 0; k < batch; k++) for (let i = 0; i < n; i++) out[k * n + i] = this.w[i] * values[k * n + i];
    return out;
  }

  slopes(): number[] {
    return Array.from(this.w);
  }

  dispose(): void {}
}
