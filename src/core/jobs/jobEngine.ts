import type { FinalMetrics, LabDefinition } from '../labs/types';

/** One run of a job: a config `expand` made (or the final phase `combine` made), and where it stands in the job. */
export interface JobPart {
  /** 0-based position in the job (the final phase comes last). */
  index: number;
  /** Runs in the job as planned so far (the final phase adds one when it starts). */
  count: number;
  config: Record<string, unknown>;
  /** Short label for progress lines and legends (the lab's `partLabel`), e.g. `N=3` or `uniform`. */
  label: string;
  /** Whether this is the lab's final phase (`combine`). */
  final: boolean;
}

/**
 * How a job's runs share the machine, decided per job: how many may run at once (`width`) and what share of a core
 * each may use (`cpuShare`, 1 = a whole core).
 */
export interface JobPolicy {
  width: number;
  cpuShare: number;
}

/** How one run of a job ended. */
export type PartOutcome =
  | { status: 'done'; metrics: FinalMetrics }
  | { status: 'cancelled' }
  | { status: 'failed'; error: string };

/** How a whole job ended: its final figures (the final phase's, a summary of the parts, or the single run's). */
export type JobOutcome =
  | { status: 'done'; metrics: Record<string, unknown>; parts: readonly { config: Record<string, unknown>; metrics: FinalMetrics }[] }
  | { status: 'cancelled' }
  | { status: 'failed'; error: string };

/**
 * Runs one part. The page's executor submits it to the worker pool (which queues beyond `policy.width`); the
 * CLI's runs it in process, one after another. Called for every planned part at once, then for the final phase.
 */
export type JobExecutor = (part: JobPart, policy: JobPolicy) => Promise<PartOutcome>;

/** Most runs a side-by-side job may run at once, whatever the machine (a comparison of up to four columns). */
export const MAX_SIDE_BY_SIDE = 4;

/** A job, planned: its parts and how they share the machine. */
export interface JobPlan {
  parts: JobPart[];
  policy: JobPolicy;
}

/**
 * Plan a job: the lab's `expand` gives the parts; runs the lab compares live side by side (`sideBySide`) all run at
 * once (up to {@link MAX_SIDE_BY_SIDE}) and, when they outnumber the free cores, share them (`cpuShare` = free /
 * runs, so together they leave the page its core); every other job runs as wide as there are free cores, each run
 * on a whole core. `freeCores` is the cores the job may use (the page's pool size: cores − 1, at least 1).
 */
export function planJob(lab: LabDefinition, config: Record<string, unknown>, seed: number, freeCores: number): JobPlan {
  const configs = lab.expand(config, seed) as Record<string, unknown>[];
  const count = configs.length;
  const parts = configs.map((c, index) => ({ index, count, config: c, label: lab.partLabel(c), final: false }));
  const free = Math.max(1, Math.floor(freeCores));
  if (count > 1 && lab.sideBySide?.(config)) {
    const width = Math.min(count, MAX_SIDE_BY_SIDE);
    return { parts, policy: { width, cpuShare: width > free ? free / width : 1 } };
  }
  return { parts, policy: { width: free, cpuShare: 1 } };
}

/** Options of {@link runJob}. */
export interface RunJobOptions {
  /**
   * Asked once every planned part is done, before the final phase starts: false drops the final phase (the page
   * says no when a newer Run press replaced the job). Default: always go on.
   */
  stillWanted?: () => boolean;
  /** Told when the final phase is added to the job (the page shows it as one more run). */
  onFinalPart?: (part: JobPart) => void;
}

/**
 * Run a planned job with `execute`: every part at once (the executor queues), then, when every part is done, the
 * lab's final phase (`combine`) if it has one for this config. The job's metrics are the final phase's, else the
 * lab's `summarize` of the parts for a multi-run job, else the single run's. A part that is cancelled or fails ends
 * the job the same way (the first failure's error), after the other parts have settled.
 */
export async function runJob(
  lab: LabDefinition,
  config: Record<string, unknown>,
  plan: JobPlan,
  execute: JobExecutor,
  options: RunJobOptions = {},
): Promise<JobOutcome> {
  const outcomes = await Promise.all(plan.parts.map((p) => execute(p, plan.policy)));
  const failed = outcomes.find((o): o is Extract<PartOutcome, { status: 'failed' }> => o.status === 'failed');
  if (failed) return { status: 'failed', error: failed.error };
  if (outcomes.some((o) => o.status === 'cancelled')) return { status: 'cancelled' };
  const parts = plan.parts.map((p, i) => ({ config: p.config, metrics: (outcomes[i] as Extract<PartOutcome, { status: 'done' }>).metrics }));
  const finalConfig = lab.combine?.(config, parts);
  if (finalConfig) {
    if (options.stillWanted && !options.stillWanted()) return { status: 'cancelled' };
    const count = plan.parts.length + 1;
    const part: JobPart = { index: plan.parts.length, count, config: finalConfig, label: lab.partLabel(finalConfig), final: true };
    options.onFinalPart?.(part);
    const o = await execute(part, { width: 1, cpuShare: 1 });
    return o.status === 'done' ? { status: 'done', metrics: o.metrics, parts } : o;
  }
  const metrics = parts.length > 1 ? lab.summarize(parts) : parts[0].metrics;
  return { status: 'done', metrics, parts };
}
