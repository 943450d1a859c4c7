import { askTrial, bestTrial, finishedTrials, newStudy, readStudyRecord, studyKey, tellTrial, type StudyRecord, type StudySnapshot, type StudyTrial } from '../../core/labs/optimalAuction/study';
import type { OptimalAuctionConfig } from '../../core/labs/optimalAuction/schema';
import { RunCancelled } from '../../core/labs/runControl';
import type { FinalMetrics, RunContext } from '../../core/labs/types';
import type { KvStore } from '../../core/storage/kvStore';
import { environmentKvStore } from './browserStore';

/** Runs one trial's training (the lab's single-run runner with the trial's config) and returns its metrics. */
export type TrialRunner = (config: OptimalAuctionConfig, ctx: Omit<RunContext, 'backend'>) => Promise<FinalMetrics>;

export interface StudyOptions {
  /** Where studies live (default: the lab's IndexedDB store, memory in Node). */
  store?: KvStore;
  now?: () => number;
}

/** Where a study lives in the store (`src/state/optimalAuctionStudies.ts` reads the same key). */
export const storeKey = (key: string) => `study|${key}`;

/**
 * One study worker: until the study holds `config.study` trials, ask the shared record for a trial (one
 * transaction), train with its parameters (same seed for every trial: common random numbers, and the
 * phase-1 warm start comes from the cache after the first trial), tell the result (another transaction).
 * Several workers (the lab's `expand`) run this at once in the pool. Streams snapshot `study` (the record)
 * after every ask and tell, and series `trials` rows `{number, revenue, regret, objective, best}`; progress is
 * counted in finished trials of the study. A cancelled trial is marked failed and the cancel goes on up.
 */
export async function runStudyWorker(
  config: OptimalAuctionConfig,
  seed: number,
  ctx: Omit<RunContext, 'backend'>,
  runTrial: TrialRunner,
  options: StudyOptions = {},
): Promise<FinalMetrics> {
  const store = options.store ?? environmentKvStore();
  const now = options.now ?? Date.now;
  const key = studyKey(config, seed);
  const target = config.study;
  const started = performance.now();
  let ranHere = 0;
  let last: StudyRecord = (await store.get(storeKey(key), readStudyRecord)) ?? newStudy(config, seed, now());
  const publish = (r: StudyRecord) => {
    last = r;
    ctx.emit({ type: 'snapshot', name: 'study', data: { ...r, target } satisfies StudySnapshot });
  };
  const progress = (fraction: number, phase: string) => {
    const seconds = (performance.now() - started) / 1000;
    const done = Math.min(target, finishedTrials(last).length + fraction);
    ctx.emit({ type: 'progress', done, total: target, unitsPerSecond: ranHere / Math.max(seconds, 1e-6), elapsedSeconds: seconds, phase });
  };
  publish(last);

  for (;;) {
    const trial = await store.update<StudyRecord, StudyTrial | null>(storeKey(key), readStudyRecord, (cur) => {
      const out = askTrial(cur ?? newStudy(config, seed, now()), target, now());
      return { value: out.record, result: out.trial };
    });
    publish((await store.get(storeKey(key), readStudyRecord)) ?? last);
    if (!trial) break;
    progress(0, `trial ${trial.number + 1}`);
    const trialConfig: OptimalAuctionConfig = { ...config, ...(trial.params as Partial<OptimalAuctionConfig>), study: 0 };
    let metrics: FinalMetrics;
    try {
      metrics = await runTrial(trialConfig, {
        emit: (e) => {
          if (e.type === 'progress' && e.total > 0) progress(e.done / e.total, `trial ${trial.number + 1}: ${e.phase}`);
          if (e.type === 'log') ctx.emit(e);
        },
        checkpoint: (units) => ctx.checkpoint(units),
      });
    } catch (e) {
      const error = e instanceof RunCancelled ? 'cancelled' : e instanceof Error ? e.message : String(e);
      publish(await store.update<StudyRecord, StudyRecord>(storeKey(key), readStudyRecord, (cur) => {
        const r = tellTrial(cur ?? last, trial.number, { error }, now());
        return { value: r, result: r };
      }));
      if (e instanceof RunCancelled) throw e;
      continue;
    }
    ranHere++;
    const result = { revenue: metrics.revenue as number, regret: metrics.regret as number };
    const record = await store.update<StudyRecord, StudyRecord>(storeKey(key), readStudyRecord, (cur) => {
      const r = tellTrial(cur ?? last, trial.number, result, now());
      return { value: r, result: r };
    });
    publish(record);
    const t = record.trials.find((x) => x.number === trial.number)!;
    ctx.emit({ type: 'points', series: 'trials', rows: [{ number: t.number, revenue: t.revenue!, regret: t.regret!, objective: t.objective!, best: bestTrial(record)!.objective! }] });
    progress(0, 'asking for the next trial');
    await ctx.checkpoint(finishedTrials(record).length);
  }

  const best = bestTrial(last);
  if (best) {
    const p = Object.entries(best.params).map(([k, v]) => `${k}=${Number(v.toPrecision(4))}`).join(' ');
    ctx.emit({ type: 'log', level: 'info', message: `best trial #${best.number}: ${p} → revenue ${best.revenue!.toFixed(4)}, regret ${best.regret!.toFixed(5)}, objective ${best.objective!.toFixed(4)}` });
  }
  const seconds = (performance.now() - started) / 1000;
  const metrics: FinalMetrics = {
    trials: finishedTrials(last).length,
    failedTrials: last.trials.filter((t) => t.state === 'failed').length,
    trialsRunHere: ranHere,
    trialsPerMinute: ranHere > 0 ? (ranHere * 60) / seconds : null,
    best: best ? { number: best.number, ...best.params, revenue: best.revenue!, regret: best.regret!, objective: best.objective! } : null,
    bestObjective: best?.objective ?? null,
    revenue: best?.revenue ?? null,
    regret: best?.regret ?? null,
    studyKey: key,
  };
  ctx.emit({ type: 'progress', done: target, total: target, unitsPerSecond: ranHere / Math.max(seconds, 1e-6), elapsedSeconds: seconds, phase: 'done' });
  ctx.emit({ type: 'final', metrics });
  return metrics;
}
