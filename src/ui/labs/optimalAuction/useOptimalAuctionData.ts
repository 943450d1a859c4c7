import { optimalAuctionConfig } from '../../../core/labs/configs';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { HeatmapSnapshot } from '../../../core/labs/optimalAuction/heatmap';
import type { OptimalAuctionTheory } from '../../../core/labs/optimalAuction/run';
import type { OptimalAuctionConfig } from '../../../core/labs/optimalAuction/schema';
import type { StudySnapshot } from '../../../core/labs/optimalAuction/study';
import type { SeriesRow } from '../../../core/labs/types';
import { decimateRows } from '../../../core/math/decimate';
import { currentRuns, selectConfig } from '../../../state/selectors';
import { useLabStore } from '../../../state/store';
import type { RunRecord } from '../../../state/runRecord';

/** Most rows per line a chart draws (decimated, first and last kept). */
export const CHART_ROWS = 250;

/** Everything the optimal-auction view reads, derived from the store (plain arrays only). */
export interface OptimalAuctionData {
  config: OptimalAuctionConfig;
  runs: RunRecord[];
  /** The run drawn: the first current run (for a study, the worker that has seen the most trials). */
  main: RunRecord | null;
  runConfig: OptimalAuctionConfig;
  theory: OptimalAuctionTheory | null;
  heatmap: HeatmapSnapshot | null;
  study: StudySnapshot | null;
  imitation: SeriesRow[];
  train: SeriesRow[];
  evals: SeriesRow[];
}

const rows = (r: RunRecord | null, name: string) => {
  const s = r?.series[name] ?? [];
  return s.length > CHART_ROWS ? decimateRows(s, CHART_ROWS) : s;
};

/** The latest study snapshot among the runs (study workers each stream the whole study after every trial). */
function latestStudy(runs: RunRecord[]): StudySnapshot | null {
  let best: StudySnapshot | null = null;
  for (const r of runs) {
    const s = r.snapshots.study as StudySnapshot | undefined;
    if (s && (!best || s.updatedAt > best.updatedAt)) best = s;
  }
  return best;
}

export function useOptimalAuctionData(): OptimalAuctionData {
  const config = optimalAuctionConfig(useLabStore(selectConfig));
  const runs = useLabStore(useShallow(currentRuns));
  return useMemo(() => {
    const main = runs[0] ?? null;
    const runConfig = (main ? optimalAuctionConfig(main.config) : undefined) ?? config;
    return {
      config,
      runs,
      main,
      runConfig,
      theory: (runs.map((r) => r.snapshots.theory).find(Boolean) as OptimalAuctionTheory | undefined) ?? null,
      heatmap: (main?.snapshots.heatmap as HeatmapSnapshot | undefined) ?? null,
      study: latestStudy(runs),
      imitation: rows(main, 'imitation'),
      train: rows(main, 'train'),
      evals: rows(main, 'eval'),
    };
  }, [config, runs]);
}
