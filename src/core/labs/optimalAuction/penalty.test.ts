import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../config/schema';
import { createRng } from '../../math/rng';
import { sampleValues } from '../../priors/valueModels';
import { baselinesOn, modelParams } from './baselines';
import { aboveOptimumNote, dualUpdate, MAX_BUDGET_FACTOR, MIN_BUDGET_LAMBDA, quadraticWeight, referenceRevenue } from './run';
import { optimalAuctionSchema, type OptimalAuctionConfig } from './schema';
import { meanValue } from './valueRange';

const config = (over: Partial<OptimalAuctionConfig> = {}): OptimalAuctionConfig => ({ ...defaultsOf(optimalAuctionSchema), ...over });

describe('regret budget: dual ascent on the multiplier', () => {
  const c = config({ penalty: 'budget', budgetLr: 0.5 });
  it('raises λ while the regret is above the budget, lowers it below, keeps it at the budget', () => {
    expect(dualUpdate(c, 10, 4e-3, 1e-3)).toBeCloseTo(20, 12); // (4)^0.5
    expect(dualUpdate(c, 10, 2.5e-4, 1e-3)).toBeCloseTo(5, 12); // (1/4)^0.5
    expect(dualUpdate(c, 10, 1e-3, 1e-3)).toBeCloseTo(10, 12);
  });
  it('clips one update to a factor of 4 and never lets λ reach 0', () => {
    expect(dualUpdate(c, 10, 1, 1e-3)).toBeCloseTo(10 * MAX_BUDGET_FACTOR ** 0.5, 12);
    expect(dualUpdate(c, MIN_BUDGET_LAMBDA, 0, 1e-3)).toBe(MIN_BUDGET_LAMBDA);
    expect(dualUpdate(c, 0, 1, 1e-3)).toBeGreaterThan(0);
  });
  it('is scale-free: the same relative regret moves λ alike for values ten times larger', () => {
    const u = config({ penalty: 'budget', prior: 'exp', rate: 1 });
    const big = config({ penalty: 'budget', prior: 'exp', rate: 0.1 });
    const s1 = meanValue(u.prior, modelParams(u), 3);
    const s10 = meanValue(big.prior, modelParams(big), 3);
    expect(s10).toBeCloseTo(10 * s1, 12);
    expect(dualUpdate(big, 7, 3e-3 * s10, u.regretBudget * s10)).toBeCloseTo(dualUpdate(u, 7, 3e-3 * s1, u.regretBudget * s1), 12);
    // No quadratic term: the budget alone steers λ.
    expect(quadraticWeight(config({ penalty: 'budget', rho: 4 }))).toBe(0);
  });
  it('the fixed penalty is the augmented Lagrangian update λ += ρ·rgt with ρ as given', () => {
    const f = config({ penalty: 'fixed', rho: 50 });
    expect(dualUpdate(f, 20, 0.01, 123)).toBeCloseTo(20.5, 12);
    expect(quadraticWeight(f)).toBe(50);
  });
  it('mean values: uniform and latent 1/2, exp 1/λ, hetero the mean of a_i/2', () => {
    const p = { rate: 4, correlation: 0.5, upper: [1, 2, 3] };
    expect(meanValue('uniform', p, 3)).toBe(0.5);
    expect(meanValue('latent', p, 3)).toBe(0.5);
    expect(meanValue('exp', p, 3)).toBe(0.25);
    expect(meanValue('hetero', p, 3)).toBe(1);
  });
});

describe('reference revenue and revenue above the optimum', () => {
  const draws = (c: OptimalAuctionConfig, k: number) => baselinesOn(c, sampleValues(c.prior, modelParams(c), createRng(3), k, c.bidders), k);
  it('the reference is Myerson’s closed form where one exists (hetero included), Vickrey on the draws for latent values', () => {
    const h = draws(config({ prior: 'hetero', bidders: 2, upper: [1, 2] }), 512);
    expect(referenceRevenue(h)).toEqual({ name: 'Myerson (closed form)', revenue: 31 / 48 });
    const l = draws(config({ prior: 'latent', bidders: 2 }), 512);
    expect(referenceRevenue(l).name).toBe('Vickrey (evaluation draws)');
    expect(referenceRevenue(l).revenue).toBe(l.vickrey);
  });
  it('says a revenue above Myerson under independent values is bought with regret, and nothing otherwise', () => {
    const b = draws(config({ prior: 'uniform', bidders: 2 }), 256);
    const note = aboveOptimumNote(b, 0.43, 0.01, 0.5);
    expect(note).toMatch(/^revenue 3\.2 % above Myerson's optimum 0\.4167: .* bought with regret 0\.010 \(0\.020 × the mean value\)$/);
    expect(aboveOptimumNote(b, 5 / 12, 0.01, 0.5)).toBeNull();
    expect(aboveOptimumNote(b, 0.4, 0.01, 0.5)).toBeNull();
    expect(aboveOptimumNote(draws(config({ prior: 'latent', bidders: 2 }), 256), 0.9, 0.01, 0.5)).toBeNull();
  });
});
