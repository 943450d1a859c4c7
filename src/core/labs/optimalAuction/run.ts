import { createRng, type Rng } from '../../math/rng';
import { sampleValues } from '../../priors/valueModels';
import { RunDiverged } from '../runControl';
import type { FinalMetrics, RunContext, SeriesRow } from '../types';
import { baselinesOn, classicOutcome, modelParams, myersonBoundary, warmStartMechanism, type Baselines } from './baselines';
import { heatmapGrid, HEATMAP_POINTS, type HeatmapSnapshot } from './heatmap';
import type { MechanismLearner, MisreportSearch } from './learner';
import { countMonotonicityViolations, monotonicityGrid, outcomeMetrics, regretSummary } from './metrics';
import type { OptimalAuctionConfig } from './schema';
import { meanValue, reportUpper } from './valueRange';

/** Largest number of rows a run records per series. */
export const MAX_RECORDED_ROWS = 500;
/** Evaluations during phase 2 (each on `INTERIM_EVAL_DRAWS` of the evaluation draws). */
export const INTERIM_EVALS = 10;
export const INTERIM_EVAL_DRAWS = 512;
/** Monotonicity probe: random profiles of the others per bidder × grid points of the own bid. */
export const MONOTONICITY_PROFILES = 32;
export const MONOTONICITY_POINTS = 41;

/** Phase-1 weights cached per distribution (IndexedDB in the browser, memory in Node). */
export interface WarmStartCache {
  get(key: string): Promise<Float32Array[] | null>;
  put(key: string, weights: Float32Array[]): Promise<void>;
}

/**
 * The cache key of a phase-1 result: everything phase 1 depends on (prior and its parameters, N, network,
 * imitation target, steps, batch, learning rate, seed), so a hit reproduces the same weights.
 */
export function warmStartKey(c: OptimalAuctionConfig, seed: number): string {
  const prior =
    c.prior === 'exp' ? `exp(${c.rate})` : c.prior === 'latent' ? `latent(${c.correlation})` : c.prior === 'hetero' ? `hetero(${c.upper.join(',')})` : 'uniform';
  return `oa1|${prior}|n=${c.bidders}|layers=${c.layers.join('-')}|${warmStartMechanism(c)}|steps=${c.imitationSteps}|batch=${c.batch}|lr=${c.imitationLr}|seed=${seed}`;
}

/** The training-time and the evaluation misreport searches of a config. */
export function searches(c: OptimalAuctionConfig): { train: MisreportSearch; evaluate: MisreportSearch } {
  return {
    train: { steps: c.misreportSteps, restarts: c.misreportRestarts, lr: 0.1, init: 'random' },
    evaluate: { steps: c.evalMisreportSteps, restarts: c.evalMisreportRestarts, lr: 0.05, init: 'grid' },
  };
}

/** Smallest multiplier the budget penalty keeps (its update is multiplicative, so λ = 0 could never rise again). */
export const MIN_BUDGET_LAMBDA = 0.01;
/** Largest factor one budget update changes λ by (the regret window's mean is noisy). */
export const MAX_BUDGET_FACTOR = 4;

/**
 * One multiplier update from the mean training regret of a window (value units).
 * - `budget` (a regret target, after the regret-budget training of Ivanov et al. 2022, "Optimal-er Auctions
 *   through Attention", who step the multiplier on log(regret) − log(target)): λ ← λ·(rgt/ε)^η with ε =
 *   `regretBudget` × the mean value and η = `budgetLr`, the ratio clipped to [1/4, 4], λ ≥ `MIN_BUDGET_LAMBDA`;
 *   λ settles where the training regret meets the budget, whatever the value scale.
 * - `fixed` (Dütting et al. 2019 §4): λ ← λ + ρ·rgt.
 */
export function dualUpdate(c: OptimalAuctionConfig, lambda: number, regret: number, budget: number): number {
  if (c.penalty === 'fixed') return lambda + c.rho * regret;
  const ratio = Math.min(MAX_BUDGET_FACTOR, Math.max(1 / MAX_BUDGET_FACTOR, regret / budget));
  return Math.max(MIN_BUDGET_LAMBDA, Math.max(lambda, MIN_BUDGET_LAMBDA) * ratio ** c.budgetLr);
}

/**
 * The weight of the quadratic term (ρ/2)·Σ rgt_i² handed to the learner (1/value units): `fixed` uses ρ as given;
 * `budget` has none (the loss is −revenue + Σ λ_i·rgt_i, λ steered by the budget alone, as in Ivanov et al. 2022).
 */
