import { singleItemEquilibrium } from '../../equilibria/singleItem';
import { createRng } from '../../math/rng';
import { singleItemMechanisms } from '../../mechanisms/registry';
import { sampleUniformValues } from '../../priors/uniform';
import { RunDiverged } from '../runControl';
import type { FinalMetrics, RunContext, SeriesRow } from '../types';
import { betaAt } from './betaSchedule';
import type { BidLearner } from './bidLearner';
import { bidderBounds } from './bounds';
import { ConvergenceTracker } from './convergence';
import { bidFunctionSnapshot, exactOutcome, l2ToEquilibrium, valueGrid } from './evaluate';
import type { LearnToBidConfig } from './schema';
import { utilityLoss, type UtilityLoss } from './utilityLoss';
import { NormalizedLearner, valueScale } from './valueScale';

/** Draws used for the final evaluation under the exact rule (fresh stream, independent of training). */
export const FINAL_EVAL_DRAWS = 20_000;
/** Largest number of rows a run records into its `train` series. */
export const MAX_RECORDED_ROWS = 1000;
/** Every this many recorded rows (and at the last step) the run estimates the utility loss into `utilityLoss`. */
export const LOSS_EVERY_ROWS = 20;
/** Fresh value draws behind each streamed utility-loss estimate (the final one uses the `FINAL_EVAL_DRAWS`). */
export const LOSS_DRAWS = 4096;

/** What the charts draw as theory for this config (dashed lines). */
export interface LearnToBidTheory {
  /** Equilibrium slope w* (null where the equilibrium is not linear or none is known). */
  target: number | null;
  /** Expected equilibrium revenue per auction (symmetric bounds only; null where none is known). */
  revenue: number | null;
  /** Mean over bidders of the expected equilibrium utility (a/(N(N+1)) for symmetric U[0,a]); null where none is computed. */
  utility: number | null;
  /** Each bidder's expected equilibrium utility, `[bidders]` (value units per auction); null where none is computed. */
  utilities: number[] | null;
  mechanismFormula: string;
  /** The equilibrium bid function in words, e.g. `b(v) = (N − 1)/N · v`; null where none is known. */
  equilibriumFormula: string | null;
  /** Why no theory is drawn where no closed form is known (e.g. "no closed form known for …"); else null. */
  noneKnown: string | null;
}

export function theoryFor(config: LearnToBidConfig): LearnToBidTheory {
  const mech = config.mechanism;
  const mechanismFormula = Object.prototype.hasOwnProperty.call(singleItemMechanisms, mech) ? singleItemMechanisms[mech].relaxation.formula : '';
  const eq = singleItemEquilibrium(mech, config.bidders, config.upper);
  if (!eq.known) return { target: null, revenue: null, utility: null, utilities: null, mechanismFormula, equilibriumFormula: null, noneKnown: eq.reason };
  const utilities = eq.utilities ? [...eq.utilities] : null;
  return {
    target: eq.slope,
    revenue: eq.revenue,
    utility: utilities ? utilities.reduce((s, u) => s + u, 0) / utilities.length : null,
    utilities,
    mechanismFormula,
    equilibriumFormula: eq.formula,
    noneKnown: null,
  };
}

/** The `utilityLoss` row of one estimate: max over bidders (`loss`, `relative`) and per bidder (`l0…`, `r0…`). */
function lossRow(step: number, loss: UtilityLoss): SeriesRow {
  const row: SeriesRow = { step, loss: loss.max, relative: loss.maxRelative };
  loss.perBidder.forEach((x, i) => (row[`l${i}`] = x));
  loss.relative.forEach((x, i) => (row[`r${i}`] = x));
  return row;
}

/**
 * The learn-to-bid run loop (pure: the learner is injected, so the same loop drives the plain-TypeScript
 * linear learner and the tfjs learners). Every step draws a fresh batch v ~ U[0, a_i] (`bidderBounds`) from the run's
 * seeded stream, sets β from the schedule, and lets every bidder ascend its smoothed utility. The learner works in
 * units of the value range A = max_i a_i (`NormalizedLearner`): it sees v/A, so β is relative to the value range
 * and rescaling every bound rescales the bids and nothing else. About `MAX_RECORDED_ROWS` times per run it clears
 * the same batch under the exact rule and records a `train` row:
 * `{step, beta, lr, w0…, su0…, u0…, smoothedUtility, exactUtility, revenue, efficiency, l2}`
 * (w: slopes; su: smoothed utility; u: exact utility; value units per auction). Every `LOSS_EVERY_ROWS` rows it
 * estimates each bidder's utility loss (`utilityLoss`, on `LOSS_DRAWS` fresh draws) into the `utilityLoss` series:
 * `{step, loss, relative, l0…, r0…}`. Ends with an evaluation on `FINAL_EVAL_DRAWS` fresh draws.
 */
