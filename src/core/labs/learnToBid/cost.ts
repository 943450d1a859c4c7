import { driversOf } from '../../jobs/estimate';
import { RATES } from '../../jobs/rates';
import { FINAL_EVAL_DRAWS, MAX_RECORDED_ROWS } from './run';
import { learnToBidSchema, type LearnToBidConfig } from './schema';
import { NEURAL_PAIRINGS } from './bidLearner';

/** Work of the neural policy per (bidder, draw): multiply-adds of 1 → h → h → 1 (h² + 2h) plus ~3h elementwise ops. */
const mlpWork = (hidden: number) => hidden * hidden + 5 * hidden;
/** Extra work per (bidder, draw) of the rival pairings the bench's rate did not have: ~10 elementwise ops each (forward and backward). */
const PAIRING_WORK = 10 * (NEURAL_PAIRINGS - 1);

/**
 * Cost of one learn-to-bid run (`runLearnToBid`; linear policies on plain TypeScript, the neural one on tfjs wasm,
 * as `runLearnToBidOn` chooses with `--backend auto`).
 *
 * Seconds: linear, `steps` × bidders × `batch` bidder-draws at the rate of the `learn-to-bid` ts bench (N = 2,
 * batch 1024), plus up to 1000 recorded clearings of the batch and the final 20,000-draw evaluation at the same
 * rate. Neural: per step the tfjs overhead (the linear wasm bench's step time, whose arithmetic is negligible) plus
 * the rest of the mlp wasm bench's step time (N = 5, batch 1024, h = 16) scaled by bidders × batch × (h² + 5h + the
 * rival pairings' work);
 * plus one pass per recorded row at that overhead.
 *
 * Bytes: linear, the float64 value, bid and gradient arrays (~8 per bidder-draw). Neural: every tensor of a
 * training step stays alive until its `tf.tidy` ends: per hidden layer the matMul, add and tanh outputs and their
 * gradients (12h float32 per bidder-draw), the competing-max mask (2N), ~24 for the utility and its gradient; or
 * the final evaluation's forward pass on 20,000 draws. Drivers: batch, hidden, bidders.
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
  const mlp = RATES.learnToBidMlpWasm;
  const overhead = 1 / RATES.learnToBidLinearWasm.stepsPerSecond;
  const scale = (n * c.batch * (mlpWork(c.hidden) + PAIRING_WORK)) / (mlp.bidders * mlp.batch * mlpWork(mlp.hidden));
  const seconds = c.steps * (overhead + scale * (1 / mlp.stepsPerSecond - overhead)) + (records + 1) * overhead;
  const perBidderDraw = 12 * c.hidden + 2 * n + 24;
  const bytes = 4 * n * Math.max(c.batch * perBidderDraw, FINAL_EVAL_DRAWS * (perBidderDraw / 2));
  const drivers = driversOf([
    { field: 'batch', value: c.batch, min: s.batch.min },
    { field: 'hidden', value: perBidderDraw, min: 12 * s.hidden.min + 2 * n + 24 },
    { field: 'bidders', value: n, min: s.bidders.min },
  ]);
  return { seconds, bytes, drivers };
}
