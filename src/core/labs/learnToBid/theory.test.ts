import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../config/schema';
import { equilibriumBidFunctions } from '../../equilibria/singleItem';
import { singleItemMechanisms } from '../../mechanisms/registry';
import { RunDiverged } from '../runControl';
import type { FinalMetrics, RunEvent, SeriesRow } from '../types';
import type { BidLearner } from './bidLearner';
import type { BidFunctionSnapshot } from './evaluate';
import { LinearGradientPlay } from './linearGradientPlay';
import { learnToBidPresets } from './presets';
import { MAX_RECORDED_ROWS, runLearnToBid, theoryFor, type LearnToBidTheory } from './run';
import { learnToBidSchema, type LearnToBidConfig } from './schema';

/**
 * The plain-TypeScript linear learner reaches the theory through the real run loop, on fixed seeds:
 * first price → (N − 1)/N, second price → 1, and annealing β removes the under-bidding bias of a fixed
 * soft σ. Budgets are the presets' (batch 1024, 2000–3000 steps); each run takes well under 2 s.
 */

function config(over: Partial<LearnToBidConfig>): LearnToBidConfig {
  const c = { ...defaultsOf(learnToBidSchema), ...over };
  return { ...c, upper: over.upper ?? Array(c.bidders).fill(1) };
}

interface Recorded {
  metrics: FinalMetrics;
  events: RunEvent[];
  rows: SeriesRow[];
  w: number[];
}

