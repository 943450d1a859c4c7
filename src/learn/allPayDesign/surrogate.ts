import type { Scalar, Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import type { Tf } from '../tf';
import type { DesignSample } from '../../core/labs/allPayDesign/samplesField';
import { W_MAX, W_MIN } from '../../core/labs/allPayDesign/designs';
import { designGrid } from '../../core/labs/allPayDesign/theory';

/**
 * The surrogate of the all-pay design loop (Gemp et al. 2022, *Sci. Rep.* 12:16937: "fit a network to learn the
 * mapping from w to the platform revenue R, then perform gradient descent on it"): a small tanh MLP
 * R̂(w) = f(x), x = (w − 3/4)/(1/4) ∈ [−1, 1], trained by Adam on the squared error to the sampled mean revenues
 * (standardized), with a small L2 penalty on the weights so that ten noisy points give a smooth curve.
 * Then projected gradient ascent on the *input* w over [1/2, 1] with dR̂/dw from tfjs autograd.
 *
 * All tensors live inside `tf.tidy` (or are the model's variables, freed by `dispose`). Readbacks are `await data()`,
 * never `dataSync()` (on WebGPU a synchronous readback returns zeros in a worker; see `src/learn/README.md`).
 */
export interface SurrogateOptions {
  /** Hidden units of each of the two hidden layers (default 16). */
  hidden?: number;
  /** Full-batch Adam epochs (default 600). */
  epochs?: number;
  /** Adam learning rate (default 0.02). */
  lr?: number;
  /** L2 penalty on the weights, in standardized units (default 1e-3). */
  l2?: number;
  /** Seed of the weight initialization. */
  seed?: number;
}

/** One step of the ascent path: design w and the surrogate's revenue there (value units). */
export interface AscentStep {
  w: number;
  revenue: number;
}

export interface AscentResult {
  /** The path of the chosen start (first entry = start), ≤ `maxSteps` + 1 entries. */
  path: AscentStep[];
  /** The ascent's end point w* and R̂(w*). */
  w: number;
  revenue: number;
  /** Start of the chosen path. */
  start: number;
  /** Steps taken on the chosen path. */
  steps: number;
}

const toX = (w: number) => (w - 0.75) / 0.25;

/** A trained surrogate R̂(w); call `dispose` when done. */
export class Surrogate {
  private constructor(
    private readonly tf: Tf,
    private readonly vars: Variable[],
    private readonly yMean: number,
    private readonly yScale: number,
    /** Final training loss (mean squared error in standardized units, without the penalty). */
    readonly loss: number,
  ) {}

  /**
   * Fit to `samples` (≥ 1; a single sample or equal revenues give a flat fit). `onEpoch(epoch, loss)` sees the
   * loss every 50 epochs (standardized mean squared error).
   */
  static async fit(tf: Tf, samples: readonly DesignSample[], options: SurrogateOptions = {}, onEpoch?: (epoch: number, loss: number) => void): Promise<Surrogate> {
    if (!samples.length) throw new Error('the surrogate needs at least one sample');
    const H = options.hidden ?? 16;
    const epochs = options.epochs ?? 600;
    const l2 = options.l2 ?? 1e-3;
    const seed = options.seed ?? 0;
    const ys = samples.map((s) => s.revenue);
    if (!ys.every(Number.isFinite) || !samples.every((s) => Number.isFinite(s.w))) throw new Error('the surrogate needs finite samples (w and revenue)');
    const yMean = ys.reduce((a, b) => a + b, 0) / ys.length;
    const spread = Math.sqrt(ys.reduce((a, y) => a + (y - yMean) ** 2, 0) / ys.length);
    // Flat data (payment split) keeps a unit scale so the fit is not blown up from rounding noise.
    const yScale = spread > 1e-3 ? spread : 1e-3;
    const init = (shape: number[], fanIn: number, k: number) =>
      // tidy frees the initial values (a variable keeps its own reference to the data).
      tf.tidy(() => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn), 'float32', seed * 7 + k)));
    const vars = [
      init([1, H], 1, 1),
      tf.tidy(() => tf.variable(tf.zeros([H]))),
      init([H, H], H, 2),
      tf.tidy(() => tf.variable(tf.zeros([H]))),
      init([H, 1], H, 3),
      tf.tidy(() => tf.variable(tf.zeros([1]))),
    ];
    const x = tf.tensor2d(samples.map((s) => [toX(s.w)]));
    const y = tf.tensor2d(samples.map((s) => [(s.revenue - yMean) / yScale]));
    const optimizer = tf.train.adam(options.lr ?? 0.02);
    let loss = NaN;
    try {
      for (let e = 1; e <= epochs; e++) {
        const report = e % 50 === 0 || e === epochs;
        const cost = optimizer.minimize(() => {
          const mse = tf.mean(tf.square(tf.sub(forward(tf, vars, x), y)));
          const penalty = tf.mul(l2, tf.addN([vars[0], vars[2], vars[4]].map((v) => tf.sum(tf.square(v)))));
          return tf.add<Scalar>(mse, penalty);
        }, report, vars);
        if (cost) {
          try {
            loss = (await cost.data())[0]!;
          } finally {
            cost.dispose();
          }
          if (!Number.isFinite(loss)) throw new Error(`surrogate fit diverged at epoch ${e}`);
          onEpoch?.(e, loss);
        }
      }
      loss = (await readScalars(tf.tidy(() => tf.mean(tf.square(tf.sub(forward(tf, vars, x), y))))))[0]!;
    } catch (err) {
      for (const v of vars) v.dispose();
      throw err;
    } finally {
      x.dispose();
      y.dispose();
      optimizer.dispose();
    }
    return new Surrogate(tf, vars, yMean, yScale, loss);
  }

  /** R̂ at each w of `ws`, value units. */
  async predict(ws: readonly number[]): Promise<number[]> {
    const { tf } = this;
    const out = await readScalars(tf.tidy(() => forward(tf, this.vars, tf.tensor2d(ws.map((w) => [toX(w)])))));
    return out.map((z) => this.yMean + this.yScale * z);
  }

  /** R̂(w) and dR̂/dw at one w (value units per unit of w). */
  async valueAndGrad(w: number): Promise<{ revenue: number; grad: number }> {
    const { tf } = this;
    const [r, g] = await readScalars(
      tf.tidy(() => {
        const f = (x: Tensor) => tf.sum(forward(tf, this.vars, tf.reshape(x, [1, 1])));
        const { value, grad } = tf.valueAndGrad(f)(tf.scalar(toX(w)));
        return tf.stack([value, grad]);
      }),
    );
    // dx/dw = 4.
    return { revenue: this.yMean + this.yScale * r, grad: this.yScale * g * 4 };
  }

  /**
   * Projected gradient ascent on w ∈ [1/2, 1]: w ← clip(w + η·dR̂/dw), η chosen so that the steepest slope of
   * R̂ on the grid moves w by `stepFraction` of the interval (so the step is scale-free: revenue units do not
   * matter). Started from 3/4, 1/2 and 1; the best end point wins (ties within 1e-6 keep the earlier start, so
   * the midpoint's path is shown when it reaches the top). Stops when a step moves w by < 1e-5 or after
   * `maxSteps`.
   */
  async ascend(maxSteps = 100, stepFraction = 0.05): Promise<AscentResult> {
    const grid = designGrid(51);
    let steepest = 0;
    for (const w of grid) steepest = Math.max(steepest, Math.abs((await this.valueAndGrad(w)).grad));
    const eta = steepest > 1e-12 ? ((W_MAX - W_MIN) * stepFraction) / steepest : 0;
    let best: AscentResult | null = null;
    for (const start of [0.75, W_MIN, W_MAX]) {
      let w = start;
      let { revenue, grad } = await this.valueAndGrad(w);
      const path: AscentStep[] = [{ w, revenue }];
      let steps = 0;
      while (steps < maxSteps) {
        const next = Math.min(W_MAX, Math.max(W_MIN, w + eta * grad));
        if (Math.abs(next - w) < 1e-5) break;
        w = next;
        ({ revenue, grad } = await this.valueAndGrad(w));
        path.push({ w, revenue });
        steps++;
      }
      if (!best || revenue > best.revenue + 1e-6) best = { path, w, revenue, start, steps };
    }
    return best!;
  }

  dispose(): void {
    for (const v of this.vars) v.dispose();
  }
}

/** The values of `t` as numbers (awaited readback), `t` disposed. */
async function readScalars(t: Tensor): Promise<number[]> {
  try {
    return Array.from(await t.data());
  } finally {
    t.dispose();
  }
}

/** tanh MLP 1 → H → H → 1 on x `[K, 1]` → `[K, 1]`. */
function forward(tf: Tf, v: Variable[], x: Tensor): Tensor2D {
  const h1 = tf.tanh(tf.add(tf.matMul(x as Tensor2D, v[0] as Tensor2D), v[1]));
  const h2 = tf.tanh(tf.add(tf.matMul(h1, v[2] as Tensor2D), v[3]));
  return tf.add<Tensor2D>(tf.matMul(h2, v[4]), v[5]);
}
