import type { Rng } from '../math/rng';

/**
 * A Tree-structured Parzen Estimator sampler (Bergstra, Bardenet, Bengio & Kégl 2011, "Algorithms for
 * Hyper-Parameter Optimization"; independent per parameter, as Optuna's default `TPESampler`), for maximizing
 * an objective. Pure and deterministic given the RNG, so a study's sampler state is just its seed and its
 * finished trials: resuming a saved study suggests exactly what an uninterrupted one would.
 */

/** One tuned parameter: a real (or integer) range, searched on a log scale where `log`. */
export interface ParamSpec {
  name: string;
  low: number;
  high: number;
  log?: boolean;
  integer?: boolean;
}

/** A finished trial: its parameters and objective value (higher is better). */
export interface Observation {
  params: Record<string, number>;
  value: number;
}

export interface TpeOptions {
  /** Random trials before the model takes over (Optuna's `n_startup_trials`). */
  startup: number;
  /** Candidates drawn from l(x) per parameter; the best l(x)/g(x) wins (Optuna: 24). */
  candidates?: number;
  /** Share of observations counted as "good" (γ; at least one, at most 25). */
  gamma?: number;
}

/** Map a value into [0, 1] (log scale where `log`). */
export function toUnit(p: ParamSpec, x: number): number {
  const f = (v: number) => (p.log ? Math.log(v) : v);
  return (f(x) - f(p.low)) / (f(p.high) - f(p.low));
}

/** Map u ∈ [0, 1] back to the parameter's range, rounding integers. */
export function fromUnit(p: ParamSpec, u: number): number {
  const c = Math.min(1, Math.max(0, u));
  const x = p.log ? Math.exp(Math.log(p.low) + c * (Math.log(p.high) - Math.log(p.low))) : p.low + c * (p.high - p.low);
  return p.integer ? Math.min(p.high, Math.max(p.low, Math.round(x))) : x;
}

/**
 * A Parzen density on [0, 1]: Gaussian kernels at the points (bandwidth by Scott's rule, clipped to
 * [0.03, 0.5]) plus one flat prior component of weight 1/(m + 1), truncated to the unit interval.
 */
export class Parzen {
  private readonly sigma: number;
  constructor(private readonly points: readonly number[]) {
    const m = points.length;
    const mean = points.reduce((a, b) => a + b, 0) / Math.max(m, 1);
    const sd = m > 1 ? Math.sqrt(points.reduce((a, b) => a + (b - mean) ** 2, 0) / (m - 1)) : 0.5;
    this.sigma = Math.min(0.5, Math.max(0.03, 1.06 * sd * Math.pow(Math.max(m, 1), -0.2)));
  }

  /** Density at u (the kernels' mass outside [0, 1] is ignored: the same bias for l and g). */
  pdf(u: number): number {
    const m = this.points.length;
    const s = this.sigma;
    let k = 0;
    for (const p of this.points) k += Math.exp(-0.5 * ((u - p) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    return (k + 1) / (m + 1);
  }

  /** A draw: a kernel chosen uniformly (or the flat prior), redrawn until inside [0, 1] (at most 20 tries). */
  sample(rng: Rng): number {
    const m = this.points.length;
    const j = rng.int(m + 1);
    if (j === m) return rng.next();
    for (let t = 0; t < 20; t++) {
      const u = this.points[j] + this.sigma * rng.normal();
      if (u >= 0 && u <= 1) return u;
    }
    return Math.min(1, Math.max(0, this.points[j]));
  }
}

/**
 * Suggest the next parameters. With fewer than `startup` observations: uniform (on the log scale where `log`).
 * Otherwise split the observations by objective into the best ⌈γ·m⌉ ("good", density l) and the rest
 * ("bad", g); per parameter draw `candidates` points from l and keep the one maximizing l(x)/g(x).
 */
export function suggestTpe(space: readonly ParamSpec[], observations: readonly Observation[], rng: Rng, options: TpeOptions): Record<string, number> {
  const out: Record<string, number> = {};
  const finite = observations.filter((o) => Number.isFinite(o.value));
  if (finite.length < Math.max(1, options.startup)) {
    for (const p of space) out[p.name] = fromUnit(p, rng.next());
    return out;
  }
  const gamma = options.gamma ?? 0.25;
  const sorted = [...finite].sort((a, b) => b.value - a.value);
  const nGood = Math.min(25, Math.max(1, Math.ceil(gamma * sorted.length)));
  const good = sorted.slice(0, nGood);
  const bad = sorted.slice(nGood);
  const candidates = options.candidates ?? 24;
  for (const p of space) {
    const l = new Parzen(good.map((o) => toUnit(p, o.params[p.name])));
    const g = new Parzen(bad.map((o) => toUnit(p, o.params[p.name])));
    let best = NaN;
    let bestScore = -Infinity;
    for (let c = 0; c < candidates; c++) {
      const u = l.sample(rng);
      const score = Math.log(l.pdf(u)) - Math.log(g.pdf(u));
      if (score > bestScore) {
        bestScore = score;
        best = u;
      }
    }
    out[p.name] = fromUnit(p, best);
  }
  return out;
}
