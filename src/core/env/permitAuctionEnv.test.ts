import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { multiUnitMechanisms } from '../mechanisms/multiUnitRegistry';
import { type MultiUnitMechanismId } from '../mechanisms/multiUnit';
import { permitValue, truthfulTwoTier, twoTierToBids } from '../valuations/abatement';
import { PermitAuctionEnv, type PermitAuctionEnvConfig } from './permitAuctionEnv';

const prior = { cMin: 0.5, cMax: 2, eMin: 5, eMax: 15 };
const config = (over: Partial<PermitAuctionEnvConfig> = {}): PermitAuctionEnvConfig => ({
  firms: 4,
  supply: 20,
  reserve: 0,
  mechanism: 'uniform',
  priceRule: 'first-rejected',
  tieRule: 'pro-rata',
  prior,
  K: 8,
  ...over,
});

describe('PermitAuctionEnv', () => {
  it('is deterministic for a seed (types, outcomes, rewards), random ties included', () => {
    const run = (seed: number) => {
      const env = new PermitAuctionEnv(config({ tieRule: 'random' }));
      const trace: number[][] = [Array.from(env.reset({ seed }).observations)];
      for (let s = 0; s < 3; s++) {
        const r = env.step(env.truthfulActions());
        trace.push(Array.from(r.rewards), Array.from(r.outcome.allocation), Array.from(r.observations), Array.from(r.types.c));
      }
      return trace;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('observations are each firm\'s own type normalized to [0, 1] by the prior bounds', () => {
    const env = new PermitAuctionEnv(config({ K: 50 }));
    const { observations } = env.reset({ seed: 1 });
    expect(observations.length).toBe(50 * 4 * 2);
    const { c, e } = env.types;
    for (let j = 0; j < 200; j++) {
      expect(observations[2 * j]).toBeGreaterThanOrEqual(0);
      expect(observations[2 * j]).toBeLessThanOrEqual(1);
      expect(observations[2 * j + 1]).toBeGreaterThanOrEqual(0);
      expect(observations[2 * j + 1]).toBeLessThanOrEqual(1);
      expect(observations[2 * j]).toBeCloseTo((c[j] - 0.5) / 1.5, 12);
      expect(observations[2 * j + 1]).toBeCloseTo((e[j] - 5) / 10, 12);
    }
    const fixed = new PermitAuctionEnv(config({ prior: { cMin: 1, cMax: 1, eMin: 10, eMax: 10 } }));
    expect(Array.from(fixed.reset({ seed: 2 }).observations).every((x) => x === 0)).toBe(true);
  });

  it('truthful actions give rewards ≥ 0 under VCG (individual rationality)', () => {
    const env = new PermitAuctionEnv(config({ mechanism: 'vcg', K: 64, supply: 25 }));
    env.reset({ seed: 5 });
    for (let s = 0; s < 5; s++) {
      const { rewards } = env.step(env.truthfulActions());
      for (const r of rewards) expect(r).toBeGreaterThanOrEqual(-1e-9);
    }
  });

  it('rewards equal profit computed independently, auction by auction', () => {
    for (const mechanism of Object.keys(multiUnitMechanisms) as MultiUnitMechanismId[]) {
      const env = new PermitAuctionEnv(config({ mechanism, K: 3, reserve: 1 }));
      env.reset({ seed: 9 });
      const actions = env.truthfulActions();
      actions[4 * 5 + 2] *= 0.5; // shade one firm's low tier in auction 1
      const c = Array.from(env.types.c);
      const e = Array.from(env.types.e);
      const r = env.step(actions);
      expect(Array.from(r.types.c)).toEqual(c);
      for (let k = 0; k < 3; k++) {
        const firms = [0, 1, 2, 3].map((i) => ({ c: c[k * 4 + i], e: e[k * 4 + i] }));
        const bids = twoTierToBids(firms.map((_, i) => Array.from(actions.subarray((k * 4 + i) * 4, (k * 4 + i) * 4 + 4))));
        const out = multiUnitMechanisms[mechanism].clear(bids, { supply: 20, reserve: 1, priceRule: 'first-rejected', tieRule: 'pro-rata' });
        firms.forEach((f, i) => {
          const profit = permitValue(f, out.allocation[i]) - out.payments[i];
          expect(r.rewards[k * 4 + i]).toBeCloseTo(profit, 10);
        });
      }
    }
  });

  it('one auction, K = 1, truthful: matches a hand-built clearing', () => {
    const env = new PermitAuctionEnv(config({ K: 1, firms: 2, supply: 12, prior: { cMin: 1, cMax: 1, eMin: 10, eMax: 10 } }));
    env.reset({ seed: 0 });
    expect(Array.from(env.truthfulActions())).toEqual([...truthfulTwoTier({ c: 1, e: 10 }), ...truthfulTwoTier({ c: 1, e: 10 })]);
    // bids [7.5, 5, 2.5, 5] × 2, S = 12: both 7.5 steps filled, 2 of 10 units at 2.5: price 2.5, q = 6 each
    const { rewards, outcome } = env.step(env.truthfulActions());
    expect(outcome.price[0]).toBe(2.5);
    expect(rewards[0]).toBeCloseTo(6 * (10 - 3) - 15, 12);
    expect(rewards[1]).toBeCloseTo(42 - 15, 12);
  });

  it('does not throw for valid actions (property), and draws new types each step', () => {
    const env = new PermitAuctionEnv(config({ K: 2, firms: 3, mechanism: 'discriminatory' }));
    env.reset({ seed: 3 });
    const bid = fc.tuple(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true }));
    fc.assert(
      fc.property(fc.array(bid, { minLength: 6, maxLength: 6 }), (bids) => {
        const actions = new Float64Array(bids.flatMap(([pH, qH, t, qL]) => [pH, qH, pH * t, qL]));
        const before = Array.from(env.types.e);
        const r = env.step(actions);
        expect(Array.from(r.types.e)).toEqual(before);
        expect(r.rewards.every(Number.isFinite)).toBe(true);
        expect(Array.from(env.types.e)).not.toEqual(before);
      }),
      { numRuns: 50 },
    );
  });

  it('reuses its buffers across steps', () => {
    const env = new PermitAuctionEnv(config());
    const { observations } = env.reset({ seed: 1 });
    const a = env.step(env.truthfulActions());
    const b = env.step(env.truthfulActions());
    expect(b.rewards).toBe(a.rewards);
    expect(b.outcome).toBe(a.outcome);
    expect(b.observations).toBe(observations);
  });

  it('throws on invalid actions with a message, and on misuse', () => {
    const env = new PermitAuctionEnv(config({ K: 1, firms: 2 }));
    expect(() => env.step(new Float64Array(8))).toThrow(/reset/);
    env.reset({ seed: 1 });
    expect(() => env.step(new Float64Array([10, 2, 12, 2, 5, 1, 1, 1]))).toThrow(/firm 1, step 2: price 12 is above the previous step's 10/);
    expect(() => env.step(new Float64Array([10, -2, 1, 2, 5, 1, 1, 1]))).toThrow(/quantity -2/);
    expect(() => env.step(new Float64Array(4))).toThrow(/K·N·4 = 8/);
    expect(() => new PermitAuctionEnv(config({ supply: 0 }))).toThrow(/supply/);
    expect(() => new PermitAuctionEnv(config({ firms: 2.5 }))).toThrow(/firms/);
    expect(() => new PermitAuctionEnv(config({ prior: { ...prior, eMin: 20 } }))).toThrow(/eMin/);
    expect(() => new PermitAuctionEnv(config({ mechanism: 'dutch' as MultiUnitMechanismId }))).toThrow(/mechanism/);
  });
});
