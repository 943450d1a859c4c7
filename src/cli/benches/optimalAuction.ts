/**
 * Optimal-auction benchmarks:
 * - `optimal-auction-steps`: training steps per second of the neural mechanism (64-32-16, 2 uniform bidders)
 *   per backend (wasm, cpu) and batch (1024, 8192): `imitationStepsPerSecond` (phase 1) and
 *   `penaltyStepsPerSecond` (phase 2 with the default training misreport search: 12 starts, 2 ascent steps).
 *   Each figure is timed over ~3 s after 2 warm-up steps.
 * - `optimal-auction-converge`: 2 uniform bidders, (a) the default config (phase 1 toward Myerson, 100 phase-2
 *   steps, no warm-start cache) and (b) the "Myerson from scratch" preset (no warm start, 1500 steps, lr 0.002):
 *   `secondsToWithin002` = wall clock from the start until the first evaluation (512 held-out
 *   profiles, evaluation search) whose revenue is within 0.02 of Myerson's on the same profiles with regret
 *   < 0.005; evaluations happen at the start of phase 2 and 10 times during it, so the figure is an upper bound
 *   at that granularity.
 * - `optimal-auction-study`: trials per minute of a study (the "A tuning study" preset's trial budget) with one
 *   study worker in this process. The pool runs `cores − 1` workers (1 on a 2-core machine), so
 *   `poolWidth × trialsPerMinute` is the full-width estimate (`estimatedTrialsPerMinuteAtPoolWidth`).
 */
import { cpus } from 'node:os';
import { defaultsOf } from '../../core/config/schema';
import { modelParams } from '../../core/labs/optimalAuction/baselines';
import { searches } from '../../core/labs/optimalAuction/run';
import { optimalAuctionSchema, type OptimalAuctionConfig } from '../../core/labs/optimalAuction/schema';
import { optimalAuctionPresets } from '../../core/labs/optimalAuction/presets';
import type { RunEvent } from '../../core/labs/types';
import { createRng } from '../../core/math/rng';
import { myersonOutcome } from '../../core/equilibria/optimalAuction';
import { sampleValues } from '../../core/priors/valueModels';
import { selectBackend } from '../../learn/backend';
import { runOptimalAuctionOn } from '../../learn/labs/optimalAuctionRunner';
import { NeuralMechanism } from '../../learn/optimalAuction/neuralMechanism';
import { openKvStore } from '../../core/storage/kvStore';
import { nodeWasmPaths } from '../runLab';
import type { BenchLine } from './line';
import type { LabBench } from './types';

type Params =
  | { kind: 'steps'; backend: 'wasm' | 'cpu'; batch: number; seconds: number }
  | { kind: 'converge'; backend: 'wasm'; warmStart: 'classic' | 'none'; steps: number; lr: number }
  | { kind: 'study'; backend: 'wasm'; trials: number };

const NAMES = { steps: 'optimal-auction-steps', converge: 'optimal-auction-converge', study: 'optimal-auction-study' } as const;
const round = (x: number, d = 3) => Number(x.toFixed(d));
const defaults = (): OptimalAuctionConfig => defaultsOf(optimalAuctionSchema);
const wasmOptions = (backend: string) => (backend === 'wasm' ? { wasmPaths: nodeWasmPaths() } : {});

/** Run `step` repeatedly for about `seconds` (after 2 warm-up calls); steps per second. */
async function rate(step: () => Promise<unknown>, seconds: number): Promise<{ perSecond: number; steps: number }> {
  await step();
  await step();
  const t0 = performance.now();
  let steps = 0;
  while (performance.now() - t0 < seconds * 1000) {
    await step();
    steps++;
  }
  return { perSecond: steps / ((performance.now() - t0) / 1000), steps };
}

async function measureSteps(p: Extract<Params, { kind: 'steps' }>): Promise<BenchLine> {
  const { tf } = await selectBackend(p.backend, { hasPlainPath: false }, wasmOptions(p.backend));
  const c = defaults();
  const n = 2;
  const net = new NeuralMechanism(tf!, { bidders: n, layers: c.layers, upper: [1, 1], scale: [1, 1], seed: 1, lr: c.imitationLr });
  try {
    const rng = createRng(1);
    const params = modelParams(c);
    const draw = () => sampleValues('uniform', params, rng, p.batch, n);
    const imitation = await rate(async () => {
      const v = draw();
      await net.imitateStep(v, p.batch, myersonOutcome('uniform', params, v, p.batch, n)!, c.imitationLr);
    }, p.seconds);
    const search = searches(c).train;
    const penalty = await rate(() => net.penaltyStep(draw(), p.batch, { lambda: [c.lambdaInit, c.lambdaInit], rho: c.rho, lr: c.lr, search }), p.seconds);
    return {
      bench: NAMES.steps, backend: p.backend, batch: p.batch, bidders: n, layers: c.layers.join('-'),
      misreportRestarts: search.restarts, misreportSteps: search.steps,
      imitationStepsPerSecond: round(imitation.perSecond, 2), penaltyStepsPerSecond: round(penalty.perSecond, 2),
      imitationSteps: imitation.steps, penaltySteps: penalty.steps,
    };
  } finally {
    net.dispose();
  }
}