export function quadraticWeight(c: OptimalAuctionConfig): number {
  return c.penalty === 'fixed' ? c.rho : 0;
}

/**
 * The revenue a learned auction is measured against: Myerson's closed form where the prior has one (the
 * optimum for independent values), else Myerson on the evaluation draws, else (correlated values, no known
 * optimum) Vickrey on the draws.
 */
export function referenceRevenue(b: Baselines): { name: string; revenue: number } {
  if (b.myersonClosedForm !== null) return { name: 'Myerson (closed form)', revenue: b.myersonClosedForm };
  if (b.myerson !== null) return { name: 'Myerson (evaluation draws)', revenue: b.myerson };
  return { name: 'Vickrey (evaluation draws)', revenue: b.vickrey };
}

/** Relative excess over Myerson's closed form above which a learned revenue is called "above the optimum" (sampling noise of 2048 draws is smaller). */
export const ABOVE_OPTIMUM_TOLERANCE = 0.002;

/**
 * Under independent values no incentive-compatible, IR auction earns more than Myerson's (Myerson 1981,
 * Theorem 3): a learned revenue above the closed form can only be bought with regret. Returns the sentence the
 * card, the table and the CLI show, or null when the revenue is not above the optimum (or no optimum is known).
 */
export function aboveOptimumNote(b: Baselines, revenue: number, regret: number, scale: number): string | null {
  const opt = b.myersonClosedForm;
  if (opt === null || revenue <= opt * (1 + ABOVE_OPTIMUM_TOLERANCE)) return null;
  const pct = (100 * (revenue - opt)) / opt;
  return `revenue ${pct.toFixed(1)} % above Myerson's optimum ${opt.toPrecision(4)}: with independent values no truthful auction earns more, so the excess is bought with regret ${regret.toPrecision(2)} (${(regret / scale).toPrecision(2)} × the mean value)`;
}

/** What the charts draw beside the learned mechanism (snapshot `theory`). */
export interface OptimalAuctionTheory {
  baselines: Baselines;
  boundary: ReturnType<typeof myersonBoundary>;
  warmStart: 'myerson' | 'vickrey' | 'none';
  bidders: number;
  prior: string;
  /** Mean value E[v_i] over bidders (`meanValue`): the scale of the regret budget. */
  meanValue: number;
  /** The training's regret target per bidder (value units; budget penalty), null for the fixed penalty. */
  regretTarget: number | null;
}

/** The learned mechanism's evaluation on a set of draws. */
export interface Evaluation {
  revenue: number;
  regret: number;
  regretMax: number;
  regretPerBidder: number[];
  efficiency: number;
  irViolations: number;
  noSale: number;
}

async function evaluate(learner: MechanismLearner, values: Float64Array, batch: number, n: number, search: MisreportSearch): Promise<Evaluation> {
  const o = outcomeMetrics(values, await learner.outcome(values, batch), batch, n);
  const r = regretSummary(await learner.regret(values, batch, search), batch, n);
  return { ...o, regret: r.mean, regretMax: r.max, regretPerBidder: r.perBidder };
}

/**
 * The optimal-auction run loop (pure: the tfjs mechanism is injected).
 * Phase 1 (imitation): `imitationSteps` supervised steps toward the warm-start auction on fresh draws, unless
 * `cache` holds the weights for `warmStartKey` (then skipped). Series `imitation`: `{step, loss}`, and
 * `train` rows `{step, revenue}` (the batch's revenue; no regret is measured in phase 1).
 * Phase 2 (augmented Lagrangian, Dütting et al. 2019 §4): each step maximizes revenue − Σ λ_i·rgt_i −
 * (ρ/2)·Σ rgt_i² on fresh draws, regret from the training misreport search; every `dualEvery` steps λ_i is
 * updated from the mean rgt_i since the last update (`dualUpdate`: toward the regret budget, or += ρ·rgt_i).
 * Series `train`: `{step, revenue, regret, regretMax, lambda, regretTarget?}`
 * (training estimates; `step` counts phase 1 too), series `eval`: `{step, revenue, regret, regretMax,
 * efficiency}` from the stronger evaluation search on held-out draws, `INTERIM_EVALS` times.
 * Ends with a full evaluation on `evalDraws` fresh profiles, the baselines on the same profiles, the
 * monotonicity probe and (N = 2) the heatmap snapshot (also sent with every interim evaluation, so the
 * mechanism's shape can be watched as it forms). Value units per auction throughout.
 */
