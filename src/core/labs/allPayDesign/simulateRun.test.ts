import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../config/schema';
import type { FinalMetrics, RunEvent } from '../types';
import { allPayDesignSchema, type AllPayDesignConfig } from './schema';
import { runSimulateDesign } from './simulateRun';

const defaults: AllPayDesignConfig = defaultsOf(allPayDesignSchema);

function context() {
  const events: RunEvent[] = [];
  let last = -1;
  let monotone = true;
  return {
    events,
    get monotone() { return monotone; },
    ctx: {
      emit: (e: RunEvent) => events.push(e),
      checkpoint: async (u: number) => {
        if (u < last) monotone = false;
        last = u;
      },
      backend: 'ts',
    },
  };
}

describe('mode simulate (one design over rounds)', () => {
  it('acceptance: single-prize all-pay (w = 1), n = 3: FP revenue within 0.02 of (n − 1)/(n + 1); bids near b(v) = 2/3·v³', async () => {
    const c = context();
    // A looser tolerance than the default keeps this unit test short: FP stops at exploitability ≤ 0.01 (≈ 550 iterations).
    const m: FinalMetrics = await runSimulateDesign({ ...defaults, mode: 'simulate', w: 1, rounds: 2, iterations: 2000, tolerance: 0.01 }, 1, c.ctx);
    expect(Math.abs((m.revenue as number) - 0.5)).toBeLessThan(0.02);
    expect(m.equilibriumRevenue).toBeCloseTo(0.5, 12);
    const { values, bids } = m.bidFunction as { values: number[]; bids: number[] };
    // With 21 discrete value types the top types mix over a range of bids (their equilibrium is not the
    // continuous one: at v = 0.976 the mean bid is ≈ 0.52 against 0.62), so compare below the top two cells.
    for (let i = 0; i < values.length - 2; i++) expect(Math.abs(bids[i] - (2 / 3) * values[i] ** 3)).toBeLessThan(0.03);
    expect(m.exploitability as number).toBeLessThan(0.01);
    expect(m.convergedRounds).toBe(2);
    // Iterations are a cap: each round stopped where it converged.
    expect(m.meanIterations as number).toBe(m.meanConvergedAt as number);
    expect(m.meanIterations as number).toBeLessThan(1000);
    expect(m.revenues).toHaveLength(2);
    expect(c.monotone).toBe(true);
  });

  it('prize split w = 0.6, n = 3 lands on the closed form w/2 = 0.3; payment split at w = 0.6 on (n − 1)/(n + 1) = 0.5', async () => {
    const p = await runSimulateDesign({ ...defaults, mode: 'simulate', w: 0.6, rounds: 1, iterations: 600 }, 2, context().ctx);
    expect(Math.abs((p.revenue as number) - 0.3)).toBeLessThan(0.02);
    const q = await runSimulateDesign({ ...defaults, mode: 'simulate', reading: 'payment-split', w: 0.6, rounds: 1, iterations: 600 }, 2, context().ctx);
    expect(Math.abs((q.revenue as number) - 0.5)).toBeLessThan(0.02);
  });

  it('streams the first round’s learning curve, one row per round, the bid-function snapshot and progress; reproducible', async () => {
    const cfg = { ...defaults, mode: 'simulate' as const, w: 0.8, rounds: 3, iterations: 60, valueLevels: 7, bidLevels: 21 };
    const c = context();
    const m = await runSimulateDesign(cfg, 4, c.ctx);
    const learning = c.events.flatMap((e) => (e.type === 'points' && e.series === 'learning' ? e.rows : []));
    expect(learning.map((r) => r.iteration)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const rounds = c.events.flatMap((e) => (e.type === 'points' && e.series === 'rounds' ? e.rows : []));
    expect(rounds.map((r) => r.round)).toEqual([1, 2, 3]);
    expect(rounds.map((r) => r.revenue)).toEqual(m.revenues);
    const snap = c.events.filter((e) => e.type === 'snapshot' && e.name === 'bidFunction').at(-1) as { data: { values: number[]; bids: number[]; equilibrium: number[] } };
    expect(snap.data.bids).toEqual((m.bidFunction as { bids: number[] }).bids);
    expect(snap.data.equilibrium).toHaveLength(7);
    const prog = c.events.filter((e) => e.type === 'progress').at(-1) as { done: number; total: number };
    expect(prog).toMatchObject({ done: 3, total: 3 });
    const again = await runSimulateDesign(cfg, 4, context().ctx);
    expect({ ...again, secondsPerRound: 0, secondsToConverge: 0 }).toEqual({ ...m, secondsPerRound: 0, secondsToConverge: 0 });
    const other = await runSimulateDesign(cfg, 5, context().ctx);
    expect(other.revenues).not.toEqual(m.revenues);
  });

  it('integer values (0–9) have no closed form; the bandit and PPO learners run too', async () => {
    for (const learner of ['bandit', 'ppo'] as const) {
      const m = await runSimulateDesign({ ...defaults, mode: 'simulate', values: 'integers', learner, rounds: 1, iterations: 20, exploration: 10 }, 1, context().ctx);
      expect(m.equilibriumRevenue).toBeNull();
      expect((m.bidFunction as { values: number[] }).values).toHaveLength(10);
      expect(Number.isFinite(m.revenue)).toBe(true);
    }
  });
});
