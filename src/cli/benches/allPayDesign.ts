/**
 * Benchmarks of the all-pay design lab, n = 3, prize split, fictitious play, default grid (21 values ×
 * 51 bids), 800 iterations:
 *  - `all-pay-design-converge` (per w ∈ {1/2, 3/4, 1}): `secondsToConverge` (one round, from its start to the
 *    first iteration with exploitability ≤ 0.01), `convergedAt` (that iteration), `secondsPerRound` (all 800
 *    iterations), `secondsPerDesign` (the loop's unit of work: `rounds` = 10 rounds), revenue against theory;
 *  - `all-pay-design-throughput` (width 1, the browser pool's width cores − 1, and one per core): designs (10
 *    rounds each) per minute with `width` processes simulating at once — what the worker pool achieves;
 *  - `all-pay-design-loop`: the full default loop end to end through the CLI path (`runLab`: sample 10 designs,
 *    simulate 10 rounds each one after another, fit the tfjs surrogate, ascend) — `seconds` against the lab's
 *    target of 120 s on the 2-core machine, with the simulate and fit phases split out.
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { defaultsOf } from '../../core/config/schema';
import { allPayDesignLab } from '../../core/labs/allPayDesign/definition';
import { sampleDesigns } from '../../core/labs/allPayDesign/designs';
import { allPayDesignSchema, type AllPayDesignConfig } from '../../core/labs/allPayDesign/schema';
import { runSimulateDesign } from '../../core/labs/allPayDesign/simulateRun';
import { runLab } from '../runLab';
import type { BenchLine } from './line';
import type { LabBench } from './types';

export type AllPayDesignBenchParams =
  | { kind: 'converge'; w: number; rounds: number }
  | { kind: 'throughput'; width: number; designsPerProcess: number }
  | { kind: 'loop'; designs: number; rounds: number }
  /** Internal: one process of a throughput measurement. */
  | { kind: 'designs'; designs: number; offset: number };

const NAMES = ['all-pay-design-converge', 'all-pay-design-throughput', 'all-pay-design-loop'] as const;
const DEFAULTS: AllPayDesignConfig = defaultsOf(allPayDesignSchema);
const quiet = { emit: () => {}, checkpoint: async () => {}, backend: 'ts' };

/** The browser pool's width on this machine: one worker per core, leaving one for the page (≥ 1). */
export function poolWidth(): number {
  return Math.max(1, cpus().length - 1);
}

/** Simulate `designs` designs (default config, 10 rounds each); seconds of wall clock. */
async function simulateDesigns(designs: number, offset: number): Promise<number> {
  const ws = sampleDesigns(designs + 2, 100 + offset);
  const t0 = performance.now();
  for (let i = 0; i < designs; i++) await runSimulateDesign({ ...DEFAULTS, mode: 'simulate', w: ws[i + 1] }, 1 + offset, quiet);
  return (performance.now() - t0) / 1000;
}

/** Run `width` copies of this bundle at once (`--one` with kind `designs`) and return the wall clock. */
function parallelDesigns(width: number, designs: number): Promise<{ seconds: number; perProcess: number[] }> {
  const t0 = performance.now();
  const one = (offset: number) =>
    new Promise<number>((resolve, reject) => {
      const p = { kind: 'lab', module: NAMES[0], params: { kind: 'designs', designs, offset } };
      const child = spawn(process.execPath, [process.argv[1], '--one', JSON.stringify(p)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        const line = out.split('\n').find((l) => l.includes('"all-pay-design-designs"'));
        if (code !== 0 || !line) reject(new Error(`design process exited with code ${code}`));
        else resolve(Number((JSON.parse(line) as { seconds: number }).seconds));
      });
    });
  return Promise.all(Array.from({ length: width }, (_, i) => one(i))).then((perProcess) => ({ seconds: (performance.now() - t0) / 1000, perProcess }));
}

