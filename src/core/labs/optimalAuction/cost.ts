import { driversOf } from '../../jobs/estimate';
import { RATES } from '../../jobs/rates';
import { HEATMAP_POINTS } from './heatmap';
import { INTERIM_EVAL_DRAWS, INTERIM_EVALS, MONOTONICITY_POINTS, MONOTONICITY_PROFILES } from './run';
import type { OptimalAuctionConfig } from './schema';
import { optimalAuctionSchema } from './schema';

/**
 * Multiply-adds of one forward pass of the mechanism network per bid profile (`NeuralMechanism.heads`): the dense
 * layers n → h₁ → … → h_k, then the two heads h_k → n + 1 (allocation) and h_k → n (payment).
 */
export function macsPerRow(bidders: number, layers: readonly number[]): number {
  let prev = bidders;
  let macs = 0;
  for (const h of layers) {
    macs += prev * h;
    prev = h;
  }
  return macs + prev * (2 * bidders + 1);
}

/**
 * float32 values per row that one misreport pass keeps alive until its `tf.tidy` ends (tfjs frees nothing inside a
 * tidy): per hidden layer the matMul, bias-add and tanh outputs (3·Σh); about 18 tensors n wide (the profile with
 * the misreport put in, input scaling, both heads, softmax, slice, sigmoid, the utility terms, the eye mask); and ~9
 * single values (the misreport, the one-hot arg max, its transpose and product, the JavaScript start-point copy).
 * Counted from `NeuralMechanism.misreportUtility` / `pickBest`.
 */
export function floatsPerMisreportRow(bidders: number, layers: readonly number[]): number {
  return 3 * layers.reduce((a, b) => a + b, 0) + 18 * bidders + 9;
}

/** Rows (profiles × what is searched) and passes of one misreport search plus the regret read-off, per profile. */
function searchRows(n: number, restarts: number, steps: number): { forward: number; gradient: number; passes: number } {
  // starts: R·n rows forward; ascent: `steps` gradient passes over n rows; pick of the two: 2n rows; regret: n + 1 rows.
  return { forward: restarts * n + 2 * n + n + 1, gradient: steps * n, passes: steps + 3 };
}

const ref1 = RATES.optimalAuctionSteps1024;
const ref8 = RATES.optimalAuctionSteps8192;

/**
 * Seconds of one tfjs pass that do not depend on the batch, and seconds per multiply-add, from the two batch sizes
 * of the `optimal-auction-steps` bench (a line through the two step times): imitation steps (one forward+backward
 * pass over B rows) and penalty steps (the training search plus the update) give one figure each; the model uses
 * their mean.
 */
function calibration(): { passSeconds: number; macSeconds: number } {
  const macs = macsPerRow(ref1.bidders, ref1.layers);
  const n = ref1.bidders;
  const fit = (fast: number, slow: number, workPerRow: number, passes: number) => {
    const perRow = (1 / slow - 1 / fast) / (ref8.batch - ref1.batch);
    const fixed = 1 / fast - perRow * ref1.batch;
    return { passSeconds: fixed / passes, macSeconds: perRow / workPerRow };
  };
  const imitation = fit(ref1.imitationStepsPerSecond, ref8.imitationStepsPerSecond, 3 * macs, 1);
  const s = searchRows(n, ref1.misreportRestarts, ref1.misreportSteps);
  // Penalty step: the search (forward rows + 3× for each gradient row) and the update's forward+backward over n + 1 rows.
  const penaltyWork = (s.forward - (n + 1) + 3 * s.gradient + 3 * (n + 1)) * macs;
  const penalty = fit(ref1.penaltyStepsPerSecond, ref8.penaltyStepsPerSecond, penaltyWork, s.passes);
  return { passSeconds: (imitation.passSeconds + penalty.passSeconds) / 2, macSeconds: (imitation.macSeconds + penalty.macSeconds) / 2 };
}
const CAL = calibration();

/** Seconds and peak bytes of one misreport search and regret read-off over `draws` profiles. */
function searchCost(c: OptimalAuctionConfig, draws: number, restarts: number, steps: number, macs: number, perRow: number) {
  const n = c.bidders;
  const s = searchRows(n, restarts, steps);
  const seconds = s.passes * CAL.passSeconds + draws * (s.forward + 3 * s.gradient) * macs * CAL.macSeconds;
  // Peak: the R·n·B start rows inside one tidy, or a gradient pass (forward kept for backward: about twice).
  const bytes = 4 * perRow * draws * Math.max(restarts * n, 2 * n);
  return { seconds, bytes };
}

