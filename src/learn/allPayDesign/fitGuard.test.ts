import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../core/config/schema';
import { allPayDesignSchema, type AllPayDesignConfig } from '../../core/labs/allPayDesign/schema';
import type { RunEvent } from '../../core/labs/types';
import { runAllPayDesign } from './runAllPayDesign';

const defaults: AllPayDesignConfig = defaultsOf(allPayDesignSchema);

function ctx() {
  const events: RunEvent[] = [];
  return { events, ctx: { emit: (e: RunEvent) => events.push(e), checkpoint: async () => {} } };
}
const finals = (events: RunEvent[]) => events.filter((e) => e.type === 'final');

describe('mode fit never reports a NaN w*', () => {
  it('refuses samples the field would refuse, even when they bypass its parse (the design loop’s combine)', async () => {
    for (const revenue of [1e308, -1e308, NaN]) {
      const c = ctx();
      const samples = [{ w: 0.6, revenue, sd: 0 }, { w: 0.9, revenue: 0.4, sd: 0 }];
      await expect(runAllPayDesign({ ...defaults, mode: 'fit', samples }, 1, 'cpu', c.ctx)).rejects.toThrow(/^samples: sample 1: revenue/);
      expect(finals(c.events)).toEqual([]);
    }
  });

  it('a fit that diverges fails the run with a message instead of printing NaN', async () => {
    const c = ctx();
    const samples = [0.5, 0.75, 1].map((w) => ({ w, revenue: w / 2, sd: 0 }));
    await expect(runAllPayDesign({ ...defaults, mode: 'fit', samples }, 1, 'cpu', c.ctx, { surrogate: { lr: Infinity, epochs: 20 } })).rejects.toThrow(/diverged|not finite/);
    expect(finals(c.events)).toEqual([]);
  });
});
