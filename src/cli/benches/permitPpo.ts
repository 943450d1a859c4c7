/**
 * `permit-ppo-breakdown`: independent PPO firms on the permit-auction default demo (4 firms, c ~ U[0.5, 1.5],
 * e ~ U[4, 8], supply 12, first-rejected uniform price, 512 auctions per update), per compute backend (`simd`, `ts`:
 * the hand-written-backprop `IndependentPpo` with and without the WebAssembly SIMD kernels; `wasm`, `cpu`: the tfjs
 * `TfIndependentPpo`). Per backend one line with
 *  - `auctionsPerSecond`: auctions per second per firm including PPO updates (the trainer's own figure, evaluation
 *    excluded), and `msPerUpdate` (one iteration: sampling, environment, update);
 *  - the breakdown in ms per update: `envMs` (from the end of `act` to the start of `update`: layout changes,
 *    latent → bid mapping and clearing the 512 auctions), `forwardMs`, `backwardMs`, `optimizerMs` (the agents'
 *    own `timings`: forward passes of sampling, value baseline and minibatches; backpropagation; clipping, Adam
 *    and the parameter readback), and `otherMs` (the rest: minibatch gathering, advantages, uploads, bookkeeping).
 * The environment time is measured by wrapping the agents (`trainPermitPpo` runs unchanged). Each backend first
 * runs a short warm-up training in the same process (JIT, tfjs kernel set-up), then the measured one.
 * Target: ≥ 15,000 auctions/s in Node.
 */
import { trainPermitPpo, type PpoAgentsFactory } from '../../core/labs/permitAuction/train';
import type { PpoAgents } from '../../core/learning/ppoAgents';
import { createTfPpoAgents } from '../../learn/ppo/tfPpoAgents';
import { nodeWasmPaths } from '../runLab';
import type { BenchLine } from './line';
import type { LabBench } from './types';

const NAME = 'permit-ppo-breakdown';
const AUCTIONS_PER_UPDATE = 512;

export interface PermitPpoBreakdownParams {
  backend: 'simd' | 'ts' | 'wasm' | 'cpu';
  /** Measured PPO updates (after `warmupUpdates` unmeasured ones). */
  updates: number;
  warmupUpdates: number;
}

/** Agents whose `act`→`update` gap (the environment step in `trainPermitPpo`) is timed. */
interface TimedAgents {
  envMs: number;
  updates: number;
}

function timed(inner: PpoAgents, into: TimedAgents): PpoAgents {
  let actEnd = -1;
  return {
    M: inner.M,
    obsDim: inner.obsDim,
    actDim: inner.actDim,
    get logStd() {
      return inner.logStd;
    },
    get timings() {
      return inner.timings;
    },
    async act(obs, B, rng, zOut, logpOut) {
      await inner.act(obs, B, rng, zOut, logpOut); // the tfjs agents answer asynchronously
      actEnd = performance.now();
    },
    update(obs, z, logpOld, rewards, B, rng) {
      if (actEnd >= 0) into.envMs += performance.now() - actEnd;
      actEnd = -1;
      into.updates++;
      return inner.update(obs, z, logpOld, rewards, B, rng);
    },
    meanAction: (obs, B, out) => inner.meanAction(obs, B, out),
    resetTimings: () => inner.resetTimings(),
    exportPolicies: () => inner.exportPolicies(),
    dispose: () => inner.dispose(),
  };
}

function factoryFor(backend: PermitPpoBreakdownParams['backend']): PpoAgentsFactory {
  const wasmPaths = backend === 'wasm' ? nodeWasmPaths() : undefined;
  return createTfPpoAgents(backend, wasmPaths ? { wasmPaths } : {});
}

const noopContext = () => ({ emit: () => {}, checkpoint: async () => {}, backend: 'ts' as const });

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

async function measureBreakdown(p: PermitPpoBreakdownParams): Promise<BenchLine> {
  const create = factoryFor(p.backend);
  const config = { mechanism: 'uniform' as const, auctionsPerUpdate: AUCTIONS_PER_UPDATE };
  await trainPermitPpo({ ...config, updates: p.warmupUpdates, evalEvery: p.warmupUpdates }, 2, noopContext(), create);
  const record: TimedAgents = { envMs: 0, updates: 0 };
  let forwardMs = 0;
  let backwardMs = 0;
  let optimizerMs = 0;
  const started = performance.now();
  const metrics = await trainPermitPpo({ ...config, updates: p.updates, evalEvery: p.updates }, 1, noopContext(), async (opts, rng) => {
    const inner = await create(opts, rng);
    const wrapped = timed(inner, record);
    const dispose = wrapped.dispose;
    // Read the timings just before the trainer disposes the agents (after the last evaluation, whose forward is not timed).
    wrapped.dispose = () => {
      ({ forwardMs, backwardMs, optimizerMs } = inner.timings);
      dispose();
    };
    return wrapped;
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const auctionsPerSecond = metrics.auctionsPerSecond as number;
  const msPerUpdate = (AUCTIONS_PER_UPDATE / auctionsPerSecond) * 1000;
  const per = (ms: number) => ms / p.updates;
  const envMs = per(record.envMs);
  const parts = { envMs, forwardMs: per(forwardMs), backwardMs: per(backwardMs), optimizerMs: per(optimizerMs) };
  const otherMs = msPerUpdate - parts.envMs - parts.forwardMs - parts.backwardMs - parts.optimizerMs;
  return {
    bench: NAME,
    backend: p.backend,
    mechanism: 'uniform',
    firms: 4,
    supply: 12,
    auctionsPerUpdate: AUCTIONS_PER_UPDATE,
    updates: p.updates,
    auctionsPerSecond: Math.round(auctionsPerSecond),
    msPerUpdate: round(msPerUpdate),
    envMs: round(parts.envMs),
    forwardMs: round(parts.forwardMs),
    backwardMs: round(parts.backwardMs),
    optimizerMs: round(parts.optimizerMs),
    otherMs: round(otherMs),
    wallSeconds: round(wallSeconds, 2),
  };
}

export const permitPpoBench: LabBench<PermitPpoBreakdownParams> = {
  names: [NAME],
  plan: (quick) =>
    quick
      ? [
          { backend: 'simd', updates: 10, warmupUpdates: 5 },
          { backend: 'wasm', updates: 5, warmupUpdates: 2 },
        ]
      : [
          { backend: 'simd', updates: 100, warmupUpdates: 20 },
          { backend: 'ts', updates: 100, warmupUpdates: 20 },
          { backend: 'wasm', updates: 40, warmupUpdates: 5 },
          { backend: 'cpu', updates: 10, warmupUpdates: 2 },
        ],
  nameOf: () => NAME,
  describe: (p) => `${NAME} backend=${p.backend} updates=${p.updates}`,
  measure: async (p) => [await measureBreakdown(p)],
};
