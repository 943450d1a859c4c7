import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { it } from 'vitest';
import { defaultsOf } from '../../core/config/schema';
import { learnToBidSchema } from '../../core/labs/learnToBid/schema';
import { runLearnToBidOn } from '../labs/learnToBidRunner';
const require = createRequire(import.meta.url);
const wasmPaths = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';
it('explore', async () => {
  const seeds = (process.env.SEEDS ?? '1').split(',').map(Number);
  const steps = Number(process.env.STEPS ?? 800);
  for (const seed of seeds) {
    const c = { ...defaultsOf(learnToBidSchema), mechanism: 'all-pay', bidders: 2, upper: [1, 1], policy: 'mlp', schedule: 'exponential', beta: 20, betaEnd: 200, lr: 0.01, lrEnd: 0.002, batch: 512, steps, hidden: 16, initW: Number(process.env.INITW ?? 0.9) } as any;
    const rows: any[] = [];
    const t = performance.now();
    const m = await runLearnToBidOn(c, seed, 'wasm', { emit: (e: any) => { if (e.type === 'points') rows.push(...e.rows); }, checkpoint: async () => {} }, { wasmPaths });
    console.log('seed', seed, 'initial l2', rows[0].l2.toFixed(4), 'mid', rows[Math.floor(rows.length/2)].l2.toFixed(4), 'final', (m.l2ToEquilibrium as number).toFixed(4), 'rev', (m.revenue as number).toFixed(3), 's', ((performance.now()-t)/1000).toFixed(1), 'sps', (m.stepsPerSecond as number).toFixed(0));
  }
}, 600_000);
