import type { LabDefinition } from '../labs/types';
import { planJob } from './jobEngine';

/** A lab's cost estimate of one run or a whole job (see `LabDefinition.estimate`). */
export type CostEstimate = ReturnType<LabDefinition['estimate']>;
/** A config field and its share of what drives the peak memory. */
export type CostDriver = CostEstimate['drivers'][number];

/**
 * Peak working memory one worker may be asked for, bytes (1.5 GB). The tfjs wasm binary declares a 4 GiB maximum
 * (65,536 pages of 64 KiB in its memory section), but its kernels compute byte offsets and sizes in 32-bit signed
 * integers, so 2 GiB (2³¹ bytes) is what it can address in practice: an optimal-auction evaluation past that
 * fails with "memory access out of bounds". 1.5 GB leaves about 0.6 GB of that for what the models do not count:
 * the allocator's fragmentation (tfjs frees and reallocates every step), weights and Adam state, and the
 * JavaScript copies a run makes of its inputs and outputs. The plain-TypeScript labs' typed arrays live outside
 * wasm memory, but a browser worker is no place for more either.
 */
export const WORKER_MEMORY_BYTES = 1.5e9;

/**
 * Wall-clock seconds above which a job asks before it starts (3 minutes): every default and preset runs within
 * it on the 2-core development machine, so a prompt means a budget field was raised far beyond them.
 */
export const CONFIRM_ABOVE_SECONDS = 180;

/** What to do with a job before starting it: start it, ask first (it takes long), or refuse it (it cannot run). */
export type CostCheck = { kind: 'ok' } | { kind: 'confirm'; seconds: number } | { kind: 'refuse'; message: string };

/** One factor of a lab's dominant memory term: a config field, its value and its smallest allowed value. */
export interface DriverFactor {
  field: string;
  value: number;
  min: number;
}

/**
 * The drivers of a product of factors: each field's share is how much of the product's growth above all-minimum
 * settings it accounts for, log(value / min) over the sum of those logs (fields listed twice add up). Fields at
 * their minimum drop out; biggest share first.
 */
export function driversOf(factors: readonly DriverFactor[]): CostDriver[] {
  const weight = new Map<string, number>();
  for (const f of factors) {
    const w = f.min > 0 && f.value > f.min ? Math.log(f.value / f.min) : 0;
    if (w > 0) weight.set(f.field, (weight.get(f.field) ?? 0) + w);
  }
  const total = [...weight.values()].reduce((a, b) => a + b, 0);
  return [...weight].map(([field, w]) => ({ field, share: w / total })).sort((a, b) => b.share - a.share);
}

/**
 * The estimate of a job as `planJob` plans it on `freeCores` cores: the parts queue on `policy.width` slots in order
 * (each starts on the slot that frees first, as the worker pool and the CLI's queue do) and run `1 / cpuShare`
 * times slower than alone; the lab's final phase (`combine`, estimated on the config it makes before any part has
 * a result) runs after the last part. `bytes` and `drivers` are those of the part with the largest peak: each part
 * runs in its own worker, so the per-worker limit applies to the largest one, not to the sum.
 */
export function estimateJob(lab: LabDefinition, config: Record<string, unknown>, seed: number, freeCores: number): CostEstimate {
  const plan = planJob(lab, config, seed, freeCores);
  const estimates = plan.parts.map((p) => lab.estimate(p.config));
  const slots = new Array<number>(Math.max(1, plan.policy.width)).fill(0);
  for (const e of estimates) {
    const next = slots.indexOf(Math.min(...slots));
    slots[next] += e.seconds / plan.policy.cpuShare;
  }
  let seconds = Math.max(...slots);
  const finalConfig = lab.combine?.(config, []);
  if (finalConfig) {
    const final = lab.estimate(finalConfig);
    seconds += final.seconds;
    estimates.push(final);
  }
  const peak = estimates.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return { seconds, bytes: peak.bytes, drivers: peak.drivers };
}

/** Bytes for people, decimal units: "120 MB", "3.1 GB", "1,700 TB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = Math.max(0, bytes);
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  const text = v >= 10 ? Math.round(v).toLocaleString('en-US') : String(Math.round(v * 10) / 10);
  return `${text} ${units[u]}`;
}

/** Seconds for people: "under 1 s", "40 s", "4 min 10 s" (whole seconds under 10 minutes), "2 h 5 min". */
export function formatSeconds(seconds: number): string {
  if (!(seconds >= 1)) return 'under 1 s';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 600) {
    const s = Math.round(seconds);
    return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  }
  const m = Math.round(seconds / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60).toLocaleString('en-US')} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** One line for a person: "about 4 min 10 s, 120 MB" (or "under 1 s, 66 kB"). */
export function describeEstimate(e: CostEstimate): string {
  const time = formatSeconds(e.seconds);
  return `${e.seconds >= 1 ? 'about ' : ''}${time}, ${formatBytes(e.bytes)}`;
}

/**
 * Whether a job may start: refused when its peak memory exceeds {@link WORKER_MEMORY_BYTES} (the message names
 * its three biggest memory drivers: "needs about 3.1 GB, more than a worker's 1.5 GB: lower evalDraws,
 * evalMisreportRestarts or layers"), to be confirmed when it takes longer than {@link CONFIRM_ABOVE_SECONDS},
 * else ok.
 */
export function checkCost(e: CostEstimate): CostCheck {
  if (!(e.bytes <= WORKER_MEMORY_BYTES)) {
    const fields = e.drivers.slice(0, 3).map((d) => d.field);
    const lower = fields.length ? `: lower ${fields.length > 1 ? `${fields.slice(0, -1).join(', ')} or ${fields[fields.length - 1]}` : fields[0]}` : '';
    return { kind: 'refuse', message: `needs about ${formatBytes(e.bytes)}, more than a worker's ${formatBytes(WORKER_MEMORY_BYTES)}${lower}` };
  }
  if (e.seconds > CONFIRM_ABOVE_SECONDS) return { kind: 'confirm', seconds: e.seconds };
  return { kind: 'ok' };
}