/**
 * Cost of one optimal-auction run (`runOptimalAuction` on tfjs wasm; a study worker: its share of the trials).
 *
 * Seconds: phase 1 (`imitationSteps` forward+backward passes over `batch` profiles; counted even when the warm
 * start is cached, so an upper bound), phase 2 (`steps` × the training misreport search of `misreportRestarts`
 * starts and `misreportSteps` ascent steps over n·batch rows, plus the update), the interim evaluations (on up to
 * 512 draws) and the final one (`evalDraws` profiles × the evaluation search), each as tfjs passes × a fixed cost
 * plus multiply-adds × a rate, both fitted to the `optimal-auction-steps` bench at batch 1024 and 8192.
 *
 * Bytes: the largest set of float32 tensors one tidy holds, `floatsPerMisreportRow` × rows: the evaluation's start
 * points (`evalMisreportRestarts` × bidders × `evalDraws` rows — 206 MB for the defaults), the training search's
 * (`misreportRestarts` × bidders × `batch`), or a gradient pass over (bidders + 1) × `batch` rows.
 * Drivers: the factors of the largest term.
 */
export function estimateOptimalAuction(c: OptimalAuctionConfig): { seconds: number; bytes: number; drivers: { field: string; share: number }[] } {
  const n = c.bidders;
  const macs = macsPerRow(n, c.layers);
  const perRow = floatsPerMisreportRow(n, c.layers);
  const phase1 = c.warmStart === 'none' ? 0 : c.imitationSteps;
  const imitationStep = CAL.passSeconds + 3 * c.batch * macs * CAL.macSeconds;
  const train = searchCost(c, c.batch, c.misreportRestarts, c.misreportSteps, macs, perRow);
  const updateSeconds = CAL.passSeconds + 3 * (n + 1) * c.batch * macs * CAL.macSeconds;
  const interimDraws = Math.min(INTERIM_EVAL_DRAWS, c.evalDraws);
  const evalEvery = Math.max(1, Math.ceil(c.steps / INTERIM_EVALS));
  const interims = 1 + (c.steps > 0 ? Math.floor((c.steps - 1) / evalEvery) : 0);
  const interim = searchCost(c, interimDraws, c.evalMisreportRestarts, c.evalMisreportSteps, macs, perRow);
  const final = searchCost(c, c.evalDraws, c.evalMisreportRestarts, c.evalMisreportSteps, macs, perRow);
  const probeRows = n * MONOTONICITY_PROFILES * MONOTONICITY_POINTS + (n === 2 ? HEATMAP_POINTS ** 2 * (interims + 1) : 0);
  const trialSeconds =
    phase1 * imitationStep +
    c.steps * (train.seconds + updateSeconds) +
    interims * interim.seconds +
    final.seconds +
    (c.evalDraws + probeRows) * macs * CAL.macSeconds;
  // A study's workers share its trials; each part is one worker.
  const seconds = c.study > 0 ? (trialSeconds * c.study) / Math.max(1, c.studyWorkers) : trialSeconds;

  const gradientBytes = 4 * perRow * 2 * (n + 1) * c.batch;
  const terms = [
    { bytes: final.bytes, rows: [['evalDraws', c.evalDraws], ['evalMisreportRestarts', c.evalMisreportRestarts]] as const },
    { bytes: train.bytes, rows: [['batch', c.batch], ['misreportRestarts', c.misreportRestarts]] as const },
    { bytes: gradientBytes, rows: [['batch', c.batch]] as const },
  ];
  const peak = terms.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const s = optimalAuctionSchema;
  const drivers = driversOf([
    ...peak.rows.map(([field, value]) => ({ field, value, min: s[field].min })),
    { field: 'layers', value: floatsPerMisreportRow(n, c.layers), min: floatsPerMisreportRow(n, [s.layers.min]) },
    { field: 'bidders', value: n * perRow, min: s.bidders.min * floatsPerMisreportRow(s.bidders.min, c.layers) },
  ]);
  return { seconds, bytes: peak.bytes, drivers };
}
