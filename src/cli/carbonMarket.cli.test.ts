/**
 * The carbon-market lab through the CLI's own resolution and run path (in process, no spawn): the lab's fixed
 * keys (policy, firms, years, seed) and final metrics (productivity, equality, emissions, shortfall, objective,
 * allowancePrice); bad values are refused naming the field (exit 2); a sweep summarizes per swept value.
 */
import { describe, expect, it } from 'vitest';
import { findLab } from '../core/labs/registry';
import { resolveExperiment } from './config';
import { CliError } from './errors';
import { runLab } from './runLab';

const lab = findLab('carbon-market')!;
const set = (key: string, value: unknown) => ({ key, value, raw: `${key}=${String(value)}` });

describe('npm run lab -- carbon-market', () => {
  it('--set policy=… --set firms --set years --set seed → the fixed final metrics of that policy', async () => {
    const e = resolveExperiment(lab, undefined, [set('policy', 'benchmarking'), set('firms', '4'), set('years', '6'), set('seed', '3'), set('iterations', '3'), set('evalSeeds', '4')]);
    expect(e.config).toMatchObject({ policy: 'benchmarking', firms: 4, years: 6 });
    expect(e.seed).toBe(3);
    const r = await runLab({ lab, config: e.config, seed: e.seed, backend: 'auto' });
    for (const k of ['productivity', 'equality', 'emissions', 'shortfall', 'objective', 'allowancePrice']) expect(typeof r.metrics[k], k).toBe('number');
    expect(r.metrics.objective).toBe((r.metrics.byRule as Record<string, { objective: number }>).benchmarking.objective);
    // Every run trains the regulator's PPO, on the SIMD kernels where this engine has them (Node 20 does).
    expect(r.metrics.backend).toBe('simd');
  }, 20_000);

  it('refuses a bad policy or an out-of-range firm count with a message naming the field', () => {
    expect(() => resolveExperiment(lab, undefined, [set('policy', 'lottery')])).toThrow(CliError);
    expect(() => resolveExperiment(lab, undefined, [set('policy', 'lottery')])).toThrow(/policy/);
    expect(() => resolveExperiment(lab, undefined, [set('firms', '40')])).toThrow(/firms.*\[3, 20\]/);
  });

  it('a firms sweep prints one point per firm count with every rule’s objective', async () => {
    const e = resolveExperiment(lab, undefined, [set('sweep', 'firms'), set('sweepValues', '3,4'), set('iterations', '2'), set('episodes', '8'), set('evalSeeds', '2'), set('years', '4')]);
    const r = await runLab({ lab, config: e.config, seed: 1, backend: 'ts' });
    const points = r.metrics.points as { value: number; objective: Record<string, number> }[];
    expect(points.map((p) => p.value)).toEqual([3, 4]);
    expect(Object.keys(points[0].objective).sort()).toEqual(['auction', 'benchmarking', 'equal', 'grandfathering', 'learned']);
  }, 20_000);
});