export const allPayDesignBench: LabBench<AllPayDesignBenchParams> = {
  names: NAMES,
  plan(quick) {
    // 1, the pool's width (cores − 1) and, for scaling, one process per core.
    const widths = [...new Set([1, poolWidth(), cpus().length])];
    return [
      ...(quick ? [1] : [0.5, 0.75, 1]).map((w) => ({ kind: 'converge' as const, w, rounds: quick ? 2 : 10 })),
      ...widths.map((width) => ({ kind: 'throughput' as const, width, designsPerProcess: quick ? 1 : 4 })),
      quick ? { kind: 'loop' as const, designs: 3, rounds: 2 } : { kind: 'loop' as const, designs: DEFAULTS.designs, rounds: DEFAULTS.rounds },
    ];
  },
  nameOf: (p) => (p.kind === 'converge' ? NAMES[0] : p.kind === 'throughput' ? NAMES[1] : p.kind === 'loop' ? NAMES[2] : 'all-pay-design-designs'),
  describe: (p) =>
    p.kind === 'converge'
      ? `all-pay design: one design w=${p.w} to convergence`
      : p.kind === 'throughput'
        ? `all-pay design: designs/min with ${p.width} process(es)`
        : p.kind === 'loop'
          ? `all-pay design: full loop (${p.designs} designs × ${p.rounds} rounds)`
          : `all-pay design: ${p.designs} designs`,
  async measure(p): Promise<BenchLine[]> {
    const base = { bidders: 3, reading: 'prize-split', learner: 'fictitious-play', iterations: DEFAULTS.iterations, valueLevels: DEFAULTS.valueLevels, bidLevels: DEFAULTS.bidLevels };
    if (p.kind === 'designs') return [{ bench: 'all-pay-design-designs', designs: p.designs, seconds: await simulateDesigns(p.designs, p.offset) }];
    if (p.kind === 'converge') {
      await runSimulateDesign({ ...DEFAULTS, mode: 'simulate', w: p.w, rounds: 1, iterations: 100 }, 99, quiet); // warm-up (JIT)
      const t0 = performance.now();
      const m = await runSimulateDesign({ ...DEFAULTS, mode: 'simulate', w: p.w, rounds: p.rounds }, 1, quiet);
      const seconds = (performance.now() - t0) / 1000;
      return [{
        bench: NAMES[0], ...base, w: p.w, rounds: p.rounds,
        secondsToConverge: m.secondsToConverge, convergedAt: m.meanConvergedAt, secondsPerRound: m.secondsPerRound,
        secondsPerDesign: seconds, revenue: m.revenue, theoryRevenue: m.equilibriumRevenue, exploitability: m.exploitability,
      }];
    }
    if (p.kind === 'throughput') {
      const { seconds, perProcess } = await parallelDesigns(p.width, p.designsPerProcess);
      const designs = p.width * p.designsPerProcess;
      return [{
        bench: NAMES[1], ...base, rounds: DEFAULTS.rounds, width: p.width, poolWidth: poolWidth(), cores: cpus().length, designs,
        seconds, designsPerMinute: (designs / seconds) * 60, secondsPerDesignInProcess: Math.max(...perProcess) / p.designsPerProcess,
      }];
    }
    const config = { ...DEFAULTS, designs: p.designs, rounds: p.rounds };
    const starts: number[] = [];
    const runStart = performance.now();
    const result = await runLab({
      lab: allPayDesignLab,
      config: config,
      seed: 1,
      backend: 'auto',
      onEvent: (_e, part) => {
        starts[part.index] ??= performance.now();
      },
    });
    const fitStart = starts[p.designs] ?? performance.now();
    const m = result.metrics as Record<string, unknown>;
    return [{
      bench: NAMES[2], ...base, designs: p.designs, rounds: p.rounds, seconds: result.seconds,
      simulateSeconds: (fitStart - runStart) / 1000, fitSeconds: result.seconds - (fitStart - runStart) / 1000,
      targetSeconds: 120, withinTarget: result.seconds < 120, bestW: m.bestW, bestRevenue: m.bestRevenue, theoryBestW: m.theoryBestW, backend: m.backend,
    }];
  },
};
