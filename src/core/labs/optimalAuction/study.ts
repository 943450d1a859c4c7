import { csvRow, formatCsvPrecise } from '../../format/csv';
import { createRng } from '../../math/rng';
import { suggestTpe, type ParamSpec } from '../../tuning/tpe';
import type { OptimalAuctionConfig } from './schema';

/**
 * Tuning studies of the optimal-auction lab (the source tuned its penalty weights with Optuna): the
 * augmented-Lagrangian hyperparameters are searched for the objective revenue − w × regret (evaluated
 * regret; w = `regretWeight`), random start-up trials then TPE. A study is one plain record (persisted by
 * the learn layer in IndexedDB); these pure functions ask for and tell trials, so parallel workers that
 * update the record in one transaction each share one study.
 */

/** The searched hyperparameters (config keys) and their ranges. */
export const STUDY_SPACE: readonly ParamSpec[] = [
  { name: 'lambdaInit', low: 0.5, high: 200, log: true },
  { name: 'rho', low: 0.5, high: 1000, log: true },
  { name: 'dualEvery', low: 5, high: 200, log: true, integer: true },
  { name: 'lr', low: 0.0001, high: 0.005, log: true },
];

/** A trial "running" for longer than this was abandoned (tab closed): it is marked failed and asked again. */
export const STALE_TRIAL_MS = 15 * 60 * 1000;

export interface StudyTrial {
  number: number;
  params: Record<string, number>;
  state: 'running' | 'complete' | 'failed';
  startedAt: number;
  finishedAt?: number;
  revenue?: number;
  regret?: number;
  objective?: number;
  /** Why a trial failed (diverged, cancelled, abandoned). */
  error?: string;
}

