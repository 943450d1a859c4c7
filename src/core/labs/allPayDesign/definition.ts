import { allPayDesignHistoryColumns, allPayDesignOverlay, allPayDesignSmoke, allPayDesignStreams } from './outputs';
import type { ConfigIssue } from '../../config/schema';
import type { FinalMetrics, LabDefinition } from '../types';
import { estimateAllPayDesign } from './cost';
import { sampleDesigns } from './designs';
import { allPayDesignPresets } from './presets';
import type { DesignSample } from './samplesField';
import { allPayDesignSchema, type AllPayDesignConfig, type AllPayDesignSchema } from './schema';

const READING_LABEL: Record<string, string> = { 'prize-split': 'prize split', 'payment-split': 'payment split' };

/** No cross-field rules: every field is valid on its own (`w` is read only in mode simulate, `samples` in mode fit). */
export function normalizeAllPayDesign(config: AllPayDesignConfig): { config: AllPayDesignConfig; issues: ConfigIssue[] } {
  return { config, issues: [] };
}

/**
 * The design loop split into runs for the worker pool: `mode=design` becomes one `mode=simulate` run per
 * sampled design w (`sampleDesigns(designs, seed)`), each running all `rounds` of its design; other modes are one
 * run. Designs are the unit of parallelism (not design × round) so that each run's figures — mean, sd, bid
 * function, learning curve — are a whole design, and a Run press makes `designs` + 1 runs rather than
 * `designs × rounds`.
 */
export function expandAllPayDesign(config: AllPayDesignConfig, seed = 0): AllPayDesignConfig[] {
  if (config.mode !== 'design') return [config];
  return sampleDesigns(config.designs, seed).map((w) => ({ ...config, mode: 'simulate', w, samples: [] }));
}

/** The samples `{w, revenue, sd}` of finished design runs (runs without a finite revenue are left out), sorted by w. */
export function samplesOf(parts: readonly { config: Record<string, unknown>; metrics: FinalMetrics | Record<string, unknown> }[]): DesignSample[] {
  const out: DesignSample[] = [];
  for (const { config, metrics } of parts) {
    const w = Number(config.w);
    const revenue = metrics.revenue;
    const sd = metrics.sd;
    if (typeof revenue === 'number' && Number.isFinite(revenue) && w >= 0.5 && w <= 1) {
      out.push({ w, revenue, sd: typeof sd === 'number' && Number.isFinite(sd) ? sd : 0 });
    }
  }
  return out.sort((a, b) => a.w - b.w);
}

/**
 * The loop's final phase (mode design only; null otherwise): once every design run is done, one `mode=fit` run fits the surrogate to their
 * samples and ascends it (tfjs, so it runs in a worker or the CLI, not where the results are gathered).
 */
export function combineAllPayDesign(
  config: AllPayDesignConfig,
  parts: readonly { config: AllPayDesignConfig; metrics: FinalMetrics }[],
): AllPayDesignConfig | null {
  if (config.mode !== 'design') return null;
  return { ...config, mode: 'fit', samples: samplesOf(parts) };
}

/** The pure registry entry of the all-pay design lab (runner: src/learn/labs, view: src/ui/labs). */
export const allPayDesignLab: LabDefinition<AllPayDesignSchema> = {
  id: 'all-pay-design',
  title: 'All-pay design',
  summary: 'Pick the all-pay rule (w, 1 − w, 0) that earns most: simulate learning bidders, fit R(w), ascend to w*.',
  schema: allPayDesignSchema,
  presets: allPayDesignPresets,
  normalize: normalizeAllPayDesign,
  label: (c, seed) => {
    const base = `${READING_LABEL[c.reading] ?? c.reading} · n=${c.bidders} · ${c.learner}`;
    if (c.mode === 'simulate') return `w=${c.w} · ${base} · seed ${seed}`;
    if (c.mode === 'fit') return `fit R(w) on ${c.samples.length} designs · ${base} · seed ${seed}`;
    return `${c.designs} designs × ${c.rounds} rounds · ${base} · seed ${seed}`;
  },
  expand: expandAllPayDesign,
  combine: combineAllPayDesign,
  partLabel: (c) => (c.mode === 'fit' ? 'fit R(w)' : `w=${c.w}`),
  // Without a final phase (none configured) the designs' own figures are the job's.
  summarize: (runs) => ({ samples: runs.map((r) => ({ w: r.config.w, revenue: r.metrics.revenue ?? null, sd: r.metrics.sd ?? null })) }),
  // Progress counts learning rounds (each design's rounds, plus one for the fit); the step pace does not apply.
  progressUnit: () => 'rounds',
  paced: () => false,
  estimate: estimateAllPayDesign,
  streams: allPayDesignStreams,
  historyColumns: allPayDesignHistoryColumns,
  overlay: allPayDesignOverlay,
  smoke: allPayDesignSmoke,
  inapplicable: (c) => [
    ...(c.mode === 'fit' ? [] : ['samples']),
    ...(c.mode === 'simulate' ? ['designs'] : ['w']),
    ...(c.learner === 'bandit' ? [] : ['epsilonMin']),
    ...(c.learner === 'ppo' ? ['exploration'] : []),
  ],
};