async function run(over: Partial<LearnToBidConfig>, seed: number): Promise<Recorded> {
  const c = config(over);
  const learner = new LinearGradientPlay(c.bidders, singleItemMechanisms[c.mechanism].relaxation, c.initW, c.optimizer, c.lr);
  const events: RunEvent[] = [];
  const metrics = await runLearnToBid(c, seed, learner, { emit: (e) => events.push(e), checkpoint: async () => {}, backend: 'ts' });
  const rows = events.flatMap((e) => (e.type === 'points' && e.series === 'train' ? e.rows : []));
  return { metrics, events, rows, w: metrics.w as number[] };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The "annealing" preset's schedule: β 10 → 500 exponentially, learning rate 0.01 → 0.001. */
const annealed: Partial<LearnToBidConfig> = {
  mechanism: 'first-price', schedule: 'exponential', beta: 10, betaEnd: 500, lr: 0.01, lrEnd: 0.001, steps: 3000, batch: 1024, initW: 0.9,
};

describe('learn-to-bid reaches the theory (plain TS linear learner)', () => {
  for (const n of [2, 3, 5]) {
    it(`first price with annealing, N = ${n}: every w_i within 0.02 of (N − 1)/N`, async () => {
      const { w, metrics } = await run({ ...annealed, bidders: n }, 1);
      const target = (n - 1) / n;
      expect(metrics.target).toBeCloseTo(target, 12);
      expect(w).toHaveLength(n);
      for (const wi of w) expect(Math.abs(wi - target), `w = ${w}`).toBeLessThan(0.02);
      // Revenue equivalence: the equilibrium revenue (N − 1)/(N + 1).
      expect(Math.abs((metrics.revenue as number) - (n - 1) / (n + 1))).toBeLessThan(0.02);
      expect(metrics.efficiency as number).toBeGreaterThan(0.99);
      expect(metrics.l2ToEquilibrium as number).toBeLessThan(0.02);
    });
  }

  it('second price, N = 3, from w = 0.5: every w_i within 0.02 of 1 (truthful)', async () => {
    const { w, metrics } = await run(
      { mechanism: 'second-price', bidders: 3, initW: 0.5, schedule: 'exponential', beta: 20, betaEnd: 400, lrEnd: 0.001, steps: 2000 },
      1,
    );
    expect(metrics.target).toBe(1);
    for (const wi of w) expect(Math.abs(wi - 1), `w = ${w}`).toBeLessThan(0.02);
    expect(metrics.efficiency as number).toBeGreaterThan(0.99);
  });

  it('a constant β = 50 leaves w measurably below 1/2; annealing β (same learning-rate schedule) removes the bias', async () => {
    const base = { ...annealed, bidders: 2 };
    const constant = await run({ ...base, schedule: 'constant', beta: 50 }, 1);
    const anneal = await run(base, 1);
    // The smoothed first-order condition at β = 50 puts the fixed point near 0.48 (seeds 1–6: 0.478–0.482).
    expect(mean(constant.w)).toBeLessThan(0.495);
    expect(mean(constant.w)).toBeGreaterThan(0.45);
    expect(Math.abs(mean(anneal.w) - 0.5)).toBeLessThan(0.01);
    expect(mean(anneal.w)).toBeGreaterThan(mean(constant.w) + 0.01);
  });

  it('the "constant-beta" preset (β = 50 throughout, N = 5) shows the bias its text names: w near 0.78, below 0.8, the defaults land on it', async () => {
    const preset = learnToBidPresets.find((p) => p.id === 'constant-beta')!;
    expect(preset.description).toMatch(/below the equilibrium 0\.8 \(near 0\.78/);
    const constant = await run(preset.config, preset.seed);
    const defaults = await run({ bidders: 5 }, preset.seed);
    expect(mean(constant.w)).toBeGreaterThan(0.77);
    expect(mean(constant.w)).toBeLessThan(0.79);
    expect(Math.max(...constant.w.map((w) => Math.abs(w - 0.8)))).toBeGreaterThan(0.015);
    expect(constant.metrics.convergedAtStep).toBeNull();
    expect(constant.metrics.revenue as number).toBeLessThan((constant.metrics.equilibriumRevenue as number) - 0.01);
    for (const w of defaults.w) expect(Math.abs(w - 0.8)).toBeLessThan(0.02);
    expect(mean(defaults.w)).toBeGreaterThan(mean(constant.w) + 0.01);
  });

  it('all-pay with a linear policy stays finite and inside a sane range', async () => {
    const { w, metrics, rows } = await run({ mechanism: 'all-pay', bidders: 2, steps: 2000 }, 1);
    expect(metrics.target).toBeNull();
    for (const wi of w) {
      expect(Number.isFinite(wi)).toBe(true);
      expect(wi).toBeGreaterThan(0.2);
      expect(wi).toBeLessThan(1);
    }
    for (const r of rows) for (const x of Object.values(r)) expect(Number.isFinite(x)).toBe(true);
    expect(metrics.l2ToEquilibrium as number).toBeGreaterThan(0);
    expect(Number.isFinite(metrics.revenue as number)).toBe(true);
  });
});

/** Bids of a run's last bid-function snapshot, `[bidders][grid point]`. */
const lastBids = (r: Recorded) => {
  const snaps = r.events.filter((e): e is Extract<RunEvent, { type: 'snapshot' }> => e.type === 'snapshot' && e.name === 'bidFunctions');
  return (snaps.at(-1)!.data as BidFunctionSnapshot).bids;
};

describe('the defaults a user starts from (seed 1)', () => {
  it('defaults: first price with β annealed 10 → 500 (relative), learning rate 0.01 → 0.001, 2000 steps', () => {
    expect(defaultsOf(learnToBidSchema)).toMatchObject({ mechanism: 'first-price', schedule: 'exponential', beta: 10, betaEnd: 500, lr: 0.01, lrEnd: 0.001, steps: 2000 });
  });

  for (let n = 2; n <= 10; n++) {
    it(`defaults, N = ${n}: every w_i within 0.02 of (N − 1)/N, revenue within 0.01 of (N − 1)/(N + 1), utility loss below 0.1 % of the value range`, async () => {
      const { w, metrics } = await run({ bidders: n }, 1);
      const target = (n - 1) / n;
      for (const wi of w) expect(Math.abs(wi - target), `w = ${w}`).toBeLessThan(0.02);
      expect(Math.abs((metrics.revenue as number) - (n - 1) / (n + 1))).toBeLessThan(0.01);
      expect(metrics.utilityLoss as number).toBeLessThan(0.001);
      expect(metrics.convergedAtStep).not.toBeNull();
    });
  }

  it('β is relative to the value range: U[0, 10] learns the same w as U[0, 1] on the same seed, with bids, revenue, utilities and losses ×10', async () => {
    const cases: { bidders: number; upper: number[] }[] = [
      { bidders: 2, upper: [1, 1] },
      { bidders: 3, upper: [1, 0.5, 0.8] },
    ];
    for (const over of cases) {
      const small = await run(over, 1);
      const big = await run({ ...over, upper: over.upper.map((a) => a * 10) }, 1);
      expect(big.w).toEqual(small.w);
      const sb = lastBids(small);
      lastBids(big).forEach((col, i) => col.forEach((b, g) => expect(b).toBeCloseTo(10 * sb[i][g], 10)));
      expect(big.metrics.revenue as number).toBeCloseTo(10 * (small.metrics.revenue as number), 10);
      (big.metrics.utilities as number[]).forEach((u, i) => expect(u).toBeCloseTo(10 * (small.metrics.utilities as number[])[i], 10));
      expect(big.metrics.utilityLoss as number).toBeCloseTo(10 * (small.metrics.utilityLoss as number), 10);
      expect(big.metrics.utilityLossRelative as number).toBeCloseTo(small.metrics.utilityLossRelative as number, 10);
      expect(big.metrics.convergedAtStep).toBe(small.metrics.convergedAtStep);
    }
  });

  it('convergedAtStep is the step after which w stays in the band: from there on every row is inside, the row before is outside', async () => {
    const r = await run({ bidders: 3 }, 1);
    const at = r.metrics.convergedAtStep as number;
    const inside = (row: SeriesRow) => [0, 1, 2].every((i) => Math.abs(row[`w${i}`] - 2 / 3) < 0.02);
    expect(at).toBeGreaterThan(1);
    for (const row of r.rows.filter((x) => x.step >= at)) expect(inside(row), `step ${row.step}`).toBe(true);
    const before = r.rows.filter((x) => x.step < at).at(-1)!;
    expect(before.step).toBe(at - 1);
    expect(inside(before)).toBe(false);
  });

  it('a run that enters the band and leaves it (β = 500 throughout, constant learning rate) reports no convergence', async () => {
    const r = await run({ bidders: 2, schedule: 'constant', beta: 500, lrEnd: 0.01 }, 1);
    const inside = (row: SeriesRow) => Math.abs(row.w0 - 0.5) < 0.02 && Math.abs(row.w1 - 0.5) < 0.02;
    const first = r.rows.findIndex(inside);
    expect(first).toBeGreaterThan(0);
    expect(r.rows[first].step).toBeLessThan(100);
    expect(r.rows.slice(first).some((row) => !inside(row))).toBe(true);
    expect(r.w.some((w) => Math.abs(w - 0.5) >= 0.02), `w = ${r.w}`).toBe(true);
    expect(r.metrics.convergedAtStep).toBeNull();
  });
});

describe('runLearnToBid determinism', () => {
  const short: Partial<LearnToBidConfig> = { ...annealed, bidders: 3, steps: 300, batch: 256 };

  it('the same seed gives identical final w and identical train rows', async () => {
    const a = await run(short, 7);
    const b = await run(short, 7);
    expect(b.w).toEqual(a.w);
    expect(b.rows).toEqual(a.rows);
    expect(b.rows.length).toBeGreaterThan(100);
  });

  it('a different seed gives different rows', async () => {
    const a = await run(short, 7);
    const b = await run(short, 8);
    expect(b.rows).toHaveLength(a.rows.length);
    expect(b.rows).not.toEqual(a.rows);
    expect(b.w).not.toEqual(a.w);
  });
});

describe('runLearnToBid events', () => {
  it('emits theory, train rows with the documented keys, bid-function snapshots and a final event', async () => {
    const { events, rows, metrics } = await run({ ...annealed, bidders: 2 }, 1);
    const n = 2;

    // Theory first, with the closed-form target.
    const theoryEvents = events.filter((e): e is Extract<RunEvent, { type: 'snapshot' }> => e.type === 'snapshot' && e.name === 'theory');
    expect(theoryEvents).toHaveLength(1);
    expect(events[0]).toBe(theoryEvents[0]);
    const theory = theoryEvents[0].data as LearnToBidTheory;
    expect(theory.target).toBe(0.5);
    expect(theory.revenue).toBeCloseTo(1 / 3, 12);
    expect(theory.utility).toBeCloseTo(1 / 6, 12);
    expect(theory.mechanismFormula).toBe(singleItemMechanisms['first-price'].relaxation.formula);

    // Train rows: documented keys, at most ~MAX_RECORDED_ROWS, increasing steps, the last one is the last step.
    expect(rows.length).toBeGreaterThan(MAX_RECORDED_ROWS / 2);
    expect(rows.length).toBeLessThanOrEqual(MAX_RECORDED_ROWS + 1);
    const keys = ['step', 'beta', 'lr', 'revenue', 'efficiency', 'l2', 'smoothedUtility', 'exactUtility'];
    for (let i = 0; i < n; i++) keys.push(`w${i}`, `su${i}`, `u${i}`);
    for (const r of rows) {
      for (const k of keys) expect(typeof r[k], `row key ${k}`).toBe('number');
      expect(r.w2).toBeUndefined();
    }
    for (let j = 1; j < rows.length; j++) expect(rows[j].step).toBeGreaterThan(rows[j - 1].step);
    expect(rows[0].step).toBe(1);
    expect(rows.at(-1)!.step).toBe(3000);
    // The schedules as recorded: β 10 → 500, lr 0.01 → 0.001.
    expect(rows[0].beta).toBeCloseTo(10, 9);
    expect(rows.at(-1)!.beta).toBeCloseTo(500, 9);
    expect(rows[0].lr).toBeCloseTo(0.01, 12);
    expect(rows.at(-1)!.lr).toBeCloseTo(0.001, 12);
    for (let j = 1; j < rows.length; j++) expect(rows[j].beta).toBeGreaterThanOrEqual(rows[j - 1].beta);

    // End of training: revenue near 1/3, efficient allocation.
    const last = rows.at(-1)!;
    expect(Math.abs(last.revenue - 1 / 3)).toBeLessThan(0.02);
    expect(last.efficiency).toBeGreaterThan(0.99);
    expect(last.l2).toBeLessThan(0.02);
    expect(Math.abs((metrics.revenue as number) - 1 / 3)).toBeLessThan(0.02);
    expect(metrics.efficiency as number).toBeGreaterThan(0.99);

    // Bid-function snapshots carry the closed-form equilibrium b(v) = v/2 on the grid.
    const snaps = events.filter((e): e is Extract<RunEvent, { type: 'snapshot' }> => e.type === 'snapshot' && e.name === 'bidFunctions');
    expect(snaps.length).toBe(rows.length + 1);
    const snap = snaps.at(-1)!.data as BidFunctionSnapshot;
    const eq = equilibriumBidFunctions('first-price', n, [1, 1])!;
    expect(snap.values).toHaveLength(n);
    expect(snap.equilibrium).not.toBeNull();
    for (let i = 0; i < n; i++) {
      expect(snap.values[i][0]).toBe(0);
      expect(snap.values[i].at(-1)).toBe(1);
      snap.values[i].forEach((v, g) => {
        expect(snap.equilibrium![i][g]).toBeCloseTo(v / 2, 12);
        expect(snap.equilibrium![i][g]).toBeCloseTo(eq[i](v), 12);
        // The learned bids of a linear learner are w_i·v.
        expect(snap.bids[i][g]).toBeCloseTo((metrics.w as number[])[i] * v, 12);
      });
    }

    // Exactly one final event, the last one, carrying the returned metrics.
    const finals = events.filter((e) => e.type === 'final');
    expect(finals).toHaveLength(1);
    expect(events.at(-1)).toEqual({ type: 'final', metrics });
    expect(metrics.backend).toBe('ts');
    expect(metrics.target).toBe(0.5);
    expect(metrics.equilibriumRevenue).toBeCloseTo(1 / 3, 12);
    expect(metrics.convergedAtStep).not.toBeNull();
    const done = events.filter((e) => e.type === 'progress').at(-1)!;
    expect(done).toMatchObject({ phase: 'done', done: 3000, total: 3000 });
  });

  it('short runs record every step', async () => {
    const { rows } = await run({ bidders: 2, steps: 25, batch: 64 }, 1);
    expect(rows.map((r) => r.step)).toEqual(Array.from({ length: 25 }, (_, t) => t + 1));
  });
});

describe('runLearnToBid stops on NaN', () => {
  /** A linear learner whose slopes (and bids) turn NaN after `good` steps. */
  function brokenLearner(bidders: number, good: number, what: 'slopes' | 'utility'): BidLearner {
    let t = 0;
    return {
      bidders,
      step: () => {
        t++;
        return Float64Array.from({ length: bidders }, () => (what === 'utility' && t > good ? NaN : 0.1));
      },
      bid: (values) => values.map((v) => (what === 'slopes' && t > good ? NaN : v * 0.5)),
      slopes: () => Array.from({ length: bidders }, () => (what === 'slopes' && t > good ? NaN : 0.5)),
      dispose: () => {},
    };
  }

  it('NaN slopes throw RunDiverged and keep the rows emitted so far', async () => {
    const events: RunEvent[] = [];
    const ctx = { emit: (e: RunEvent) => events.push(e), checkpoint: async () => {}, backend: 'ts' };
    const p = runLearnToBid(config({ bidders: 2, steps: 50, batch: 32 }), 1, brokenLearner(2, 10, 'slopes'), ctx);
    await expect(p).rejects.toBeInstanceOf(RunDiverged);
    await expect(p).rejects.toThrow(/bid slope w became NaN or infinite/);
    const rows = events.flatMap((e) => (e.type === 'points' && e.series === 'train' ? e.rows : []));
    expect(rows).toHaveLength(10);
    expect(events.some((e) => e.type === 'final')).toBe(false);
  });

  it('a NaN smoothed utility throws RunDiverged too', async () => {
    const ctx = { emit: () => {}, checkpoint: async () => {}, backend: 'ts' };
    await expect(runLearnToBid(config({ bidders: 2, steps: 50, batch: 32 }), 1, brokenLearner(2, 5, 'utility'), ctx)).rejects.toBeInstanceOf(RunDiverged);
  });
});

describe('bids stay non-negative (projected gradient ascent)', () => {
  it('all-pay with four linear bidders never bids below 0, so revenue is never negative', async () => {
    const { defaultsOf } = await import('../../config/schema');
    const { learnToBidSchema } = await import('./schema');
    const { LinearGradientPlay } = await import('./linearGradientPlay');
    const { singleItemMechanisms } = await import('../../mechanisms/registry');
    const config = { ...defaultsOf(learnToBidSchema), mechanism: 'all-pay', bidders: 4, upper: [1, 1, 1, 1] } as never;
    const learner = new LinearGradientPlay(4, singleItemMechanisms['all-pay'].relaxation, 0.9, 'adam', 0.01);
    const rows: Record<string, number>[] = [];
    const m = await runLearnToBid(config, 1, learner, {
      emit: (e) => {
        if (e.type === 'points' && e.series === 'train') rows.push(...e.rows);
      },
      checkpoint: async () => {},
      backend: 'ts',
    });
    expect(Math.min(...(m.w as number[]))).toBeGreaterThanOrEqual(0);
    expect(Math.min(...rows.map((r) => Math.min(r.w0, r.w1, r.w2, r.w3)))).toBeGreaterThanOrEqual(0);
    expect(m.revenue as number).toBeGreaterThanOrEqual(0);
  });
});

describe('theoryFor and the run loop read N from bidders only', () => {
  const base = defaultsOf(learnToBidSchema);

  it('an unknown mechanism draws no theory line and says why (not first price’s (N − 1)/N)', () => {
    const t = theoryFor({ ...base, bidders: 3, mechanism: 'dutch' } as never);
    expect(t).toMatchObject({ target: null, revenue: null, utility: null, equilibriumFormula: null });
    expect(t.noneKnown).toMatch(/^no closed form known for mechanism "dutch"/);
  });

  it('one bound for every bidder is the symmetric theory, the same as N equal bounds', () => {
    const one = theoryFor({ ...base, bidders: 3, upper: [2] });
    expect(one).toEqual(theoryFor({ ...base, bidders: 3, upper: [2, 2, 2] }));
    expect(one.target).toBeCloseTo(2 / 3, 12);
    expect(one.revenue).toBeCloseTo(1, 12); // a(N − 1)/(N + 1) = 2·2/4
    expect(one.utility).toBeCloseTo(2 / 12, 12); // a/(N(N + 1))
    expect(one.equilibriumFormula).toBe('b(v) = (N − 1)/N · v');
    expect(one.noneKnown).toBeNull();
    expect(theoryFor({ ...base, mechanism: 'all-pay', bidders: 2, upper: [1, 2] }).noneKnown).toMatch(/all-pay with asymmetric values/);
  });

  it('a run with upper [a] draws every bidder from U[0, a]: the same run as with N copies of a', async () => {
    const run = async (upper: number[]) => {
      const c = { ...base, bidders: 3, upper, steps: 30, batch: 64 };
      const learner = new LinearGradientPlay(3, singleItemMechanisms['first-price'].relaxation, c.initW, 'adam', c.lr);
      const snaps: unknown[] = [];
      const m = await runLearnToBid(c, 4, learner, { emit: (e) => e.type === 'snapshot' && snaps.push(e.data), checkpoint: async () => {}, backend: 'ts' });
      return { m: { ...m, stepsPerSecond: 0, trainingSeconds: 0 } as FinalMetrics, snaps };
    };
    const one = await run([1.5]);
    const three = await run([1.5, 1.5, 1.5]);
    expect(one.m.w).toHaveLength(3);
    expect(one).toEqual(three);
    const bids = one.snaps.at(-1) as BidFunctionSnapshot;
    expect(bids.values).toHaveLength(3);
    for (const col of bids.values) expect(col.at(-1)).toBe(1.5);
  });
});
