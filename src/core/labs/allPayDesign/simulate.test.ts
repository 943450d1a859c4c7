import { describe, it, expect } from 'vitest';
import { simulateDesign, type DesignSimulationConfig } from './simulate';

const base: DesignSimulationConfig = {
  reading: 'prize-split',
  w: 1,
  bidders: 3,
  values: 'uniform',
  learner: 'fictitious-play',
  iterations: 800,
  explorationIterations: 10,
};

describe('simulateDesign', () => {
  it('FP reproduces the closed-form revenue: prize split w/2 (n = 3), payment split flat at 1/2', () => {
    for (const w of [0.6, 1]) {
      const r = simulateDesign({ ...base, w }, 1);
      expect(Math.abs(r.revenue - w / 2)).toBeLessThan(0.02);
      expect(r.theory!.revenue).toBeCloseTo(w / 2, 12);
      const p = simulateDesign({ ...base, w, reading: 'payment-split' }, 1);
      expect(Math.abs(p.revenue - 0.5)).toBeLessThan(0.02);
    }
  });

  it('reports history, progress and the bid function; integer values have no theory', () => {
    const seen: number[] = [];
    const r = simulateDesign({ ...base, values: 'integers', iterations: 50, historyEvery: 10 }, 2, (rep) => seen.push(rep.iteration));
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(r.history.map((h) => h.iteration)).toEqual([10, 20, 30, 40, 50]);
    expect(r.bidFunction.values.length).toBe(10);
    expect(r.bidFunction.values[9]).toBe(1);
    expect(r.bidFunction.bids.length).toBe(10);
    expect(r.theory).toBeNull();
    expect(r.exploitability).toBeGreaterThanOrEqual(0);
  });

  it('is reproducible per seed, for both learners', () => {
    for (const learner of ['fictitious-play', 'epsilon-greedy'] as const) {
      const cfg = { ...base, learner, iterations: 40, explorationIterations: 20, grid: { valueLevels: 6, bidLevels: 11 } };
      expect(simulateDesign(cfg, 3)).toEqual(simulateDesign(cfg, 3));
    }
  });

  it('rejects iterations < 1', () => {
    expect(() => simulateDesign({ ...base, iterations: 0 }, 1)).toThrow(/iterations/);
  });
});
