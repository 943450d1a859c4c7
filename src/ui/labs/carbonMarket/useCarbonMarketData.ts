import { carbonMarketConfig } from '../../../core/labs/configs';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PolicyId } from '../../../core/labs/carbonMarket/allocation';
import type { RuleSummary } from '../../../core/labs/carbonMarket/evaluate';
import type { LearnedVsClassic } from '../../../core/labs/carbonMarket/run';
import type { CarbonMarketConfig } from '../../../core/labs/carbonMarket/schema';
import type { ScheduleComparison } from '../../../core/labs/carbonMarket/schedules';
import { sweepPoint, type SweepPoint } from '../../../core/labs/carbonMarket/sweep';
import type { SeriesRow } from '../../../core/labs/types';
import { currentRuns, selectConfig } from '../../../state/selectors';
import { useLabStore } from '../../../state/store';
import type { RunRecord } from '../../../state/runRecord';

/** Everything the carbon-market charts read, derived from the store (plain arrays only). */
export interface CarbonMarketData {
  config: CarbonMarketConfig;
  runs: RunRecord[];
  /** The run whose details are drawn (the first current run). */
  main: RunRecord | null;
  runConfig: CarbonMarketConfig;
  /** Rule summaries on the evaluation seeds (classic rules first; the learned one after training). */
  comparison: RuleSummary[];
  /** Year-by-year means per rule (`yearlyRows`), after training. */
  years: Partial<Record<PolicyId, SeriesRow[]>>;
  learnedVsClassic: LearnedVsClassic | null;
  /** The classic rules on every issuance schedule beside the learned regulator (after training). */
  schedules: ScheduleComparison | null;
  train: SeriesRow[];
  /** One point per finished sweep run, sorted by the swept value. */
  sweep: SweepPoint[];
  isSweep: boolean;
}

export function useCarbonMarketData(): CarbonMarketData {
  const config = carbonMarketConfig(useLabStore(selectConfig));
  const runs = useLabStore(useShallow(currentRuns));
  return useMemo(() => {
    const main = runs[0] ?? null;
    const runConfig = (main ? carbonMarketConfig(main.config) : undefined) ?? config;
    const snap = main?.snapshots ?? {};
    const isSweep = runs.length > 1 || (runs.length === 0 && config.sweep !== 'off');
    const sweep = runs
      .map((r) => sweepPoint(carbonMarketConfig(r.config), r.final))
      .filter((p): p is SweepPoint => p !== null)
      .sort((a, b) => a.value - b.value);
    return {
      config,
      runs,
      main,
      runConfig,
      comparison: (snap.comparison as RuleSummary[] | undefined) ?? [],
      years: (snap.years as Partial<Record<PolicyId, SeriesRow[]>> | undefined) ?? {},
      learnedVsClassic: (snap.learnedVsClassic as LearnedVsClassic | null | undefined) ?? null,
      schedules: (snap.schedules as ScheduleComparison | undefined) ?? null,
      train: main?.series.train ?? [],
      sweep,
      isSweep,
    };
  }, [config, runs]);
}
