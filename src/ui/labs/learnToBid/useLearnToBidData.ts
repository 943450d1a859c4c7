import { learnToBidConfig } from '../../../core/labs/configs';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { decimateRows } from '../../../core/math/decimate';
import { equilibriumBidFunctions } from '../../../core/equilibria/singleItem';
import { theoryFor, type LearnToBidTheory } from '../../../core/labs/learnToBid/run';
import type { LearnToBidConfig } from '../../../core/labs/learnToBid/schema';
import { bidFunctionSnapshot, valueGrid, type BidFunctionSnapshot } from '../../../core/labs/learnToBid/evaluate';
import { currentRuns, selectConfig } from '../../../state/selectors';
import { useLabStore } from '../../../state/store';
import type { RunRecord } from '../../../state/runRecord';

/** Everything the learn-to-bid charts read, derived from the store (plain arrays only). */
export interface LearnToBidData {
  config: LearnToBidConfig;
  runs: RunRecord[];
  /** The run whose details (bid functions, utilities) are drawn: the first current run. */
  main: RunRecord | null;
  theory: LearnToBidTheory;
  /** Equilibrium bid curves for the current config, before any run exists. */
  equilibriumPreview: BidFunctionSnapshot | null;
}

/** The equilibrium curves on the lab's own value grid, before any run exists (no learned bids yet). */
function preview(config: LearnToBidConfig): BidFunctionSnapshot | null {
  const eq = equilibriumBidFunctions(config.mechanism, config.bidders, config.upper);
  if (!eq) return null;
  const grid = valueGrid(config.upper, config.bidders);
  return { ...bidFunctionSnapshot(grid, grid, config.bidders, eq), bids: [] };
}

/** Most rows per line a chart draws (decimated, first and last kept): enough for the eye, cheap to render. */
export const CHART_ROWS = 200;

/** Runs with their `train` series decimated for drawing (memoized per run record). */
const decimated = new WeakMap<RunRecord, RunRecord>();
function forChart(r: RunRecord): RunRecord {
  let d = decimated.get(r);
  if (!d) {
    const train = r.series.train;
    d = train && train.length > CHART_ROWS ? { ...r, series: { ...r.series, train: decimateRows(train, CHART_ROWS) } } : r;
    decimated.set(r, d);
  }
  return d;
}

export function useLearnToBidData(): LearnToBidData {
  const config = learnToBidConfig(useLabStore(selectConfig));
  const liveRuns = useLabStore(useShallow(currentRuns));
  const runs = useMemo(() => liveRuns.map(forChart), [liveRuns]);
  const main = runs[0] ?? null;
  const runConfig = (main ? learnToBidConfig(main.config) : undefined) ?? config;
  const theoryConfig = runs.length > 1 ? config : runConfig;
  const theory = useMemo(() => theoryFor(theoryConfig), [theoryConfig]);
  const equilibriumPreview = useMemo(() => preview(runConfig), [runConfig]);
  return useMemo(
    () => ({ config, runs, main, theory, equilibriumPreview }),
    [config, runs, main, theory, equilibriumPreview],
  );
}
