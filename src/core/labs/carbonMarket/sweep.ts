import type { FinalMetrics } from '../types';
import type { CarbonMarketConfig } from './schema';

/** Config keys a sensitivity sweep can vary (the `sweep` options other than `off`). */
export type SweptKey = 'firms' | 'equalityWeight' | 'productivityWeight' | 'kappa';

/** Short symbols for labels: N, wE, wP, κ. */
export const SWEEP_SYMBOL: Readonly<Record<SweptKey, string>> = { firms: 'N', equalityWeight: 'wE', productivityWeight: 'wP', kappa: 'κ' };

/** The swept value of one run of a sweep (its firm count, or the objective weight swept). */
export function sweptValue(config: CarbonMarketConfig): number {
  return config.sweep === 'off' ? NaN : config[config.sweep];
}

/** One point of a sensitivity sweep: the swept value and each rule's mean objective (± std over evaluation seeds). */
export interface SweepPoint {
  value: number;
  objective: Record<string, number>;
  objectiveStd: Record<string, number>;
}

/** Read a run's `byRule` final metric into a sweep point (null when the run has none, e.g. it failed). */
export function sweepPoint(config: CarbonMarketConfig, metrics: FinalMetrics | undefined): SweepPoint | null {
  const byRule = metrics?.byRule as Record<string, { objective?: number; objectiveStd?: number }> | undefined;
  if (!byRule || typeof byRule !== 'object') return null;
  const objective: Record<string, number> = {};
  const objectiveStd: Record<string, number> = {};
  for (const [rule, r] of Object.entries(byRule)) {
    if (typeof r?.objective === 'number') objective[rule] = r.objective;
    if (typeof r?.objectiveStd === 'number') objectiveStd[rule] = r.objectiveStd;
  }
  return { value: sweptValue(config), objective, objectiveStd };
}

/**
 * CLI summary of a sweep: `{sweep: key, points: [{value, objective: {rule: mean}, objectiveStd}], learnedBeatsBestClassic:
 * count of points where the learned objective ≥ the best classic one, runs}`.
 */
export function summarizeCarbonSweep(runs: readonly { config: CarbonMarketConfig; metrics: FinalMetrics }[]): Record<string, unknown> {
  const points = runs.map((r) => sweepPoint(r.config, r.metrics)).filter((p): p is SweepPoint => p !== null);
  let wins = 0;
  for (const p of points) {
    const classic = Object.entries(p.objective).filter(([k]) => k !== 'learned').map(([, v]) => v);
    if (p.objective.learned !== undefined && p.objective.learned >= Math.max(...classic)) wins++;
  }
  return { sweep: runs[0]?.config.sweep ?? 'off', points, learnedBeatsBestClassic: wins, runs: runs.length };
}
