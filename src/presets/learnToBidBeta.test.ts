import { describe, expect, it } from 'vitest';
import { restoreExperiment } from './restore';
import { decodeExperiment, encodeExperiment, PRESET_VERSION } from './urlCodec';

/**
 * learn-to-bid's β became relative to the value range in v=2 (β₂ = β₁ · max upper): links and stored records of
 * v=1 still restore to the same run.
 */
describe('v=1 learn-to-bid β (absolute bid units) restores as the same relative β', () => {
  const oldAsymmetric =
    'v=1&lab=learn-to-bid&seed=5&mechanism=first-price&bidders=2&policy=mlp&prior=uniform&upper=1,2&beta=20&betaEnd=200&schedule=exponential&optimizer=adam&lr=0.01&lrEnd=0.001&batch=1024&steps=1500&initW=0.9&hidden=16&sweep=off';

  it('a v=1 link with upper 1,2 and β 20 → 200 reads β 40 → 400, with no messages; a v=2 link is read as written', () => {
    const d = decodeExperiment(`#${oldAsymmetric}`);
    expect(d.messages).toEqual([]);
    expect(d.experiment.config).toMatchObject({ upper: [1, 2], beta: 40, betaEnd: 400, steps: 1500 });
    const again = decodeExperiment(encodeExperiment(d.experiment));
    expect(again.experiment).toEqual(d.experiment);
    expect(encodeExperiment(d.experiment)).toContain(`v=${PRESET_VERSION}&`);
    expect(decodeExperiment(oldAsymmetric.replace('v=1', 'v=2')).experiment.config).toMatchObject({ beta: 20, betaEnd: 200 });
  });

  it('bounds of 1 leave β alone; U[0, 10] multiplies it by 10, and the largest old β on U[0, 10] still fits the range', () => {
    expect(decodeExperiment('#v=1&lab=learn-to-bid&upper=1&beta=50&schedule=constant').experiment.config).toMatchObject({ beta: 50 });
    expect(decodeExperiment('#v=1&lab=learn-to-bid&upper=0.5&beta=50').experiment.config).toMatchObject({ beta: 25 });
    const big = decodeExperiment('#v=1&lab=learn-to-bid&upper=10,10&beta=50&betaEnd=500');
    expect(big.experiment.config).toMatchObject({ upper: [10], beta: 500, betaEnd: 5000 });
    expect(big.messages).toEqual([]);
    const top = decodeExperiment('#v=1&lab=learn-to-bid&upper=10&beta=2000&betaEnd=2000');
    expect(top.experiment.config).toMatchObject({ beta: 20000, betaEnd: 20000 });
    expect(top.messages).toEqual([]);
  });

  it('a v=1 stored record is upgraded the same way; a current one is not', () => {
    const config = { mechanism: 'first-price', bidders: 2, upper: [0.5, 1], beta: 20, betaEnd: 200, schedule: 'exponential' };
    const old = restoreExperiment({ v: 1, lab: 'learn-to-bid', config, seed: 5 });
    expect(old.ok && old.experiment.config).toMatchObject({ beta: 20, betaEnd: 200 });
    const oldWide = restoreExperiment({ v: 1, lab: 'learn-to-bid', config: { ...config, upper: [1, 4] }, seed: 5 });
    expect(oldWide.ok && oldWide.messages).toEqual([]);
    expect(oldWide.ok && oldWide.experiment.config).toMatchObject({ upper: [1, 4], beta: 80, betaEnd: 800 });
    const current = restoreExperiment({ v: PRESET_VERSION, lab: 'learn-to-bid', config: { ...config, upper: [1, 4] }, seed: 5 });
    expect(current.ok && current.experiment.config).toMatchObject({ beta: 20, betaEnd: 200 });
  });
});
