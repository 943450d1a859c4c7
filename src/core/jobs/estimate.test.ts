import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../config/schema';
import { findLab, labs } from '../labs/registry';
import { firmsOfCount } from '../labs/permitAuction/fields';
import type { LabDefinition } from '../labs/types';
import {
  checkCost,
  CONFIRM_ABOVE_SECONDS,
  describeEstimate,
  driversOf,
  estimateJob,
  formatBytes,
  formatSeconds,
  WORKER_MEMORY_BYTES,
  type CostEstimate,
} from './estimate';

const lab = (id: string) => findLab(id)!;
const config = (l: LabDefinition, over: Record<string, unknown> = {}) => l.normalize({ ...defaultsOf(l.schema), ...over }).config;

/** An optimal-auction run that dies in tfjs wasm with "memory access out of bounds". */
const TOO_BIG_AUCTION = { bidders: 8, evalDraws: 65536, evalMisreportRestarts: 256, evalMisreportSteps: 500, layers: [256, 256, 256, 256] };

describe('defaults and presets are never refused', () => {
  for (const l of labs) {
    const runs = [{ name: 'defaults', config: config(l), seed: 1 }, ...l.presets.map((p) => ({ name: p.id, config: config(l, p.config), seed: p.seed }))];
    for (const r of runs) {
      it(`${l.id} ${r.name}`, () => {
        for (const cores of [1, 3]) {
          const e = estimateJob(l, r.config, r.seed, cores);
          expect(Number.isFinite(e.seconds) && e.seconds >= 0, `${e.seconds}`).toBe(true);
          expect(e.bytes).toBeGreaterThan(0);
          expect(e.bytes).toBeLessThanOrEqual(WORKER_MEMORY_BYTES);
          expect(['ok', 'confirm']).toContain(checkCost(e).kind);
        }
      });
    }
  }
});

