import { driversOf } from '../../jobs/estimate';
import { RATES } from '../../jobs/rates';
import { FINAL_EVAL_DRAWS, MAX_RECORDED_ROWS } from './run';
import { learnToBidSchema, type LearnToBidConfig } from './schema';
import { NEURAL_PAIRINGS } from './bidLearner';

/** Work of the neural policy per (bidder, draw): multiply-adds of 1 → h → h → 1 (h² + 2h) plus ~3h elementwise ops. */
const mlpWork = (hidden: number) => hidden * hidden + 5 * hidden;
/** Work per (bidder, draw) of the rival pairings: ~10 elementwise ops each. */
const PAIRING_WORK = 10 * NEURAL_PAIRINGS;

/**
 * Cost of one learn-to-bid run (`runLearnToBid`; linear policies on plain TypeScript, the neural one on the
 * closed-form learner over the SIMD kernels, as `runLearnToBidOn` chooses with `--backend auto`).
 *
 * Seconds: linear, `steps` × bidders × `batch` bidder-draws at the rate of the `learn-to-bid` ts bench (N = 2,
 * batch 1024), plus up to 1000 recorded clearings of the batch and the final 20,000-draw evaluation at the same
 * rate. Neural: the mlp simd bench's step time (N = 2, batch 1024, h = 16, every step recorded) scaled by
 * bidders × batch × (h² + 5h + the rival pairings' work), for every step and once more for the final evaluation.
 *
 * Bytes: linear, the float64 value, bid and gradient arrays (~8 per bidder-draw). Neural: `BatchedMlp`'s float64
 * input, two activation layers and output with their float32 twins (~3h + 8 doubles per bidder-draw) and the
 * learner's pairing rows (~12 doubles per draw), for the larger of the batch and the final evaluation's 20,000
 * draws. Drivers: batch, hidden, bidders.
 */
export function estimateLearnToBid(c: LearnToBidConfig): { seconds: number; bytes: number; drivers: { field: string; share: number }[] } {
  const n = c.bidders;
  const records = Math.min(c.steps, MAX_RECORDED_ROWS);
  const s = learnToBidSchema;
  if (c.policy === 'linear') {
    const lin = RATES.learnToBidLinearTs;
    const perBidderDraw = 1 / (lin.stepsPerSecond * lin.bidders * lin.batch);
    const seconds = (c.steps * n * c.batch + records * n * c.batch + n * FINAL_EVAL_DRAWS) * perBidderDraw;
    const bytes = 8 * 8 * n * Math.max(c.batch, FINAL_EVAL_DRAWS);
    const drivers = driversOf([
      { field: 'batch', value: Math.max(c.batch, FINAL_EVAL_DRAWS), min: FINAL_EVAL_DRAWS },
      { field: 'bidders', value: n, min: s.bidders.min },
    ]);
    return { seconds, bytes, drivers };
  }
  const mlp = RATES.learnToBidMlpSimd;
  const work = (bidders: number, batch: number, hidden: number) => bidders * batch * (mlpWork(hidden) + PAIRING_WORK);
  const perStep = work(n, c.batch, c.hidden) / work(mlp.bidders, mlp.batch, mlp.hidden) / mlp.stepsPerSecond;
  const seconds = (c.steps + 1) * perStep;
  const perBidderDraw = 1.5 * (3 * c.hidden + 8) + 12;
  const bytes = 8 * n * Math.max(c.batch, FINAL_EVAL_DRAWS) * perBidderDraw;
  const drivers = driversOf([
    { field: 'batch', value: Math.max(c.batch, FINAL_EVAL_DRAWS), min: FINAL_EVAL_DRAWS },
    { field: 'hidden', value: perBidderDraw, min: 1.5 * (3 * s.hidden.min + 8) + 12 },
    { field: 'bidders', value: n, min: s.bidders.min },
  ]);
  return { seconds, bytes, drivers };
}
