import { driversOf } from '../../jobs/estimate';
import { RATES } from '../../jobs/rates';
import { FIRMS_MIN } from './fields';
import { permitAuctionSchema, type PermitAuctionConfig } from './schema';

/**
 * Multiply-adds per (firm, auction) of one forward pass of a firm's policy (2 → h → h → 4) and value (2 → h → h → 1)
 * networks (`learning/mlp.ts`): 2h² + 13h.
 */
const netWork = (hidden: number) => 2 * hidden * hidden + 13 * hidden;

/** Forward-pass equivalents per (firm, auction) of one update: the sampling pass, then `epochs` × forward+backward (3). */
const updateWork = (epochs: number, hidden: number) => (1 + 3 * epochs) * netWork(hidden);

/**
 * Cost of one permit-auction run (`runPermitAuction`; one mechanism — a comparison is three runs).
 *
 * Clear mode: one auction, no measurable time; a few kB.
 * Train mode: ⌈auctions / auctionsPerUpdate⌉ updates of firms × auctionsPerUpdate samples, at the `permit-ppo`
 * bench's rate (4 firms, 512 auctions per update, h = 16, 4 epochs) scaled by firms × (1 + 3·epochs) × (2h² + 13h)
 * for the networks and by firms for the clearing (≈ 4% of an update, `permit-ppo-breakdown`); plus the
 * evaluations (every `evalEvery` updates and at the end: one forward pass and one clearing of `evalAuctions`
 * auctions per firm, counted as one tenth of a training auction's network work plus its clearing).
 *
 * Bytes: the plain-TypeScript PPO's float64 buffers: per network the two hidden activations and output over the
 * largest batch (max(auctionsPerUpdate, evalAuctions) × firms rows, `Mlp.forward`), their gradients over a
 * minibatch, and ~40 values per (firm, auction) of rollout, environment and evaluation arrays.
 * Drivers: hidden, auctionsPerUpdate / evalAuctions, firms.
 */
export function estimatePermitAuction(c: PermitAuctionConfig): { seconds: number; bytes: number; drivers: { field: string; share: number }[] } {
  const n = c.firms.length;
  if (c.mode !== 'train') return { seconds: 0, bytes: 64 * 1024, drivers: [] };
  const ref = RATES.permitPpo;
  const refSecondsPerAuction = 1 / ref.auctionsPerSecond;
  const refWork = ref.firms * updateWork(ref.epochs, ref.hidden);
  const netSeconds = (refSecondsPerAuction * (1 - ref.envShare) * n * updateWork(c.epochs, c.hidden)) / refWork;
  const envSeconds = (refSecondsPerAuction * ref.envShare * n) / ref.firms;
  const updates = Math.max(1, Math.ceil(c.auctions / c.auctionsPerUpdate));
  const evals = Math.floor(updates / c.evalEvery) + 2;
  const evalSeconds = evals * c.evalAuctions * (netSeconds / 10 + envSeconds);
  const seconds = updates * c.auctionsPerUpdate * (netSeconds + envSeconds) + evalSeconds;

  const rows = n * Math.max(c.auctionsPerUpdate, c.evalAuctions);
  const bytes = 8 * (2 * rows * (2 * c.hidden + 5) + 2 * n * Math.min(c.minibatch, c.auctionsPerUpdate) * (2 * c.hidden + 5) + 40 * n * (c.auctionsPerUpdate + c.evalAuctions));
  const s = permitAuctionSchema;
  const batchField = c.evalAuctions > c.auctionsPerUpdate ? 'evalAuctions' : 'auctionsPerUpdate';
  const drivers = driversOf([
    { field: 'hidden', value: c.hidden, min: s.hidden.min },
    { field: batchField, value: Math.max(c.auctionsPerUpdate, c.evalAuctions), min: Math.min(s.auctionsPerUpdate.min, s.evalAuctions.min) },
    { field: 'firms', value: n, min: FIRMS_MIN },
  ]);
  return { seconds, bytes, drivers };
}
