import type { FinalMetrics } from '../types';

/** One entry of a learn-to-bid N sweep summary. */
export interface SweepEntry {
  bidders: number;
  w: number[] | null;
  target: number | null;
  l2ToEquilibrium: number | null;
  /** max over bidders of the utility loss (value units). */
  utilityLoss: number | null;
  revenue: number | null;
  equilibriumRevenue: number | null;
  convergedAtStep: number | null;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const numList = (x: unknown): number[] | null => (Array.isArray(x) && x.every((v) => typeof v === 'number') ? x : null);

/**
 * Summary of a learn-to-bid N sweep: one entry per N, plus `maxAbsError` = max over N and bidders of
 * |w_i − target| against each run's target slope (null when a run has no slopes or no target), `meanAbsError`,
 * `maxL2ToEquilibrium`, `maxUtilityLoss` (max over N of each run's utility loss, value units), total `trainingSeconds`, overall `stepsPerSecond`, `runs`, `backend`.
 */
export function summarizeLearnToBidSweep(runs: readonly { config: { bidders: number; steps: number }; metrics: FinalMetrics }[]): Record<string, unknown> {
  const sweep: SweepEntry[] = runs.map(({ config, metrics }) => ({
    bidders: config.bidders,
    w: numList(metrics.w),
    target: num(metrics.target),
    l2ToEquilibrium: num(metrics.l2ToEquilibrium),
    utilityLoss: num(metrics.utilityLoss),
    revenue: num(metrics.revenue),
    equilibriumRevenue: num(metrics.equilibriumRevenue),
    convergedAtStep: num(metrics.convergedAtStep),
  }));
  let maxAbs: number | null = 0;
  let sumAbs = 0;
  let count = 0;
  for (const e of sweep) {
    if (!e.w || e.target === null) {
      maxAbs = null;
      break;
    }
    for (const w of e.w) {
      const err = Math.abs(w - e.target);
      maxAbs = Math.max(maxAbs, err);
      sumAbs += err;
      count++;
    }
  }
  const l2s = sweep.map((e) => e.l2ToEquilibrium);
  let steps = 0;
  let training = 0;
  for (const { config, metrics } of runs) {
    steps += config.steps;
    training += num(metrics.trainingSeconds) ?? 0;
  }
  const finite = l2s.filter((x): x is number => x !== null);
  const losses = sweep.map((e) => e.utilityLoss).filter((x): x is number => x !== null);
  return {
    sweep,
    maxAbsError: maxAbs,
    meanAbsError: maxAbs === null || count === 0 ? null : sumAbs / count,
    maxL2ToEquilibrium: finite.length !== l2s.length || l2s.length === 0 ? null : Math.max(...finite),
    maxUtilityLoss: losses.length !== sweep.length || losses.length === 0 ? null : Math.max(...losses),
    runs: runs.length,
    trainingSeconds: training,
    stepsPerSecond: training > 0 ? steps / training : null,
    backend: runs.length ? (runs[runs.length - 1].metrics.backend ?? null) : null,
  };
}