export async function runLearnToBid(
  config: LearnToBidConfig,
  seed: number,
  inner: BidLearner,
  ctx: RunContext,
): Promise<FinalMetrics> {
  const n = config.bidders;
  const mech = config.mechanism;
  const mechanism = singleItemMechanisms[mech];
  const theory = theoryFor(config);
  const upper = bidderBounds(config);
  const scale = valueScale(upper);
  const normalizedBounds = upper.map((a) => a / scale);
  const learner = new NormalizedLearner(inner, scale);
  const eq = singleItemEquilibrium(mech, n, upper);
  const equilibrium = eq.known ? eq.bids : null;
  const rng = createRng(seed);
  const evalRng = createRng(seed ^ 0x2545f491);
  const lossRng = createRng(seed ^ 0x1b873593);
  const grid = valueGrid(upper);
  const normalized = new Float64Array(config.batch * n);
  const values = new Float64Array(config.batch * n);
  const lossValues = new Float64Array(LOSS_DRAWS * n);
  const recordEvery = Math.max(1, Math.ceil(config.steps / MAX_RECORDED_ROWS));
  const tracker = new ConvergenceTracker(theory.target);
  ctx.emit({ type: 'snapshot', name: 'theory', data: theory });

  const started = performance.now();
  let elapsedTraining = 0;
  let last: SeriesRow | null = null;
  let recorded = 0;
  for (let t = 0; t < config.steps; t++) {
    const beta = betaAt(config.schedule, config.beta, config.betaEnd, t, config.steps);
    sampleUniformValues(rng, config.batch, normalizedBounds, normalized);
    const record = t % recordEvery === 0 || t === config.steps - 1;
    const stepStart = performance.now();
    const lr = betaAt('exponential', config.lr, config.lrEnd, t, config.steps);
    const smoothed = await learner.step(normalized, config.batch, beta, record, lr);
    const w = record || learner.cheapSlopes ? await learner.slopes() : null;
    elapsedTraining += performance.now() - stepStart;
    if (w) {
      if (w.some((x) => !Number.isFinite(x))) throw new RunDiverged('a bid slope w');
      tracker.observe(t + 1, w);
    }
    if (record) {
      for (let k = 0; k < values.length; k++) values[k] = normalized[k] * scale;
      const row: SeriesRow = { step: t + 1, beta, lr };
      if (w) w.forEach((x, i) => (row[`w${i}`] = x));
      const bids = await learner.bid(values, config.batch);
      const exact = exactOutcome(mechanism, values, bids, config.batch, n);
      let su = 0;
      let u = 0;
      for (let i = 0; i < n; i++) {
        const s = smoothed ? smoothed[i] : NaN;
        if (!Number.isFinite(s)) throw new RunDiverged('the smoothed utility');
        row[`su${i}`] = s;
        row[`u${i}`] = exact.utilities[i]!;
        su += s / n;
        u += exact.utilities[i] / n;
      }
      row.smoothedUtility = su;
      row.exactUtility = u;
      row.revenue = exact.revenue;
      row.efficiency = exact.efficiency;
      const gridBids = await learner.bid(grid, grid.length / n);
      const snap = bidFunctionSnapshot(grid, gridBids, n, equilibrium);
      const l2 = l2ToEquilibrium(snap);
      if (l2 !== null) row.l2 = l2;
      last = row;
      ctx.emit({ type: 'points', series: 'train', rows: [row] });
      ctx.emit({ type: 'snapshot', name: 'bidFunctions', data: snap });
      if (recorded % LOSS_EVERY_ROWS === 0 || t === config.steps - 1) {
        sampleUniformValues(lossRng, LOSS_DRAWS, upper, lossValues);
        const lossBids = await learner.bid(lossValues, LOSS_DRAWS);
        ctx.emit({ type: 'points', series: 'utilityLoss', rows: [lossRow(t + 1, utilityLoss(mech, lossBids, LOSS_DRAWS, grid, gridBids, n))] });
      }
      recorded++;
      const seconds = (performance.now() - started) / 1000;
      ctx.emit({ type: 'progress', done: t + 1, total: config.steps, unitsPerSecond: (t + 1) / Math.max(seconds, 1e-6), elapsedSeconds: seconds, phase: 'training' });
    }
    await ctx.checkpoint(t + 1);
  }

  // Final evaluation on fresh draws under the exact rule.
  const evalValues = sampleUniformValues(evalRng, FINAL_EVAL_DRAWS, upper);
  const evalBids = await learner.bid(evalValues, FINAL_EVAL_DRAWS);
  const exact = exactOutcome(mechanism, evalValues, evalBids, FINAL_EVAL_DRAWS, n);
  const gridBids = await learner.bid(grid, grid.length / n);
  const snap = bidFunctionSnapshot(grid, gridBids, n, equilibrium);
  const loss = utilityLoss(mech, evalBids, FINAL_EVAL_DRAWS, grid, gridBids, n);
  const w = await learner.slopes();
  const seconds = (performance.now() - started) / 1000;
  const metrics: FinalMetrics = {
    w: w ?? null,
    target: theory.target,
    l2ToEquilibrium: l2ToEquilibrium(snap),
    utilityLoss: loss.max,
    utilityLossRelative: loss.maxRelative,
    utilityLossPerBidder: loss.perBidder,
    bestResponseUtility: loss.bestResponseUtility,
    revenue: exact.revenue,
    equilibriumRevenue: theory.revenue,
    efficiency: exact.efficiency,
    utilities: Array.from(exact.utilities),
    equilibriumUtility: theory.utility,
    equilibriumUtilities: theory.utilities,
    finalBeta: last?.beta ?? config.beta,
    convergedAtStep: tracker.convergedAt,
    stepsPerSecond: config.steps / Math.max(elapsedTraining / 1000, 1e-9),
    trainingSeconds: elapsedTraining / 1000,
    backend: ctx.backend,
  };
  ctx.emit({ type: 'snapshot', name: 'bidFunctions', data: snap });
  ctx.emit({ type: 'progress', done: config.steps, total: config.steps, unitsPerSecond: config.steps / Math.max(seconds, 1e-6), elapsedSeconds: seconds, phase: 'done' });
  ctx.emit({ type: 'final', metrics });
  return metrics;
}
