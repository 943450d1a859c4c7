import { learnToBidHistoryColumns, learnToBidOverlay, learnToBidSmoke, learnToBidStreams } from './outputs';
import type { ConfigIssue } from '../../config/schema';
import type { LabDefinition } from '../types';
import { singleItemMechanisms } from '../../mechanisms/registry';
import { estimateLearnToBid } from './cost';
import { learnToBidPresets } from './presets';
import { summarizeLearnToBidSweep } from './summary';
import { expandSweep } from './sweep';
import { learnToBidSchema, type LearnToBidConfig, type LearnToBidSchema } from './schema';

/**
 * Cross-field rules. `bidders` is the one source of N; `upper` holds one bound for every bidder or one per
 * bidder. A list of another length is rejected with one message naming `upper` (its bound, where all entries
 * agree, or else the default, is used for every bidder); a list of N equal bounds is stored as one bound.
 * The N sweep needs the linear policy.
 */
export function normalizeLearnToBid(config: LearnToBidConfig): { config: LearnToBidConfig; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const n = config.bidders;
  let upper = config.upper;
  const symmetric = upper.length > 0 && upper.every((a) => a === upper[0]);
  if (upper.length !== 1 && upper.length !== n) {
    upper = symmetric ? [upper[0]] : [...learnToBidSchema.upper.default];
    issues.push({
      field: 'upper',
      code: 'inconsistent',
      message: `upper: ${config.upper.length} bounds for ${n} bidders; expected one bound for every bidder or ${n}, one per bidder`,
      repair: `using ${upper[0]} for every bidder`,
    });
  } else if (upper.length > 1 && symmetric) upper = [upper[0]];
  if (config.sweep === 'bidders' && config.policy !== 'linear') {
    issues.push({ field: 'sweep', code: 'inconsistent', message: 'sweep: the N sweep compares final slopes w, so it needs the linear policy', repair: 'turned off' });
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
    `${singleItemMechanisms[c.mechanism].title} · N=${c.bidders}${c.sweep === 'bidders' ? ' sweep' : ''} · ${c.policy === 'mlp' ? 'neural' : 'linear'} · β ${c.schedule === 'constant' ? c.beta : `${c.beta}→${c.betaEnd}`} · seed ${seed}`,
  expand: expandSweep,
  summarize: summarizeLearnToBidSweep,
  partLabel: (c) => `N=${c.bidders}`,
  progressUnit: () => 'steps',
  estimate: estimateLearnToBid,
  streams: learnToBidStreams,
  historyColumns: learnToBidHistoryColumns,
  overlay: learnToBidOverlay,
  smoke: learnToBidSmoke,
  // `prior` is fixed (uniform values) in this lab.
  inapplicable: (c) => ['prior', ...(c.policy === 'linear' ? ['hidden'] : []), ...(c.schedule === 'constant' ? ['betaEnd'] : [])],
};
