import type { ConfigIssue } from '../../config/schema';
import type { LabDefinition } from '../types';
import { learnToBidPresets } from './presets';
import { summarizeLearnToBidSweep } from './summary';
import { expandSweep } from './sweep';
import { learnToBidSchema, type LearnToBidConfig, type LearnToBidSchema } from './schema';

/**
 * Cross-field rules: exactly one upper bound per bidder (missing ones repeat the last bound given, extra ones
 * are dropped).
 */
export function normalizeLearnToBid(config: LearnToBidConfig): { config: LearnToBidConfig; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const n = config.bidders;
  let upper = config.upper;
  if (upper.length !== n) {
    const fill = upper.length ? upper[upper.length - 1]! : 1;
    upper = Array.from({ length: n }, (_, i) => upper[i] ?? fill);
    issues.push({ field: 'upper', message: `upper: has ${config.upper.length} entries for ${n} bidders; adjusted to ${n}` });
  }
  if (config.sweep === 'bidders' && config.policy !== 'linear') {
    issues.push({ field: 'sweep', message: 'sweep: the N sweep compares final slopes w, so it needs the linear policy; turned off' });
    return { config: { ...config, upper, sweep: 'off' }, issues };
  }
  return { config: { ...config, upper }, issues };
}

/** The pure registry entry of the learn-to-bid lab (runner: src/learn/labs, view: src/ui/labs). */
export const learnToBidLab: LabDefinition<LearnToBidSchema> = {
  id: 'learn-to-bid',
  title: 'Learn to bid',
  summary: 'N bidders learn to shade their bids by gradient play on a smoothed auction; watch w → (N − 1)/N.',
  schema: learnToBidSchema,
  presets: learnToBidPresets,
  normalize: normalizeLearnToBid,
  label: (c, seed) =>
    `${c.mechanism} · N=${c.bidders}${c.sweep === 'bidders' ? ' sweep' : ''} · ${c.policy} · β ${c.schedule === 'constant' ? c.beta : `${c.beta}→${c.betaEnd}`} · seed ${seed}`,
  expand: expandSweep,
  summarize: summarizeLearnToBidSweep,
  partLabel: (c) => `N=${c.bidders}`,
  progressUnit: () => 'steps',
};