export async function runOptimalAuction(
  config: OptimalAuctionConfig,
  seed: number,
  learner: MechanismLearner,
  ctx: RunContext,
  cache?: WarmStartCache,
): Promise<FinalMetrics> {
  const c = config;
  const n = c.bidders;
  const params = modelParams(c);
  // Separate streams per phase, so a run whose phase 1 came from the cache draws the same phase-2 profiles.
  const rng = createRng(seed);
  const rng2 = createRng(seed ^ 0x3c6ef372);
  const evalRng = createRng(seed ^ 0x2545f491);
  const draw = (r: Rng, count: number) => sampleValues(c.prior, params, r, count, n);
  const search = searches(c);
  const evalValues = draw(evalRng, c.evalDraws);
  const interimDraws = Math.min(INTERIM_EVAL_DRAWS, c.evalDraws);
  const interimValues = evalValues.subarray(0, interimDraws * n);
  const baselines = baselinesOn(c, evalValues, c.evalDraws);
  const warm = warmStartMechanism(c);
  const scale = meanValue(c.prior, params, n);
  const budget = c.regretBudget * scale;
  const theory: OptimalAuctionTheory = {
    baselines, boundary: myersonBoundary(c), warmStart: warm, bidders: n, prior: c.prior, meanValue: scale, regretTarget: c.penalty === 'budget' ? budget : null,
  };
  ctx.emit({ type: 'snapshot', name: 'theory', data: theory });

  const started = performance.now();
  let trainingMs = 0;
  const key = warmStartKey(c, seed);
  const cached = warm !== 'none' && c.imitationSteps > 0 && cache ? await cache.get(key) : null;
  if (cached) {
    learner.importWeights(cached);
    ctx.emit({ type: 'log', level: 'info', message: `phase 1 skipped: warm start loaded from the cache (${warm})` });
  }
  const phase1 = warm === 'none' || cached ? 0 : c.imitationSteps;
  const total = phase1 + c.steps;
  const progress = (done: number, phase: string) => {
    const seconds = (performance.now() - started) / 1000;
    ctx.emit({ type: 'progress', done, total, unitsPerSecond: done / Math.max(seconds, 1e-6), elapsedSeconds: seconds, phase });
  };

  const every1 = Math.max(1, Math.ceil(phase1 / MAX_RECORDED_ROWS));
  for (let t = 0; t < phase1; t++) {
    const values = draw(rng, c.batch);
    const t0 = performance.now();
    const { loss, revenue } = await learner.imitateStep(values, c.batch, classicOutcome(warm as 'myerson' | 'vickrey', c, values, c.batch), c.imitationLr);
    trainingMs += performance.now() - t0;
    if (!Number.isFinite(loss)) throw new RunDiverged('the imitation loss');
    if (t % every1 === 0 || t === phase1 - 1) {
      ctx.emit({ type: 'points', series: 'imitation', rows: [{ step: t + 1, loss }] });
      ctx.emit({ type: 'points', series: 'train', rows: [{ step: t + 1, revenue }] });
      progress(t + 1, `phase 1: imitating ${warm === 'myerson' ? 'Myerson' : 'Vickrey'}`);
    }
    await ctx.checkpoint(t + 1);
  }
  if (phase1 > 0 && cache) await cache.put(key, await learner.exportWeights());

  learner.resetOptimizer();
  const lambda = new Array<number>(n).fill(c.lambdaInit);
  const regretSum = new Array<number>(n).fill(0);
  let windowSteps = 0;
  const every2 = Math.max(1, Math.ceil(c.steps / MAX_RECORDED_ROWS));
  const evalEvery = Math.max(1, Math.ceil(c.steps / INTERIM_EVALS));
  const upper = Array.from({ length: n }, (_, i) => reportUpper(c.prior, params, i));
  const heatmap = async () => {
    if (n !== 2) return;
    const grid = heatmapGrid(upper[0], upper[1], HEATMAP_POINTS);
    const o = await learner.outcome(grid, HEATMAP_POINTS * HEATMAP_POINTS);
    const snap: HeatmapSnapshot = { points: HEATMAP_POINTS, upper: [upper[0], upper[1]], alloc: Array.from(o.alloc), pay: Array.from(o.pay) };
    ctx.emit({ type: 'snapshot', name: 'heatmap', data: snap });
  };
  const interim = async (step: number) => {
    const e = await evaluate(learner, interimValues, interimDraws, n, search.evaluate);
    ctx.emit({ type: 'points', series: 'eval', rows: [{ step, revenue: e.revenue, regret: e.regret, regretMax: e.regretMax, efficiency: e.efficiency }] });
    await heatmap();
  };
  await interim(phase1);
  let lastTrain: SeriesRow | null = null;
  for (let t = 0; t < c.steps; t++) {
    const values = draw(rng2, c.batch);
    const t0 = performance.now();
    const r = await learner.penaltyStep(values, c.batch, { lambda, rho: quadraticWeight(c), lr: c.lr, search: search.train });
    trainingMs += performance.now() - t0;
    if (!Number.isFinite(r.revenue) || r.regret.some((x) => !Number.isFinite(x))) throw new RunDiverged('revenue or regret');
    for (let i = 0; i < n; i++) regretSum[i] += r.regret[i];
    windowSteps++;
    if (windowSteps === c.dualEvery) {
      for (let i = 0; i < n; i++) lambda[i] = dualUpdate(c, lambda[i], regretSum[i] / windowSteps, budget);
      regretSum.fill(0);
      windowSteps = 0;
    }
    const step = phase1 + t + 1;
    if (t % every2 === 0 || t === c.steps - 1) {
      const reg = Array.from(r.regret);
      lastTrain = { step, revenue: r.revenue, regret: reg.reduce((a, b) => a + b, 0) / n, regretMax: Math.max(...reg), lambda: lambda.reduce((a, b) => a + b, 0) / n, ...(c.penalty === 'budget' ? { regretTarget: budget } : {}) };
      ctx.emit({ type: 'points', series: 'train', rows: [lastTrain] });
      progress(step, 'phase 2: revenue with regret penalty');
    }
    if ((t + 1) % evalEvery === 0 && t < c.steps - 1) await interim(step);
    await ctx.checkpoint(step);
  }

  progress(total, 'evaluating');
  const final = await evaluate(learner, evalValues, c.evalDraws, n, search.evaluate);
  ctx.emit({ type: 'points', series: 'eval', rows: [{ step: total, revenue: final.revenue, regret: final.regret, regretMax: final.regretMax, efficiency: final.efficiency }] });
  const probe = monotonicityGrid(n, upper, MONOTONICITY_PROFILES, MONOTONICITY_POINTS, draw, createRng(seed ^ 0x68e31da4));
  const probeRows = probe.length / n;
  const mono = countMonotonicityViolations((await learner.outcome(probe, probeRows)).alloc, n, MONOTONICITY_PROFILES, MONOTONICITY_POINTS);
  await heatmap();
  const seconds = (performance.now() - started) / 1000;
  const ref = referenceRevenue(baselines);
  const gap = (final.revenue - ref.revenue) / ref.revenue;
  const metrics: FinalMetrics = {
    revenue: final.revenue,
    regret: final.regret,
    regretMax: final.regretMax,
    regretPerBidder: final.regretPerBidder,
    trainRegret: lastTrain ? lastTrain.regret : null,
    efficiency: final.efficiency,
    irViolations: final.irViolations,
    monotonicityViolations: mono.violations,
    monotonicityPairs: mono.pairs,
    noSale: final.noSale,
    vickreyRevenue: baselines.vickrey,
    myersonRevenue: baselines.myerson,
    maxValueBound: baselines.maxValue,
    vickreyClosedForm: baselines.vickreyClosedForm,
    myersonClosedForm: baselines.myersonClosedForm,
    reference: ref.name,
    referenceRevenue: ref.revenue,
    revenueVsReference: gap,
    regretTarget: c.penalty === 'budget' ? budget : null,
    relativeRegret: final.regret / scale,
    aboveOptimum: aboveOptimumNote(baselines, final.revenue, final.regret, scale),
    objective: final.revenue - c.regretWeight * final.regret,
    lambda: [...lambda],
    warmStart: cached ? `${warm} (cached)` : warm,
    stepsPerSecond: total / Math.max(trainingMs / 1000, 1e-9),
    trainingSeconds: trainingMs / 1000,
    backend: ctx.backend,
  };
  ctx.emit({ type: 'progress', done: total, total, unitsPerSecond: total / Math.max(seconds, 1e-6), elapsedSeconds: seconds, phase: 'done' });
  ctx.emit({ type: 'final', metrics });
  return metrics;
}
