import { combineAllPayDesign, expandAllPayDesign } from '../../core/labs/allPayDesign/definition';
import { designGrid, theoryBestW, theoryRevenue } from '../../core/labs/allPayDesign/theory';
import type { AllPayDesignConfig } from '../../core/labs/allPayDesign/schema';
import { samplesField } from '../../core/labs/allPayDesign/samplesField';
import { FLAT_VERDICT, flatWithinNoise } from '../../core/labs/allPayDesign/flatness';
import { runSimulateDesign } from '../../core/labs/allPayDesign/simulateRun';
import type { FinalMetrics, RunContext } from '../../core/labs/types';
import { selectBackend, type BackendChoice, type BackendOptions, type BackendRequest } from '../backend';
import type { Tf } from '../tf';
import { Surrogate, type SurrogateOptions } from './surrogate';

/** Points of the fitted curve reported in `fit` (w = 1/2 … 1). */
export const FIT_GRID_POINTS = 51;

/**
 * `mode=fit`: fit the surrogate R̂(w) (tfjs, `surrogate.ts`) to `samples` and ascend it. Final metrics (fixed
 * names): `bestW` (null when R(w) is flat within noise, `flatWithinNoise`), `bestRevenue` (R̂ at the ascent's end),
 * `verdict` ("flat within noise: every w is optimal", or the best w), `sampleSpread` and `noiseAllowance`,
 * `ascentW`, `samples` `[{w, revenue, sd}]`, `fit` `[{w, revenue}]`
 * on `FIT_GRID_POINTS` designs; plus `ascentPath` `[{w, revenue}]`, `ascentStart`, `ascentSteps`, `fitLoss`
 * (standardized MSE), `theoryRevenue` (closed form on the same grid, null for integer values),
 * `theoryAtBestW`, `theoryBestW` (1 for the prize split; null for the payment split, whose theory is flat),
 * `bestSampleW` (the sample with the highest mean), `backend`.
 */
export async function runFit(
  config: AllPayDesignConfig,
  seed: number,
  ctx: RunContext,
  tf: Tf,
  options: SurrogateOptions = {},
): Promise<FinalMetrics> {
  const samples = config.samples;
  if (!samples.length) throw new Error('samples: no finished designs to fit (mode fit needs at least one sample)');
  // The design loop builds this config from finished runs (`combine`), not through the field's parse: check here too.
  const checked = samplesField.parse(samples);
  if (checked.issue) throw new Error(`samples: ${checked.issue}`);
  const started = performance.now();
  const epochs = options.epochs ?? 600;
  const progress = (done: number, phase: string) => {
    const s = (performance.now() - started) / 1000;
    // One unit for the whole fit, so a design loop's progress adds up in design rounds plus one.
    const part = Math.floor((100 * done) / epochs) / 100;
    ctx.emit({ type: 'progress', done: part, total: 1, unitsPerSecond: part / Math.max(s, 1e-6), elapsedSeconds: s, phase });
  };
  // The fit run records the designs it fits, so its history record can draw them (the lab's overlay) on its own.
  ctx.emit({ type: 'points', series: 'samples', rows: samples.map((s) => ({ w: s.w, revenue: s.revenue, sd: s.sd })) });
  progress(0, 'fitting R(w)');
  await ctx.checkpoint(0);
  const surrogate = await Surrogate.fit(tf, samples, { seed, ...options }, (e) => progress(e, 'fitting R(w)'));
  try {
    const grid = designGrid(FIT_GRID_POINTS);
    const fitted = await surrogate.predict(grid);
    if (!fitted.every(Number.isFinite)) throw new Error('the surrogate fit is not finite (R̂(w) = NaN or ±∞ on the design grid); no best design is reported');
    const fit = grid.map((w, i) => ({ w, revenue: fitted[i] }));
    ctx.emit({ type: 'snapshot', name: 'fit', data: fit });
    const ascent = await surrogate.ascend();
    if (!Number.isFinite(ascent.w) || !Number.isFinite(ascent.revenue)) {
      throw new Error(`the surrogate ascent is not finite (w* = ${ascent.w}, R̂(w*) = ${ascent.revenue}); no best design is reported`);
    }
    ctx.emit({ type: 'snapshot', name: 'ascent', data: ascent.path });
    const theory = grid.map((w) => theoryRevenue(config, w));
    const bestSample = samples.reduce((a, b) => (b.revenue > a.revenue ? b : a));
    const flatness = flatWithinNoise(samples, config.rounds);
    const metrics = {
      mode: 'fit',
      // A flat R(w) has no best w: the ascent's end point is kept as `ascentW`, not reported as w*.
      bestW: flatness.flat ? null : ascent.w,
      bestRevenue: ascent.revenue,
      verdict: flatness.flat ? FLAT_VERDICT : `best design w* = ${ascent.w.toFixed(3)}`,
      sampleSpread: flatness.spread,
      noiseAllowance: flatness.noise,
      ascentW: ascent.w,
      samples: samples.map((s) => ({ ...s })),
      fit,
      ascentPath: ascent.path.map((p) => ({ ...p })),
      ascentStart: ascent.start,
      ascentSteps: ascent.steps,
      fitLoss: surrogate.loss,
      theoryRevenue: theory.every((t) => t !== null) ? (theory) : null,
      theoryAtBestW: theoryRevenue(config, ascent.w),
      theoryBestW: theoryBestW(config),
      bestSampleW: bestSample.w,
      backend: ctx.backend,
    };
    progress(epochs, 'done');
    ctx.emit({ type: 'final', metrics });
    await ctx.checkpoint(1);
    return metrics;
  } finally {
    surrogate.dispose();
  }
}