describe('the runs that motivated the limits', () => {
  it('optimal auction with 8 bidders, 65,536 draws, 256 × 500 misreports and 4 × 256 layers is refused, naming its drivers', () => {
    const l = lab('optimal-auction');
    const e = estimateJob(l, config(l, TOO_BIG_AUCTION), 1, 1);
    expect(e.bytes).toBeGreaterThan(WORKER_MEMORY_BYTES);
    const check = checkCost(e);
    expect(check.kind).toBe('refuse');
    const message = check.kind === 'refuse' ? check.message : '';
    expect(message).toMatch(/^needs about [\d.,]+ [kMGT]?B, more than a worker's 1\.5 GB: lower /);
    for (const field of ['evalDraws', 'evalMisreportRestarts', 'layers']) expect(message).toContain(field);
    expect(e.drivers.slice(0, 3).map((d) => d.field).sort()).toEqual(['evalDraws', 'evalMisreportRestarts', 'layers']);
  });

  it('a permit comparison of 5,000,000 auctions × 3 mechanisms asks first, on a small machine and a large one', () => {
    const l = lab('permit-auction');
    const c = config(l, { mode: 'train', compare: true, auctions: 5_000_000 });
    for (const cores of [1, 3]) {
      const check = checkCost(estimateJob(l, c, 3, cores));
      expect(check.kind).toBe('confirm');
      expect(check.kind === 'confirm' && check.seconds).toBeGreaterThan(CONFIRM_ABOVE_SECONDS);
    }
  });
});

/** Budget fields per lab, each with increasing values, over a base config. */
const BUDGETS: Record<string, { base?: Record<string, unknown>; fields: Record<string, unknown[]> }[]> = {
  'learn-to-bid': [
    { fields: { steps: [10, 2000, 200000], batch: [16, 1024, 65536], bidders: [2, 5, 10] } },
    { base: { policy: 'mlp' }, fields: { steps: [10, 2000, 200000], batch: [16, 1024, 65536], hidden: [4, 16, 64], bidders: [2, 5, 10] } },
  ],
  'permit-auction': [
    { base: { mode: 'train' }, fields: { auctions: [512, 51200, 5_000_000], epochs: [1, 4, 20], hidden: [4, 16, 128], evalAuctions: [16, 1024, 16384], firms: [2, 4, 12].map(firmsOfCount) } },
  ],
  'optimal-auction': [
    {
      fields: {
        steps: [0, 300, 100000], imitationSteps: [0, 1000, 20000], batch: [32, 256, 8192], evalDraws: [128, 2048, 65536],
        evalMisreportRestarts: [1, 33, 256], evalMisreportSteps: [0, 30, 500], misreportRestarts: [1, 12, 64], misreportSteps: [0, 2, 100],
        layers: [[2], [64, 32, 16], [256, 256, 256, 256]], bidders: [2, 4, 8], study: [0, 12, 500],
      },
    },
  ],
  'all-pay-design': [
    { fields: { designs: [2, 10, 40], rounds: [1, 10, 50], iterations: [10, 800, 20000], bidLevels: [5, 51, 401], valueLevels: [3, 21, 101], bidders: [2, 3, 5] } },
    { base: { mode: 'simulate', learner: 'ppo' }, fields: { rounds: [1, 10, 50], iterations: [10, 800, 20000] } },
  ],
  'carbon-market': [
    { fields: { iterations: [1, 100, 5000], episodes: [8, 64, 1024], evalSeeds: [2, 16, 256], firms: [3, 5, 20], years: [2, 10, 30] } },
    { base: { firmAgents: 'ppo' }, fields: { iterations: [1, 100, 5000], firmIterations: [1, 50, 5000], episodes: [8, 64, 1024] } },
  ],
};

describe('the estimate grows with every budget field', () => {
  for (const [id, cases] of Object.entries(BUDGETS)) {
    for (const { base = {}, fields } of cases) {
      for (const [field, values] of Object.entries(fields)) {
        it(`${id}${Object.keys(base).length ? ` ${JSON.stringify(base)}` : ''}: ${field}`, () => {
          const l = lab(id);
          const es: CostEstimate[] = values.map((v) => estimateJob(l, config(l, { ...base, [field]: v }), 1, 1));
          for (let i = 1; i < es.length; i++) {
            expect(es[i].seconds, `${field} = ${JSON.stringify(values[i])}`).toBeGreaterThan(es[i - 1].seconds);
            expect(es[i].bytes, `${field} = ${JSON.stringify(values[i])}`).toBeGreaterThanOrEqual(es[i - 1].bytes);
          }
        });
      }
    }
  }
});

describe('estimateJob adds up the parts as the job engine runs them', () => {
  it('a sweep queues on the free cores; a comparison shares them', () => {
    const l = lab('learn-to-bid');
    const sweep = config(l, { sweep: 'bidders', bidders: 5, upper: [1] });
    const parts = l.expand(sweep).map((c) => l.estimate(c).seconds);
    expect(estimateJob(l, sweep, 1, 1).seconds).toBeCloseTo(parts.reduce((a, b) => a + b, 0), 9);
    expect(estimateJob(l, sweep, 1, 4).seconds).toBeCloseTo(Math.max(...parts), 9);
    const p = lab('permit-auction');
    const compare = config(p, { mode: 'train', compare: true });
    const one = p.estimate(config(p, { mode: 'train' })).seconds;
    expect(estimateJob(p, compare, 1, 1).seconds).toBeCloseTo(3 * one, 0);
    expect(estimateJob(p, compare, 1, 3).seconds).toBeGreaterThanOrEqual(one);
    expect(estimateJob(p, compare, 1, 3).seconds).toBeLessThan(2 * one);
  });

  it('the all-pay design loop counts its final fit; the peak memory is the largest part’s, not the sum', () => {
    const l = lab('all-pay-design');
    const c = config(l);
    const designs = l.expand(c, 1).map((d) => l.estimate(d));
    const fit = l.estimate({ ...c, mode: 'fit', samples: [] });
    const job = estimateJob(l, c, 1, 1);
    expect(job.seconds).toBeCloseTo(designs.reduce((a, d) => a + d.seconds, 0) + fit.seconds, 9);
    expect(job.bytes).toBe(Math.max(fit.bytes, ...designs.map((d) => d.bytes)));
  });
});

describe('checkCost and the words it uses', () => {
  const at = (seconds: number, bytes: number, drivers: CostEstimate['drivers'] = []): CostEstimate => ({ seconds, bytes, drivers });
  it('ok, confirm above the time limit, refuse above the memory limit (memory first)', () => {
    expect(checkCost(at(CONFIRM_ABOVE_SECONDS, WORKER_MEMORY_BYTES))).toEqual({ kind: 'ok' });
    expect(checkCost(at(CONFIRM_ABOVE_SECONDS + 1, 1e6))).toEqual({ kind: 'confirm', seconds: CONFIRM_ABOVE_SECONDS + 1 });
    expect(checkCost(at(1e6, 3.1e9, [{ field: 'evalDraws', share: 0.5 }, { field: 'evalMisreportRestarts', share: 0.3 }, { field: 'layers', share: 0.15 }, { field: 'bidders', share: 0.05 }]))).toEqual({
      kind: 'refuse',
      message: "needs about 3.1 GB, more than a worker's 1.5 GB: lower evalDraws, evalMisreportRestarts or layers",
    });
    expect(checkCost(at(1, 2e9, [{ field: 'batch', share: 1 }]))).toEqual({ kind: 'refuse', message: "needs about 2 GB, more than a worker's 1.5 GB: lower batch" });
    expect(checkCost(at(1, Number.NaN)).kind).toBe('refuse');
  });

  it('drivers: log growth above each field’s minimum, biggest first, fields at their minimum left out', () => {
    const d = driversOf([
      { field: 'a', value: 100, min: 1 },
      { field: 'b', value: 10, min: 1 },
      { field: 'c', value: 5, min: 5 },
      { field: 'b', value: 10, min: 1 },
    ]);
    expect(d.map((x) => x.field)).toEqual(['a', 'b']);
    expect(d[0].share).toBeCloseTo(0.5, 12);
    expect(d[1].share).toBeCloseTo(0.5, 12);
    expect(driversOf([{ field: 'a', value: 1, min: 1 }])).toEqual([]);
  });

  it('formats seconds and bytes for people', () => {
    expect(formatSeconds(0.2)).toBe('under 1 s');
    expect(formatSeconds(42.4)).toBe('42 s');
    expect(formatSeconds(250)).toBe('4 min 10 s');
    expect(formatSeconds(240)).toBe('4 min');
    expect(formatSeconds(3 * 3600 + 5 * 60)).toBe('3 h 5 min');
    expect(formatBytes(120e6)).toBe('120 MB');
    expect(formatBytes(3.14e9)).toBe('3.1 GB');
    expect(formatBytes(1.7e15)).toBe('1,700 TB');
    expect(describeEstimate(at(250, 120e6))).toBe('about 4 min 10 s, 120 MB');
    expect(describeEstimate(at(0.1, 65_536))).toBe('under 1 s, 66 kB');
  });
});
