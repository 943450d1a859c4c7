import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/rng';
import { CLASSIC_RULES } from './allocation';
import { DEFAULT_ECONOMY, drawFirms } from './economy';
import { DEFAULT_OBJECTIVE } from './metrics';
import { LearnedGovernment, LearnedFirms } from './policies';
import { classicGovernment, createTrace, simulate, type Government, type MarketSettings } from './simulate';

const settingsArb = fc.record({
  n: fc.integer({ min: 3, max: 8 }),
  years: fc.integer({ min: 2, max: 12 }),
  budget: fc.double({ min: 10, max: 400, noNaN: true }),
  share: fc.double({ min: 0.05, max: 1, noNaN: true }),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

function settingsOf(x: { n: number; years: number; budget: number; share: number; seed: number }): MarketSettings {
  return {
    firms: drawFirms(x.n, DEFAULT_ECONOMY, createRng(x.seed)),
    years: x.years, budget: x.budget, maxYearShare: x.share,
    economy: DEFAULT_ECONOMY, objective: DEFAULT_OBJECTIVE, smallSample: true, marketSteps: 4,
  };
}

/** A greedy or erratic regulator: asks for random amounts up to 3 × the cap (often more than is left), random weights. */
function randomGovernment(seed: number): Government {
  const rng = createRng(seed);
  return {
    auction: false,
    decide(s, request, weights) {
      for (let k = 0; k < s.K; k++) {
        request[k] = rng.next() < 0.2 ? 1e9 : 3 * s.cap * rng.next();
        let sum = 0;
        for (let i = 0; i < s.N; i++) sum += (weights[k * s.N + i] = rng.next());
        for (let i = 0; i < s.N; i++) weights[k * s.N + i] = weights[k * s.N + i] / sum;
      }
    },
  };
}

/** Issued ≤ cap each year, Σ issued ≤ budget, and free allocations add up to the issue, in every episode. */
function checkBudget(s: MarketSettings, gov: Government, K: number, seed: number, ppoFirms = false): void {
  const N = s.firms.length;
  const firms = ppoFirms ? new LearnedFirms(s.firms, {}, 1, createRng(seed)).behaviour('sample', K, s.economy.penalty, createRng(seed + 1), null) : null;
  const tr = simulate(s, gov, firms, Array.from({ length: K }, (_, k) => createRng(seed * 31 + k)), createTrace(K, N, s.years));
  const cap = s.maxYearShare * s.budget;
  for (let k = 0; k < K; k++) {
    let total = 0;
    for (let t = 0; t < s.years; t++) {
      const issued = tr.issued[t * K + k];
      expect(issued).toBeGreaterThanOrEqual(0);
      expect(issued).toBeLessThanOrEqual(cap * (1 + 1e-12));
      total += issued;
      if (!gov.auction) {
        let given = 0;
        for (let i = 0; i < N; i++) given += tr.allocation[(t * K + k) * N + i];
        expect(given).toBeCloseTo(issued, 8);
      }
      let held = 0;
      for (let i = 0; i < N; i++) held += tr.holdings[(t * K + k) * N + i];
      expect(held).toBeLessThanOrEqual(issued + 1e-9);
    }
    expect(total).toBeLessThanOrEqual(s.budget * (1 + 1e-12));
  }
}

describe('the horizon budget is never exceeded (fast-check)', () => {
  it('by any classic rule', () => {
    fc.assert(
      fc.property(settingsArb, (x) => {
        const s = settingsOf(x);
        for (const rule of CLASSIC_RULES) checkBudget(s, classicGovernment(rule), 2, x.seed);
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it('by the learned regulator (random PPO policies, sampled actions, PPO firms) and by an erratic regulator that overasks', () => {
    fc.assert(
      fc.property(settingsArb, fc.double({ min: -3, max: 3, noNaN: true }), (x, bias) => {
        const s = settingsOf(x);
        const cap = s.maxYearShare * s.budget;
        const gov = new LearnedGovernment(s.firms, s.budget, s.years, cap, 30, { initLogStd: 1 }, 1, createRng(x.seed));
        gov.ppo.policy.params.forEach((_, j, p) => (p[j] = p[j] + bias)); // push the policy anywhere
        checkBudget(s, gov.government('sample', 3, createRng(x.seed + 5), null), 3, x.seed, true);
        checkBudget(s, randomGovernment(x.seed), 3, x.seed);
      }),
      { numRuns: 30, seed: 11 },
    );
  });
});
