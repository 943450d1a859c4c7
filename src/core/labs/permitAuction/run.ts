import type { FinalMetrics, RunContext } from '../types';
import { clearAll } from './clearAll';
import type { PermitAuctionConfig } from './schema';

/**
 * `mode=clear`: clear one auction of the config's bids (truthful two-tier bids when none are given) with every
 * mechanism. The final metrics are the chosen mechanism's figures (allocation, payments, profits, price,
 * revenue, efficiency, dri, driByFirm, …) plus `byMechanism` with all three side by side.
 */
export async function runPermitAuction(config: PermitAuctionConfig, seed: number, ctx: RunContext): Promise<FinalMetrics> {
  const all = clearAll(config, seed);
  const chosen = all[config.mechanism as keyof typeof all];
  ctx.emit({ type: 'snapshot', name: 'clearing', data: all });
  ctx.emit({ type: 'progress', done: 1, total: 1, unitsPerSecond: 0, elapsedSeconds: 0, phase: 'done' });
  const metrics: FinalMetrics = {
    mechanism: config.mechanism,
    ...(chosen as unknown as FinalMetrics),
    /** Whether bids came from the config or were the truthful two-tier default (bids omitted). */
    bidsSource: config.bids.length === 0 ? 'truthful (omitted)' : 'given',
    byMechanism: Object.fromEntries(
      Object.entries(all).map(([id, o]) => [id, { price: o.price, revenue: o.revenue, efficiency: o.efficiency, dri: o.dri, profits: o.profits }]),
    ),
  };
  ctx.emit({ type: 'final', metrics });
  await ctx.checkpoint(1);
  return metrics;
}
