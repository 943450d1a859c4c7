import { permitAuctionConfig } from '../../../../core/labs/configs';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PermitAuctionConfig } from '../../../../core/labs/permitAuction/schema';
import type { PermitEvaluation, ShowcaseBids } from '../../../../core/labs/permitAuction/train';
import type { PpoPolicySnapshot } from '../../../../core/learning/ppoAgents';
import type { SeriesRow } from '../../../../core/labs/types';
import { decimateRows } from '../../../../core/math/decimate';
import { currentRuns, selectConfig } from '../../../../state/selectors';
import { useLabStore } from '../../../../state/store';
import type { RunRecord } from '../../../../state/runRecord';

/** One training run as the charts read it (plain arrays; the eval series decimated to at most 200 rows). */
export interface TrainingRun {
  record: RunRecord;
  config: PermitAuctionConfig;
  mechanism: 'uniform' | 'discriminatory' | 'vcg';
  rows: SeriesRow[];
  truthful: PermitEvaluation | null;
  showcase: ShowcaseBids | null;
  policies: PpoPolicySnapshot | null;
  /** Auctions per firm this run will play (updates rounded up). */
  totalAuctions: number;
}

export interface TrainingData {
  config: PermitAuctionConfig;
  runs: TrainingRun[];
  /** The current runs form an N sweep. */
  sweep: boolean;
}

const decimated = new WeakMap<RunRecord, TrainingRun>();

function toTrainingRun(r: RunRecord): TrainingRun {
  let t = decimated.get(r);
  if (!t) {
    const config = permitAuctionConfig(r.config);
    const rows = r.series.eval ?? [];
    t = {
      record: r,
      config,
      mechanism: config.mechanism,
      rows: rows.length > 200 ? decimateRows(rows, 200) : rows,
      truthful: (r.snapshots.truthful as PermitEvaluation | undefined) ?? null,
      showcase: (r.snapshots.showcase as ShowcaseBids | undefined) ?? null,
      policies: (r.snapshots.policies as PpoPolicySnapshot | undefined) ?? null,
      totalAuctions: Math.max(1, Math.ceil(config.auctions / config.auctionsPerUpdate)) * config.auctionsPerUpdate,
    };
    decimated.set(r, t);
  }
  return t;
}

/** The current training runs of the permit-auction lab, read from the store. */
export function useTrainingData(): TrainingData {
  const config = permitAuctionConfig(useLabStore(selectConfig));
  const live = useLabStore(useShallow(currentRuns));
  return useMemo(() => {
    const runs = live.filter((r) => r.lab === 'permit-auction' && r.config.mode === 'train').map(toTrainingRun);
    return { config, runs, sweep: runs.length > 1 && runs[0].config.sweep === 'firms' };
  }, [config, live]);
}
