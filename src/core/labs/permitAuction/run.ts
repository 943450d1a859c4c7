import type { FinalMetrics, RunContext } from '../types';
import { clearAll } from './clearAll';
import type { PermitAuctionConfig } from './schema';
import { trainPermitPpo, type PpoAgentsFactory } from './train';
import { permitPpoConfigOf } from './trainConfig';

/**
 * Run the permit-auction lab. `mode=clear`: clear one auction of the config's bids (truthful two-tier bids when none
 * are given) with every mechanism; the final metrics are the chosen mechanism's figures (allocation, payments,
 * profits, price, revenue, efficiency, dri, driByFirm, …) plus `byMechanism` with all three side by side.
 * `mode=train`: independent PPO firms (`train.ts`) under the chosen mechanism; the final metrics are the last
 * deterministic evaluation (efficiency, dri, revenue, clearingPrice, meanProfit, …) plus `auctionsPerSecond`.
 * `createAgents` picks the PPO implementation (plain TypeScript by default; tfjs from `src/learn/ppo`).
 */
export async function runPermitAuction(config: PermitAuctionConfig, seed: number, ctx: RunContext, createAgents?: PpoAgentsFactory): Promise<FinalMetrics> {
  if (config.mode === 'train') return trainPermitPpo(permitPpoConfigOf(config), seed, ctx, createAgents);
  const all = clearAll(config, seed);
  const chosen = all[config.mechanism];
  ctx.emit({ type: 'snapshot', name: 'clearing', data: all });
  ctx.emit({ type: 'progress', done: 1, total: 1, unitsPerSecond: 0, elapsedSeconds: 0, phase: 'done' });
  const metrics: FinalMetrics = {
    mechanism: config.mechanism,
    ...chosen,
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
