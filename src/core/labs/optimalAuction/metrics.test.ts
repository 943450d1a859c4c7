import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../config/schema';
import { createRng } from '../../math/rng';
import { sampleValues } from '../../priors/valueModels';
import { baselinesOn, classicOutcome, myersonBoundary, warmStartMechanism } from './baselines';
import { expandOptimalAuction, normalizeOptimalAuction, summarizeOptimalAuction } from './definition';
import { heatmapGrid } from './heatmap';
import { countMonotonicityViolations, monotonicityGrid, outcomeMetrics, regretSummary } from './metrics';
import { warmStartKey } from './run';
import { optimalAuctionSchema, type OptimalAuctionConfig } from './schema';

const config = (over: Partial<OptimalAuctionConfig> = {}): OptimalAuctionConfig => ({ ...defaultsOf(optimalAuctionSchema), ...over });

describe('outcome metrics (hand-computed table)', () => {
  // Two profiles, two bidders. Profile 1: v = (0.8, 0.3), a = (1, 0), p = (0.5, 0). Profile 2: v = (0.2, 0.4),
  // a = (0, 0.5), p = (0, 0.1): a lottery half the time, no sale otherwise.
  const values = Float64Array.from([0.8, 0.3, 0.2, 0.4]);
  const alloc = Float64Array.from([1, 0, 0, 0.5]);
  const pay = Float64Array.from([0.5, 0, 0, 0.1]);
  it('revenue, efficiency, no-sale share', () => {
    const m = outcomeMetrics(values, { alloc, pay }, 2, 2);
    expect(m.revenue).toBeCloseTo(0.3, 12); // (0.5 + 0.1)/2
    expect(m.efficiency).toBeCloseTo((0.8 + 0.2) / (0.8 + 0.4), 12); // welfare 0.8 + 0.5·0.4
    expect(m.noSale).toBeCloseTo(0.25, 12); // (0 + 0.5)/2
    expect(m.irViolations).toBe(0);
  });
  it('counts an IR violation: paying more than the value of what one gets', () => {
    const m = outcomeMetrics(values, { alloc, pay: Float64Array.from([0.5, 0, 0, 0.3]) }, 2, 2); // 0.5·0.4 − 0.3 < 0
    expect(m.irViolations).toBe(1);
  });
  it('regret summary: per-bidder means, their mean and max', () => {
    const r = regretSummary(Float64Array.from([0.1, 0, 0.3, 0.2]), 2, 2);
    expect(r.perBidder[0]).toBeCloseTo(0.2, 12);
    expect(r.perBidder[1]).toBeCloseTo(0.1, 12);
    expect(r.mean).toBeCloseTo(0.15, 12);
    expect(r.max).toBeCloseTo(0.2, 12);
  });
});

describe('monotonicity probe', () => {
  const n = 2;
  const profiles = 3;
  const points = 5;
  const grid = monotonicityGrid(n, [1, 2], profiles, points, (rng, count) => sampleValues('uniform', { rate: 1, correlation: 0, upper: [] }, rng, count, n), createRng(1));
  it('puts each bidder’s own bid on an even grid over [0, hi_i], the others fixed per profile', () => {
    expect(grid.length).toBe(n * profiles * points * n);
    // Bidder 1 (index 1), profile 0: rows 15..19, own bid 0, 0.5, 1, 1.5, 2; bidder 0 constant.
    const rows = [15, 16, 17, 18, 19];
    expect(rows.map((r) => grid[r * n + 1])).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(new Set(rows.map((r) => grid[r * n]))).toHaveProperty('size', 1);
  });
  it('counts adjacent decreases of a_i in its own bid, and nothing for a monotone rule', () => {
    // Allocation = the highest bid wins (monotone): no violations.
    const rows = grid.length / n;
    const alloc = new Float64Array(grid.length);
    for (let r = 0; r < rows; r++) alloc[r * n + (grid[r * n] >= grid[r * n + 1] ? 0 : 1)] = 1;
    expect(countMonotonicityViolations(alloc, n, profiles, points)).toEqual({ violations: 0, pairs: n * profiles * (points - 1) });
    // Break it: bidder 0, profile 1, grid point 3 loses the item it had at point 2.
    const broken = alloc.slice();
    broken[(1 * points + 2) * n] = 1;
    broken[(1 * points + 3) * n] = 0;
    broken[(1 * points + 4) * n] = 1;
    expect(countMonotonicityViolations(broken, n, profiles, points).violations).toBe(1);
  });
});

