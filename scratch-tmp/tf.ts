import { runLearnToBidOn } from '../src/learn/labs/learnToBidRunner';
import { createRequire } from 'node:module'; const wasmDir = require('node:path').dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';
import { defaultsOf } from '../src/core/config/schema';
import { learnToBidSchema } from '../src/core/labs/learnToBid/schema';
const ctx = { emit() {}, checkpoint: async () => {} };
for (const backend of ['wasm'] as const) for (const [mech, policy, steps, upper] of [['first-price','linear',300,[1,1]], ['all-pay','mlp',1500,[1,1]], ['first-price','mlp',1500,[1,2]]] as const) {
  const c = { ...defaultsOf(learnToBidSchema), mechanism: mech, policy, steps, upper: [...upper], schedule: 'exponential', beta: 20, betaEnd: 200, lr: 0.005, lrEnd: 0.001, batch: 1024 } as any;
  const t0 = Date.now();
  const m = await runLearnToBidOn(c, 1, backend, ctx as any, { wasmPaths: wasmDir });
  console.log(backend, mech, policy, JSON.stringify(m.w), 'l2', m.l2ToEquilibrium, 'sps', Math.round(m.stepsPerSecond as number), 'rev', m.revenue, Date.now()-t0, 'ms');
}