export interface StudyRecord {
  key: string;
  seed: number;
  startup: number;
  regretWeight: number;
  createdAt: number;
  updatedAt: number;
  trials: StudyTrial[];
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const whole = (x: unknown): x is number => finite(x) && Number.isInteger(x);
const TRIAL_STATES: readonly StudyTrial['state'][] = ['running', 'complete', 'failed'];
/** Longest stored error text kept. */
const MAX_ERROR = 500;

/** One stored trial, or undefined when any of its fields has the wrong type (its parameters must be the study's). */
function readTrial(raw: unknown): StudyTrial | undefined {
  if (!isObject(raw) || !whole(raw.number) || !finite(raw.startedAt) || !isObject(raw.params)) return undefined;
  const state = TRIAL_STATES.find((s) => s === raw.state);
  if (!state) return undefined;
  const params: Record<string, number> = {};
  for (const p of STUDY_SPACE) {
    const v = raw.params[p.name];
    if (!finite(v)) return undefined;
    params[p.name] = v;
  }
  const trial: StudyTrial = { number: raw.number, params, state, startedAt: raw.startedAt };
  for (const k of ['finishedAt', 'revenue', 'regret', 'objective'] as const) {
    const v = raw[k];
    if (v === undefined) continue;
    if (!finite(v)) return undefined;
    trial[k] = v;
  }
  if (typeof raw.error === 'string') trial.error = raw.error.slice(0, MAX_ERROR);
  return trial;
}

/**
 * A stored study (IndexedDB, written by any tab or an older version) as a {@link StudyRecord}, or undefined when it
 * is not one: then the study starts afresh rather than feeding a corrupt record to the sampler or the view.
 */
export function readStudyRecord(raw: unknown): StudyRecord | undefined {
  if (!isObject(raw) || typeof raw.key !== 'string' || !Array.isArray(raw.trials)) return undefined;
  if (!whole(raw.seed) || !whole(raw.startup) || !finite(raw.regretWeight) || !finite(raw.createdAt) || !finite(raw.updatedAt)) return undefined;
  const trials: StudyTrial[] = [];
  for (const t of raw.trials) {
    const trial = readTrial(t);
    if (!trial) return undefined;
    trials.push(trial);
  }
  return { key: raw.key, seed: raw.seed, startup: raw.startup, regretWeight: raw.regretWeight, createdAt: raw.createdAt, updatedAt: raw.updatedAt, trials };
}

/** What study workers stream to the view (snapshot `study`): the record and the trial count asked for. */
export interface StudySnapshot extends StudyRecord {
  target: number;
}

/** Config keys a study tunes or that only steer the study: they do not identify it. */
const NOT_IN_KEY = new Set(['study', 'studyStartup', 'studyWorkers', ...STUDY_SPACE.map((p) => p.name)]);

/** The study a config belongs to: every other setting plus the seed (another seed = another study). */
export function studyKey(c: OptimalAuctionConfig, seed: number): string {
  const fixed = Object.entries(c)
    .filter(([k]) => !NOT_IN_KEY.has(k))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`);
  return `study1|seed=${seed}|${fixed.join('|')}`;
}

export function newStudy(c: OptimalAuctionConfig, seed: number, now: number): StudyRecord {
  return { key: studyKey(c, seed), seed, startup: c.studyStartup, regretWeight: c.regretWeight, createdAt: now, updatedAt: now, trials: [] };
}

export const finishedTrials = (r: StudyRecord) => r.trials.filter((t) => t.state === 'complete');

/**
 * Ask for the next trial: marks abandoned trials failed, and returns null once complete + running trials
 * reach `target`. The parameters come from `suggestTpe` with an RNG seeded by (study seed, trial number), so
 * the same history always gives the same suggestion (the sampler's whole state is the record). Running
 * trials are not observations yet (parallel workers may get similar suggestions early on).
 */
export function askTrial(record: StudyRecord, target: number, now: number): { record: StudyRecord; trial: StudyTrial | null } {
  const trials = record.trials.map((t) =>
    t.state === 'running' && now - t.startedAt > STALE_TRIAL_MS ? { ...t, state: 'failed' as const, error: 'abandoned (no result)', finishedAt: now } : t,
  );
  const busy = trials.filter((t) => t.state !== 'failed').length;
  if (busy >= target) return { record: { ...record, trials }, trial: null };
  const number = trials.length;
  const observations = trials.filter((t) => t.state === 'complete').map((t) => ({ params: t.params, value: t.objective! }));
  const rng = createRng((record.seed * 0x9e3779b1 + number * 0x85ebca6b) | 0);
  const trial: StudyTrial = { number, params: suggestTpe(STUDY_SPACE, observations, rng, { startup: record.startup }), state: 'running', startedAt: now };
  return { record: { ...record, trials: [...trials, trial], updatedAt: now }, trial };
}

/** Record a trial's result (or its failure). */
export function tellTrial(
  record: StudyRecord,
  number: number,
  result: { revenue: number; regret: number } | { error: string },
  now: number,
): StudyRecord {
  const trials = record.trials.map((t): StudyTrial => {
    if (t.number !== number) return t;
    if ('error' in result) return { ...t, state: 'failed', error: result.error, finishedAt: now };
    return { ...t, state: 'complete', revenue: result.revenue, regret: result.regret, objective: result.revenue - record.regretWeight * result.regret, finishedAt: now };
  });
  return { ...record, trials, updatedAt: now };
}

/** The finished trial with the highest objective (lowest number on ties), or null. */
export function bestTrial(record: StudyRecord): StudyTrial | null {
  let best: StudyTrial | null = null;
  for (const t of finishedTrials(record)) if (!best || t.objective! > best.objective!) best = t;
  return best;
}

/** Finished trials not dominated in (higher revenue, lower regret), sorted by regret. */
export function paretoFront(trials: readonly StudyTrial[]): StudyTrial[] {
  const done = trials.filter((t) => t.state === 'complete');
  const front = done.filter((a) => !done.some((b) => b !== a && b.revenue! >= a.revenue! && b.regret! <= a.regret! && (b.revenue! > a.revenue! || b.regret! < a.regret!)));
  return front.sort((a, b) => a.regret! - b.regret! || b.revenue! - a.revenue!);
}

/** `trials.csv`: one row per trial (the source's export), parameters in `STUDY_SPACE` order; cells via `csvRow`. */
export function trialsCsv(record: StudyRecord): string {
  const head = ['number', 'state', ...STUDY_SPACE.map((p) => p.name), 'revenue', 'regret', 'objective', 'seconds', 'error'];
  // Full-precision numbers (String): the parameters are the study's result.
  const lines = record.trials.map((t) =>
    csvRow([t.number, t.state, ...STUDY_SPACE.map((p) => t.params[p.name]), t.revenue, t.regret, t.objective, t.finishedAt !== undefined ? (t.finishedAt - t.startedAt) / 1000 : undefined, t.error], formatCsvPrecise),
  );
  return [csvRow(head), ...lines].join('\n') + '\n';
}

/** `best.json`: the best trial's parameters and figures (the source's export), or null before any finished trial. */
export function bestJson(record: StudyRecord): { number: number; params: Record<string, number>; revenue: number; regret: number; objective: number; regretWeight: number } | null {
  const b = bestTrial(record);
  return b ? { number: b.number, params: b.params, revenue: b.revenue!, regret: b.regret!, objective: b.objective!, regretWeight: record.regretWeight } : null;
}

/** The lab config that re-runs the best trial ("run with best"): the study's config with the best parameters, study off. */
export function configWithBest(c: OptimalAuctionConfig, record: StudyRecord): OptimalAuctionConfig | null {
  const b = bestTrial(record);
  return b ? { ...c, ...(b.params as Partial<OptimalAuctionConfig>), study: 0 } : null;
}