describe('baselines and targets', () => {
  it('Myerson and Vickrey on the same draws are close to their closed forms (uniform, N = 2, 2·10^5 draws)', () => {
    const c = config();
    const K = 200_000;
    const values = sampleValues('uniform', { rate: 1, correlation: 0, upper: [] }, createRng(5), K, 2);
    const b = baselinesOn(c, values, K);
    expect(b.myersonClosedForm).toBeCloseTo(5 / 12, 12);
    expect(Math.abs(b.myerson! - 5 / 12)).toBeLessThan(0.004);
    expect(Math.abs(b.vickrey - 1 / 3)).toBeLessThan(0.004);
    expect(Math.abs(b.maxValue - 2 / 3)).toBeLessThan(0.004);
  });
  it('latent values: no Myerson baseline (correlated), Vickrey still measured', () => {
    const c = config({ prior: 'latent', correlation: 0.7 });
    const values = sampleValues('latent', { rate: 1, correlation: 0.7, upper: [] }, createRng(2), 1000, 2);
    const b = baselinesOn(c, values, 1000);
    expect(b.myerson).toBeNull();
    expect(b.vickrey).toBeGreaterThan(0);
    expect(myersonBoundary(c)).toBeNull();
  });
  it('warm start: Myerson for the independent priors (uniform, exp, hetero), Vickrey for correlated values', () => {
    expect(warmStartMechanism(config({ prior: 'uniform' }))).toBe('myerson');
    expect(warmStartMechanism(config({ prior: 'exp' }))).toBe('myerson');
    expect(warmStartMechanism(config({ prior: 'latent' }))).toBe('vickrey');
    expect(warmStartMechanism(config({ prior: 'hetero' }))).toBe('myerson');
    expect(warmStartMechanism(config({ prior: 'uniform', warmStart: 'vickrey' }))).toBe('vickrey');
    expect(warmStartMechanism(config({ warmStart: 'none' }))).toBe('none');
  });
  it('imitation targets (hand table): Myerson with reserve 1/2 vs Vickrey', () => {
    const c = config();
    const bids = Float64Array.from([0.8, 0.3, 0.4, 0.2, 0.7, 0.9]);
    const my = classicOutcome('myerson', c, bids, 3);
    expect(Array.from(my.winner)).toEqual([0, -1, 1]);
    expect(Array.from(my.payments)).toEqual([0.5, 0, 0, 0, 0, 0.7]);
    const vi = classicOutcome('vickrey', c, bids, 3);
    expect(Array.from(vi.winner)).toEqual([0, 0, 1]);
    expect(Array.from(vi.payments)).toEqual([0.3, 0, 0.2, 0, 0, 0.7]);
  });
  it('Myerson boundary, uniform N = 2: reserves 1/2 and the diagonal v2 = v1 above them', () => {
    const b = myersonBoundary(config())!;
    expect(b.reserve).toEqual([0.5, 0.5]);
    expect(b.upper).toEqual([1, 1]);
    for (const p of b.curve) expect(p.v2).toBeCloseTo(p.v1, 12);
  });
  it('Myerson boundary, hetero U[0,1] × U[0,1.5]: φ1(v1) = φ2(v2) ⇔ v2 = v1 + 1/4', () => {
    const b = myersonBoundary(config({ prior: 'hetero', upper: [1, 1.5] }))!;
    expect(b.reserve).toEqual([0.5, 0.75]);
    for (const p of b.curve) expect(p.v2).toBeCloseTo(p.v1 + 0.25, 12);
  });
});

describe('definition', () => {
  it('hetero: one upper bound per bidder, repaired with a message naming the field', () => {
    const { config: c, issues } = normalizeOptimalAuction(config({ prior: 'hetero', bidders: 3, upper: [1, 2] }));
    expect(c.upper).toEqual([1, 2, 2]);
    expect(issues[0].field).toBe('upper');
    expect(normalizeOptimalAuction(config({ prior: 'uniform', bidders: 3 })).issues).toEqual([]);
  });
  it('a study expands into its parallel workers; a plain run into itself', () => {
    expect(expandOptimalAuction(config())).toHaveLength(1);
    expect(expandOptimalAuction(config({ study: 10, studyWorkers: 3 }))).toHaveLength(3);
  });
  it('a study summary keeps the worker that saw the most trials (ties: the one that ran most), summing trials run', () => {
    const s = summarizeOptimalAuction([
      { config: config(), metrics: { trials: 4, trialsRunHere: 4, bestObjective: 0.3 } },
      { config: config(), metrics: { trials: 6, trialsRunHere: 0, bestObjective: 0.4 } },
      { config: config(), metrics: { trials: 6, trialsRunHere: 2, bestObjective: 0.41 } },
    ]);
    expect(s).toMatchObject({ trials: 6, bestObjective: 0.41, trialsRunHere: 6, workers: 3 });
  });
  it('warm-start key changes with everything phase 1 depends on, and not with phase-2 settings', () => {
    const k = warmStartKey(config(), 1);
    expect(warmStartKey(config({ lambdaInit: 3, rho: 9, steps: 7 }), 1)).toBe(k);
    for (const over of [{ bidders: 3 }, { prior: 'exp' as const }, { layers: [8] }, { imitationSteps: 5 }, { warmStart: 'vickrey' as const }]) {
      expect(warmStartKey(config(over), 1)).not.toBe(k);
    }
    expect(warmStartKey(config(), 2)).not.toBe(k);
  });
  it('heatmap grid: row g1·P + g2 holds (hi1·g1/(P − 1), hi2·g2/(P − 1))', () => {
    const g = heatmapGrid(1, 2, 3);
    expect(Array.from(g)).toEqual([0, 0, 0, 1, 0, 2, 0.5, 0, 0.5, 1, 0.5, 2, 1, 0, 1, 1, 1, 2]);
  });
});
