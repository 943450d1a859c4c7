import { runLearnToBid } from '../src/core/labs/learnToBid/run';
import { LinearGradientPlay } from '../src/core/labs/learnToBid/linearGradientPlay';
import { singleItemMechanisms } from '../src/core/mechanisms/registry';
import { defaultsOf } from '../src/core/config/schema';
import { learnToBidSchema } from '../src/core/labs/learnToBid/schema';
const ctx = { emit() {}, checkpoint: async () => {}, backend: 'ts' };
for (const [mech, n, sched, b0, b1, steps] of [
  ['first-price', 2, 'constant', 50, 50, 2000], ['first-price', 5, 'exponential', 10, 1000, 3000],['first-price', 8, 'exponential', 20, 1000, 3000],
  ['first-price', 2, 'exponential', 10, 500, 3000], ['first-price', 3, 'exponential', 10, 500, 3000], ['first-price', 5, 'exponential', 10, 500, 3000],
  ['first-price', 8, 'exponential', 20, 400, 2000],
  ['second-price', 3, 'exponential', 20, 400, 2000], ['all-pay', 2, 'exponential', 20, 200, 2000],
] as const) {
  for (const seed of [1, 2, 3]) {
    const c = { ...defaultsOf(learnToBidSchema), mechanism: mech, bidders: n, upper: Array(n).fill(1), schedule: sched, beta: b0, betaEnd: b1, steps, lrEnd: 0.001, initW: mech === 'second-price' ? 0.5 : 0.9 } as any;
    const l = new LinearGradientPlay(n, singleItemMechanisms[mech].relaxation, c.initW, 'adam', 0.01);
    const m = await runLearnToBid(c, seed, l, ctx as any);
    console.log(mech, n, sched, b0, b1, seed, (m.w as number[]).map(x => x.toFixed(4)).join(' '), 'target', m.target, 'conv', m.convergedAtStep, 'sps', Math.round(m.stepsPerSecond as number), 'rev', (m.revenue as number).toFixed(3));
  }
}
