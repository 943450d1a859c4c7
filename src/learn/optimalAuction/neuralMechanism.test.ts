import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/math/rng';
import { secondPrice } from '../../core/mechanisms/secondPrice';
import { sampleValues } from '../../core/priors/valueModels';
import { outcomeMetrics, regretSummary } from '../../core/labs/optimalAuction/metrics';
import type { MisreportSearch } from '../../core/labs/optimalAuction/learner';
import { selectBackend } from '../backend';
import type { Tf } from '../tf';
import { NeuralMechanism, type NeuralMechanismOptions } from './neuralMechanism';

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend('cpu', { hasPlainPath: false })).tf!;
});

const uniform = { rate: 1, correlation: 0, upper: [] };
const draw = (rng: ReturnType<typeof createRng>, count: number, n = 2) => sampleValues('uniform', uniform, rng, count, n);
const options = (over: Partial<NeuralMechanismOptions> = {}): NeuralMechanismOptions => ({
  bidders: 2, layers: [8, 8], upper: [1, 1], scale: [1, 1], seed: 3, lr: 0.01, ...over,
});
const search: MisreportSearch = { steps: 3, restarts: 4, lr: 0.1, init: 'random' };

describe('NeuralMechanism does not leak tensors (cpu backend)', () => {
  it('numTensors stays flat across imitation, penalty steps, outcome and regret; dispose() frees everything', async () => {
    const before = tf.memory().numTensors;
    const net = new NeuralMechanism(tf, options());
    const rng = createRng(1);
    const B = 32;
    const round = async () => {
      const v = draw(rng, B);
      await net.imitateStep(v, B, secondPrice.clear(v, B, 2), 0.01);
      await net.penaltyStep(v, B, { lambda: [1, 1], rho: 1, lr: 0.001, search });
      await net.outcome(v, B);
      await net.regret(v, B, { ...search, init: 'grid' });
    };
    // Warm-up: Adam creates its slots lazily.
    await round();
    net.resetOptimizer();
    await round();
    const warm = tf.memory().numTensors;
    for (let t = 0; t < 5; t++) {
      await round();
      expect(tf.memory().numTensors, `after round ${t}`).toBe(warm);
    }
    net.importWeights(await net.exportWeights());
    expect(tf.memory().numTensors).toBe(warm);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('NeuralMechanism economics', () => {
  it('ex-post IR holds by construction: a random network never charges more than a_i·b_i', async () => {
    const net = new NeuralMechanism(tf, options({ bidders: 3, upper: [1, 1, 1], scale: [1, 1, 1], seed: 9 }));
    try {
      const K = 2000;
      const v = draw(createRng(4), K, 3);
      const o = await net.outcome(v, K);
      expect(outcomeMetrics(v, o, K, 3).irViolations).toBe(0);
      for (let k = 0; k < K; k++) {
        let sum = 0;
        for (let i = 0; i < 3; i++) {
          const a = o.alloc[k * 3 + i];
          expect(a).toBeGreaterThanOrEqual(0);
          sum += a;
        }
        expect(sum).toBeLessThanOrEqual(1 + 1e-6);
      }
    } finally {
      net.dispose();
    }
  });

  /**
   * Known answer for the regret estimator: a network that imitates the first-price auction (highest bid wins,
   * pays its bid) gives truthful bidders zero utility, and the best ex-post misreport of the high bidder is
   * to bid just above the other's value, gaining v_(1) − v_(2). So each bidder's regret is E[(v_i − v_j)⁺] =
   * 1/6 for two U[0,1] bidders. Imitating Vickrey instead leaves (almost) no regret.
   */
  it('regret: ≈ 1/6 per bidder for an imitated first-price auction, ≈ 0 for an imitated Vickrey auction', async () => {
    const evalSearch: MisreportSearch = { steps: 20, restarts: 17, lr: 0.05, init: 'grid' };
    const results: Record<string, number> = {};
    for (const kind of ['first', 'second'] as const) {
      const net = new NeuralMechanism(tf, options({ layers: [32, 16], lr: 0.01, seed: 1 }));
      try {
        const rng = createRng(7);
        const B = 256;
        for (let t = 0; t < 400; t++) {
          const v = draw(rng, B);
          const target = secondPrice.clear(v, B, 2);
          if (kind === 'first') for (let k = 0; k < B; k++) target.payments[k * 2 + target.winner[k]] = v[k * 2 + target.winner[k]]!;
          await net.imitateStep(v, B, target, 0.01);
        }
        const K = 1000;
        const v = draw(createRng(8), K);
        results[kind] = regretSummary(await net.regret(v, K, evalSearch), K, 2).mean;
      } finally {
        net.dispose();
      }
    }
    expect(Math.abs(results.first - 1 / 6)).toBeLessThan(0.03);
    expect(results.second).toBeLessThan(0.01);
  });
});
