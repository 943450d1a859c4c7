import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IndependentPpo, type IndependentPpoOptions } from '../../core/learning/ppo';
import { createRng } from '../../core/math/rng';
import { selectBackend } from '../backend';
import type { Tf } from '../tf';
import { nodeWasmPaths } from '../../cli/runLab';
import type { PpoAgents } from '../../core/learning/ppoAgents';
import { TfIndependentPpo } from './tfIndependentPpo';

/**
 * The tfjs PPO against the plain-TypeScript one (`core/learning/ppo.ts`, whose hand-written backward pass has
 * its own gradient checks in `ppo.test.ts`): same seed → same initial parameters, same samples, and after one
 * update on the same batch with the same shuffling rng, the same parameters up to float32 rounding. Then
 * No tensor leaks: `tf.memory().numTensors` stays flat across act/update and `dispose()` frees everything.
 */

let tf: Tf;
/** Switch tfjs to `backend` before the tests of the enclosing describe (wasm: the package's binaries, as the CLI does). */
function useBackend(backend: 'cpu' | 'wasm') {
  beforeAll(async () => {
    tf = (await selectBackend(backend, { hasPlainPath: false }, backend === 'wasm' ? { wasmPaths: nodeWasmPaths() } : {})).tf!;
  });
}

const M = 2;
const B = 40; // minibatch 16: two minibatches per epoch, 8 samples dropped (the remainder path)
const opts: IndependentPpoOptions = {
  agents: M,
  obsDim: 2,
  actDim: 4,
  hyper: { hidden: 8, minibatch: 16, epochs: 3, lr: 0.01, entropyCoef: 0.01, maxGradNorm: 0.5, initLogStd: -0.5 },
  initMean: [0.5, -0.3, 0.2, 1],
  valueScale: 3,
};

/** A fixed batch: obs in [0, 1]², latents/log-probs sampled by `agents`, rewards a smooth function of both. */
async function batch(agents: Pick<PpoAgents, 'act'>, seed: number) {
  const rng = createRng(seed);
  const obs = Float64Array.from({ length: M * B * 2 }, () => rng.next());
  const z = new Float64Array(M * B * 4);
  const logp = new Float64Array(M * B);
  await agents.act(obs, B, createRng(seed + 1), z, logp);
  const rewards = new Float64Array(M * B);
  for (let j = 0; j < M * B; j++) rewards[j] = 3 * obs[2 * j] - (z[4 * j] - obs[2 * j + 1]) ** 2 + 0.5 * z[4 * j + 3];
  return { obs, z, logp, rewards };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let j = 0; j < a.length; j++) d = Math.max(d, Math.abs(a[j] - b[j]));
  return d;
}

describe.each(['cpu', 'wasm'] as const)('TfIndependentPpo matches IndependentPpo (%s backend)', (backend) => {
  useBackend(backend);
  it('same seed: same initial parameters, same samples; after one update the same parameters within float32 tolerance', async () => {
    expect(tf.getBackend()).toBe(backend);
    const plain = new IndependentPpo(opts, createRng(5));
    const tfp = new TfIndependentPpo(tf, opts, createRng(5));
    try {
      const init = await tfp.parameters();
      const initPolicy = Float64Array.from(plain.policy.params);
      const initValue = Float64Array.from(plain.value.params);
      expect(maxAbsDiff(init.policy, plain.policy.params)).toBeLessThan(1e-7);
      expect(maxAbsDiff(init.value, plain.value.params)).toBeLessThan(1e-7);
      expect(Array.from(init.logStd)).toEqual(Array.from(plain.logStd));

      const a = await batch(plain, 21);
      const b = await batch(tfp, 21);
      expect(maxAbsDiff(b.z, a.z)).toBeLessThan(1e-5);
      expect(maxAbsDiff(b.logp, a.logp)).toBeLessThan(1e-9); // log-probs come from the noise alone
      const meanA = plain.meanAction(a.obs, B, new Float64Array(M * B * 4));
      const meanB = await tfp.meanAction(a.obs, B, new Float64Array(M * B * 4));
      expect(maxAbsDiff(meanB, meanA)).toBeLessThan(1e-5);

      const sa = plain.update(a.obs, a.z, a.logp, a.rewards, B, createRng(8));
      const sb = await tfp.update(a.obs, a.z, a.logp, a.rewards, B, createRng(8));
      const after = await tfp.parameters();
      // The update moved the parameters by up to epochs·minibatches·lr = 0.06 ...
      const moved = maxAbsDiff(plain.policy.params, initPolicy);
      expect(moved).toBeGreaterThan(0.02);
      expect(maxAbsDiff(plain.value.params, initValue)).toBeGreaterThan(0.02);
      expect(maxAbsDiff(plain.logStd, init.logStd)).toBeGreaterThan(0.02);
      // ... and both paths moved them the same way, to float32 rounding (measured: ≈1e−7 on every parameter).
      const dp = maxAbsDiff(after.policy, plain.policy.params);
      const dv = maxAbsDiff(after.value, plain.value.params);
      const dl = maxAbsDiff(after.logStd, plain.logStd);
      expect(dp, 'policy parameters').toBeLessThan(1e-6);
      expect(dv, 'value parameters').toBeLessThan(1e-6);
      expect(dl, 'log-stds').toBeLessThan(1e-6);
      expect(Array.from(tfp.logStd)).toEqual(Array.from(after.logStd));
      for (const k of ['policyObjective', 'valueLoss', 'entropy', 'approxKl', 'clipFraction'] as const) {
        expect(sb[k], k).toBeCloseTo(sa[k], 4);
      }
      expect(sa.clipFraction).toBeGreaterThan(0); // the clipped branch was exercised
      const snapshot = await tfp.exportPolicies();
      expect(maxAbsDiff(snapshot.policyParams, plain.exportPolicies().policyParams)).toBeLessThan(1e-4);
      expect(snapshot.logStd).toHaveLength(M * 4);
    } finally {
      tfp.dispose();
    }
  });
});