async function measureConverge(p: Extract<Params, { kind: 'converge' }>): Promise<BenchLine> {
  const c: OptimalAuctionConfig = { ...defaults(), warmStart: p.warmStart, steps: p.steps, lr: p.lr };
  const t0 = performance.now();
  let myerson = NaN;
  let reached: { seconds: number; step: number; revenue: number; regret: number } | null = null;
  const onEvent = (e: RunEvent) => {
    if (e.type === 'snapshot' && e.name === 'theory') myerson = (e.data as { baselines: { myerson: number } }).baselines.myerson;
    if (e.type === 'points' && e.series === 'eval' && !reached)
      for (const r of e.rows)
        if (Math.abs(r.revenue - myerson) <= 0.02 && r.regret < 0.005) {
          reached = { seconds: (performance.now() - t0) / 1000, step: r.step, revenue: r.revenue, regret: r.regret };
          break;
        }
  };
  const m = await runOptimalAuctionOn(c, 1, p.backend, { emit: onEvent, checkpoint: async () => {} }, { ...wasmOptions(p.backend), cache: null });
  const r = reached as { seconds: number; step: number; revenue: number; regret: number } | null;
  return {
    bench: NAMES.converge, backend: p.backend, bidders: 2, prior: 'uniform', warmStart: c.warmStart, imitationSteps: c.warmStart === 'none' ? 0 : c.imitationSteps, steps: c.steps, lr: c.lr, batch: c.batch,
    secondsToWithin002: r ? round(r.seconds, 2) : null, reachedAtStep: r?.step ?? null, revenueThen: r ? round(r.revenue, 4) : null, regretThen: r ? round(r.regret, 5) : null,
    myersonOnDraws: round(myerson, 4), finalRevenue: round(m.revenue as number, 4), finalRegret: round(m.regret as number, 5),
    totalSeconds: round((performance.now() - t0) / 1000, 2),
  };
}

async function measureStudy(p: Extract<Params, { kind: 'study' }>): Promise<BenchLine> {
  const preset = optimalAuctionPresets.find((x) => x.id === 'study')!;
  const c: OptimalAuctionConfig = { ...defaults(), ...preset.config, study: p.trials, studyWorkers: 1 };
  const t0 = performance.now();
  const m = await runOptimalAuctionOn(c, preset.seed, p.backend, { emit: () => {}, checkpoint: async () => {} }, { ...wasmOptions(p.backend), studyStore: openKvStore(undefined) });
  const seconds = (performance.now() - t0) / 1000;
  const width = Math.max(1, cpus().length - 1);
  const perMinute = ((m.trialsRunHere as number) * 60) / seconds;
  return {
    bench: NAMES.study, backend: p.backend, trials: m.trialsRunHere, imitationSteps: c.imitationSteps, steps: c.steps, evalDraws: c.evalDraws,
    trialsPerMinute: round(perMinute, 2), poolWidth: width, estimatedTrialsPerMinuteAtPoolWidth: round(perMinute * width, 2),
    seconds: round(seconds, 2), bestObjective: round(m.bestObjective as number, 4),
  };
}

export const optimalAuctionBench: LabBench<Params> = {
  names: [NAMES.steps, NAMES.converge, NAMES.study],
  plan: (quick) =>
    quick
      ? [{ kind: 'steps', backend: 'wasm', batch: 1024, seconds: 1.5 }]
      : [
          ...(['wasm', 'cpu'] as const).flatMap((backend) => [1024, 8192].map((batch) => ({ kind: 'steps' as const, backend, batch, seconds: 3 }))),
          { kind: 'converge', backend: 'wasm', warmStart: 'classic', steps: 100, lr: 0.0005 },
          { kind: 'converge', backend: 'wasm', warmStart: 'none', steps: 1500, lr: 0.002 },
          { kind: 'study', backend: 'wasm', trials: 4 },
        ],
  nameOf: (p) => NAMES[p.kind],
  describe: (p) => `${NAMES[p.kind]} ${JSON.stringify(p)}`,
  measure: async (p) => [p.kind === 'steps' ? await measureSteps(p) : p.kind === 'converge' ? await measureConverge(p) : await measureStudy(p)],
};