/**
 * The lab's runner (registry entry in `labs/registry.ts`): `simulate` runs in plain TypeScript
 * (`core/labs/allPayDesign/simulateRun.ts`); `fit` on tfjs (the requested backend; `ts` and `auto` in Node pick
 * what `selectBackend` picks for a network, a forced `ts` falls back to cpu); `design` — which the store and the
 * CLI split into simulate runs plus a fit run (`expand`, `combine`) — runs the whole loop here in order, for
 * callers without a pool (benchmarks, tests).
 */
export async function runAllPayDesign(
  config: AllPayDesignConfig,
  seed: number,
  request: BackendRequest,
  ctx: Omit<RunContext, 'backend'>,
  options: BackendOptions & { onBackend?: (c: BackendChoice) => void; surrogate?: SurrogateOptions } = {},
): Promise<FinalMetrics> {
  if (config.mode === 'simulate') {
    options.onBackend?.({ name: 'ts', reason: 'learning on the discretized game is plain TypeScript' });
    return runSimulateDesign(config, seed, { ...ctx, backend: 'ts' });
  }
  if (config.mode === 'fit') {
    const forced = request === 'ts' ? 'cpu' : request;
    const { choice, tf } = await selectBackend(forced, { hasPlainPath: false }, options);
    const reported = request === 'ts' ? { name: choice.name, reason: 'the surrogate is a tfjs network; "ts" has no network path, so cpu' } : choice;
    options.onBackend?.(reported);
    return runFit(config, seed, { ...ctx, backend: choice.name }, tf!, options.surrogate);
  }
  const quiet: Omit<RunContext, 'backend'> = { emit: () => {}, checkpoint: (u) => ctx.checkpoint(u) };
  const parts: { config: AllPayDesignConfig; metrics: FinalMetrics }[] = [];
  const designs = expandAllPayDesign(config, seed);
  for (const part of designs) {
    const metrics = await runAllPayDesign(part, seed, request, quiet, {});
    parts.push({ config: part, metrics });
  }
  return runAllPayDesign(combineAllPayDesign(config, parts)!, seed, request, ctx, options);
}