describe('TfIndependentPpo reads back only asynchronously (cpu backend)', () => {
  useBackend('cpu');
  it('never calls dataSync: on WebGPU it copies through a canvas that reads zeros on the software adapter', async () => {
    const dataSync = vi.spyOn(tf.Tensor.prototype, 'dataSync');
    const tfp = new TfIndependentPpo(tf, opts, createRng(7));
    try {
      const { obs, z, logp, rewards } = await batch(tfp, 3);
      await tfp.update(obs, z, logp, rewards, B, createRng(3));
      await tfp.meanAction(obs, B, new Float64Array(M * B * 4));
      await tfp.predictValue(obs, B, new Float64Array(M * B));
      await tfp.exportPolicies();
      expect(dataSync).not.toHaveBeenCalled();
    } finally {
      dataSync.mockRestore();
      tfp.dispose();
    }
  });
});

describe('TfIndependentPpo does not leak tensors (cpu backend)', () => {
  useBackend('cpu');
  it('numTensors stays flat across act, update, meanAction and export; dispose() frees every tensor it made', async () => {
    const before = tf.memory();
    const tfp = new TfIndependentPpo(tf, opts, createRng(6));
    const step = async (seed: number) => {
      const { obs, z, logp, rewards } = await batch(tfp, seed);
      await tfp.update(obs, z, logp, rewards, B, createRng(seed));
      await tfp.meanAction(obs, B, new Float64Array(M * B * 4));
      await tfp.exportPolicies();
    };
    await step(1); // warm-up
    const warm = tf.memory();
    expect(warm.numTensors).toBeGreaterThan(before.numTensors);
    for (let t = 2; t < 8; t++) {
      await step(t);
      expect(tf.memory().numTensors, `after update ${t}`).toBe(warm.numTensors);
      expect(tf.memory().numBytes, `bytes after update ${t}`).toBe(warm.numBytes);
    }
    // A diverging update throws the NaN error the trainer turns into RunDiverged, and leaks nothing either.
    const { obs, z, logp, rewards } = await batch(tfp, 9);
    rewards[3] = Number.NaN;
    await expect(tfp.update(obs, z, logp, rewards, B, createRng(9))).rejects.toThrow(/NaN/);
    expect(tf.memory().numTensors, 'after a throwing update').toBe(warm.numTensors);
    tfp.dispose();
    const after = tf.memory();
    expect(after.numTensors, 'numTensors after dispose()').toBe(before.numTensors);
    expect(after.numBytes, 'numBytes after dispose()').toBe(before.numBytes);
    await expect(tfp.meanAction(new Float64Array(M * 2), 1, new Float64Array(M * 4))).rejects.toThrow(/disposed/);
  });
});
