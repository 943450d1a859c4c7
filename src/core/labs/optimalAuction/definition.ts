import { optimalAuctionHistoryColumns, optimalAuctionOverlay, optimalAuctionSmoke, optimalAuctionStreams } from './outputs';
import type { ConfigIssue } from '../../config/schema';
import type { FinalMetrics, LabDefinition } from '../types';
import { estimateOptimalAuction } from './cost';
import { optimalAuctionPresets } from './presets';
import { optimalAuctionSchema, type OptimalAuctionConfig, type OptimalAuctionSchema } from './schema';

/**
 * Cross-field rules: the heterogeneous prior needs one upper bound per bidder (missing ones repeat the last
 * given, extra ones are dropped); other priors ignore `upper` and leave it alone.
 */
export function normalizeOptimalAuction(config: OptimalAuctionConfig): { config: OptimalAuctionConfig; issues: ConfigIssue[] } {
  const n = config.bidders;
  if (config.prior !== 'hetero' || config.upper.length === n) return { config, issues: [] };
  const fill = config.upper.length ? config.upper[config.upper.length - 1] : 1;
  const upper = Array.from({ length: n }, (_, i) => config.upper[i] ?? fill);
  return {
    config: { ...config, upper },
    issues: [{ field: 'upper', code: 'inconsistent', message: `upper: has ${config.upper.length} entries for ${n} bidders; expected one per bidder`, repair: `adjusted to ${n}` }],
  };
}

/**
 * The runs a config stands for: one training, or for a study (`study` > 0) `studyWorkers` identical study
 * workers that the pool runs in parallel; each asks the shared, persisted study for its next trial until
 * the study holds `study` finished trials.
 */
export function expandOptimalAuction(c: OptimalAuctionConfig): OptimalAuctionConfig[] {
  if (c.study <= 0) return [c];
  return Array.from({ length: Math.max(1, c.studyWorkers) }, () => ({ ...c }));
}

/**
 * Summary of a study's workers: the metrics of the worker that saw the most finished trials (ties: the one
 * that ran the most; its `best` is the study's best), with `trialsRunHere` summed over workers.
 */
export function summarizeOptimalAuction(results: readonly { config: OptimalAuctionConfig; metrics: FinalMetrics }[]): FinalMetrics {
  const num = (m: FinalMetrics, k: string) => (typeof m[k] === 'number' ? (m[k]) : -1);
  const ranked = [...results].sort((a, b) => num(b.metrics, 'trials') - num(a.metrics, 'trials') || num(b.metrics, 'trialsRunHere') - num(a.metrics, 'trialsRunHere'));
  const top = ranked[0]?.metrics ?? {};
  const ran = results.reduce((s, r) => s + Math.max(0, num(r.metrics, 'trialsRunHere')), 0);
  return { ...top, trialsRunHere: ran, workers: results.length };
}

const priorLabel = (c: OptimalAuctionConfig) =>
  c.prior === 'exp' ? `exp(λ=${c.rate})` : c.prior === 'latent' ? `latent ρ=${c.correlation}` : c.prior === 'hetero' ? `U[0,${c.upper.join('|')}]` : 'uniform';

/** The pure registry entry of the optimal-auction lab (runner: src/learn/labs, view: src/ui/labs). */
export const optimalAuctionLab: LabDefinition<OptimalAuctionSchema> = {
  id: 'optimal-auction',
  title: 'Optimal auction',
  summary: 'A neural network learns a revenue-maximizing auction under a regret penalty; compare with Myerson and Vickrey.',
  schema: optimalAuctionSchema,
  presets: optimalAuctionPresets,
  normalize: normalizeOptimalAuction,
  label: (c, seed) => `${c.study > 0 ? `study ${c.study} trials · ` : ''}${priorLabel(c)} · N=${c.bidders} · ${c.steps} steps · seed ${seed}`,
  expand: expandOptimalAuction,
  summarize: summarizeOptimalAuction,
  partLabel: (c) => (c.study > 0 ? 'study worker' : `N=${c.bidders}`),
  progressUnit: () => 'steps',
  estimate: estimateOptimalAuction,
  streams: optimalAuctionStreams,
  historyColumns: optimalAuctionHistoryColumns,
  overlay: optimalAuctionOverlay,
  smoke: optimalAuctionSmoke,
  inapplicable: (c) => [
    ...(c.prior === 'exp' ? [] : ['rate']),
    ...(c.prior === 'latent' ? [] : ['correlation']),
    ...(c.prior === 'hetero' ? [] : ['upper']),
    ...(c.study > 0 ? [] : ['studyStartup', 'studyWorkers', 'regretWeight']),
    ...(c.warmStart === 'none' ? ['imitationSteps', 'imitationLr'] : []),
    ...(c.penalty === 'budget' ? ['rho'] : ['regretBudget', 'budgetLr']),
  ],
};
