import type { LearnToBidConfig } from './schema';

/**
 * Expand an N-sweep config into one single-run config per N = 2 … bidders (upper bound: the first bound, for
 * every bidder, so each run has a symmetric equilibrium (N − 1)/N). A non-sweep config expands to itself.
 */
export function expandSweep(config: LearnToBidConfig): LearnToBidConfig[] {
  if (config.sweep !== 'bidders') return [config];
  const a = config.upper[0] ?? 1;
  const out: LearnToBidConfig[] = [];
  for (let n = 2; n <= config.bidders; n++) out.push({ ...config, sweep: 'off', bidders: n, upper: [a] });
  return out;
}
