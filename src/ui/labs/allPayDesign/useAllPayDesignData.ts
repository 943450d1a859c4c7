import { allPayDesignConfig } from '../../../core/labs/configs';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AllPayDesignConfig } from '../../../core/labs/allPayDesign/schema';
import type { DesignSample } from '../../../core/labs/allPayDesign/samplesField';
import { samplesOf } from '../../../core/labs/allPayDesign/definition';
import { currentRuns, selectConfig } from '../../../state/selectors';
import { useLabStore } from '../../../state/store';
import type { RunRecord } from '../../../state/runRecord';
import type { FinalMetrics } from '../../../core/labs/types';

/** A point of a curve: design w and revenue (value units). */
export interface CurvePoint {
  w: number;
  revenue: number;
}

/** What the fit run reports (`runFit` in src/learn/allPayDesign). */
export interface FitResult {
  /** null when R(w) is flat within noise (`core/labs/allPayDesign/flatness.ts`): no w is best. */
  bestW: number | null;
  /** Where the ascent ended (w*, or an arbitrary w on a flat curve). */
  ascentW: number;
  /** "flat within noise: every w is optimal", or the best w. */
  verdict: string;
  bestRevenue: number;
  fit: CurvePoint[];
  ascentPath: CurvePoint[];
  ascentStart: number;
  theoryBestW: number | null;
  theoryAtBestW: number | null;
  fitLoss: number;
  backend: string;
}

/** Everything the all-pay design charts read, derived from the store (plain arrays only). */
export interface AllPayDesignData {
  config: AllPayDesignConfig;
  /** The config the current runs came from (the form's config before any run). */
  runConfig: AllPayDesignConfig;
  /** One run per design (mode simulate), in the order of w. */
  designRuns: RunRecord[];
  /** The final-phase run (mode fit), once it exists. */
  fitRun: RunRecord | null;
  /** Finished designs' {w, mean revenue, sd} (or a fit-only run's given samples). */
  samples: DesignSample[];
  fit: FitResult | null;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const curve = (x: unknown): CurvePoint[] | null =>
  Array.isArray(x) && x.every((p) => typeof p === 'object' && p !== null && num((p as { w?: unknown }).w) !== null && num((p as { revenue?: unknown }).revenue) !== null)
    ? x.map((p: { w: number; revenue: number }) => ({ w: p.w, revenue: p.revenue }))
    : null;

/** The fit phase's figures from its final metrics, or null until (or unless) they are all there with their types. */
function fitResultOf(f: FinalMetrics | undefined): FitResult | null {
  if (!f) return null;
  const bestW = num(f.bestW);
  const ascentW = num(f.ascentW) ?? bestW;
  const bestRevenue = num(f.bestRevenue);
  const fit = curve(f.fit);
  const ascentPath = curve(f.ascentPath);
  const ascentStart = num(f.ascentStart);
  const fitLoss = num(f.fitLoss);
  if (ascentW === null || bestRevenue === null || !fit || !ascentPath || ascentStart === null || fitLoss === null) return null;
  return { bestW, ascentW, verdict: typeof f.verdict === 'string' ? f.verdict : '', bestRevenue, fit, ascentPath, ascentStart, fitLoss, theoryBestW: num(f.theoryBestW), theoryAtBestW: num(f.theoryAtBestW), backend: typeof f.backend === 'string' ? f.backend : '' };
}

export function useAllPayDesignData(): AllPayDesignData {
  const config = allPayDesignConfig(useLabStore(selectConfig));
  const runs = useLabStore(useShallow(currentRuns));
  return useMemo(() => {
    const designRuns = runs.filter((r) => r.config.mode === 'simulate').sort((a, b) => Number(a.config.w) - Number(b.config.w));
    const fitRun = runs.find((r) => r.config.mode === 'fit') ?? null;
    const finished = designRuns.filter((r) => r.status === 'done' && r.final);
    const samples = fitRun && !designRuns.length
      ? ((fitRun.config.samples as DesignSample[]) ?? [])
      : samplesOf(finished.map((r) => ({ config: r.config, metrics: r.final! })));
    const f = fitRun?.final;
    const fit = fitResultOf(f);
    // The runs' shared settings (reading, n, values) — a design run's config minus its w.
    const shared = (fitRun ?? designRuns[0])?.config;
    const runConfig = shared ? allPayDesignConfig(shared) : config;
    return { config, runConfig, designRuns, fitRun, samples, fit };
  }, [config, runs]);
}
