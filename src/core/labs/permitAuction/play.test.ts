import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../config/schema';
import { observeType } from '../../env/permitAuctionEnv';
import { IndependentPpo } from '../../learning/ppo';
import { createRng } from '../../math/rng';
import { latentsToBids, truthfulLatent } from './actionMapping';
import { firmsOfCount } from './fields';
import { agentBids, drawRound, playRound, policyNetworks, priorOf } from './play';
import { permitAuctionSchema, type PermitAuctionConfig } from './schema';
import { INIT_LATENT_LIMIT } from './train';

const config = { ...defaultsOf(permitAuctionSchema), mode: 'train', firms: firmsOfCount(4), supply: 12 } as PermitAuctionConfig;
const prior = priorOf(config);

function trainedLike(seed = 1): IndependentPpo {
  const ppo = new IndependentPpo({ agents: 4, obsDim: 2, actDim: 4, initMean: truthfulLatent(1, 6, 0, INIT_LATENT_LIMIT), hyper: { hidden: 8 } }, createRng(seed));
  // Perturb the networks so the test does not pass on a constant policy.
  const rng = createRng(seed + 1);
  for (let j = 0; j < ppo.policy.params.length; j++) ppo.policy.params[j] = ppo.policy.params[j] + 0.3 * rng.normal();
  return ppo;
}

describe('play against the agents', () => {
  it('agentBids equals the trainer’s mean bids for the same types (same observation and mapping)', () => {
    const ppo = trainedLike();
    const firms = drawRound(prior, 4, 5, 2);
    const obs = new Float64Array(8);
    firms.forEach((f, i) => observeType(prior, i, f.c, f.e, obs, 2 * i));
    const z = ppo.meanAction(obs, 1, new Float64Array(16));
    const want = latentsToBids(z, Float64Array.from(firms, (f) => f.c), Float64Array.from(firms, (f) => f.e), 0);
    const got = agentBids(policyNetworks(ppo.exportPolicies()), firms, prior, 0);
    expect(got.flat()).toEqual(Array.from(want));
  });

  it('a truthful bid earns exactly the truthful profit; a zero bid wins and pays nothing', () => {
    const firms = drawRound(prior, 4, 5, 0);
    const bids = agentBids(policyNetworks(trainedLike().exportPolicies()), firms, prior, 0);
    const f = firms[0];
    const truthful = [0.75 * f.c * f.e, f.e / 2, 0.25 * f.c * f.e, f.e / 2];
    for (const mech of ['uniform', 'discriminatory', 'vcg'] as const) {
      const r = playRound(config, mech, firms, bids, 0, truthful, 1);
      expect(r.profit).toBeCloseTo(r.truthfulProfit, 12);
      const zero = playRound(config, mech, firms, bids, 0, [0, 0, 0, 0], 1);
      expect(zero.outcome.allocation[0]).toBe(0);
      expect(zero.outcome.payments[0]).toBe(0);
      expect(zero.profit).toBe(0);
    }
  });

  it('hand-checked round: two firms, uniform price, the user withholds its low tier', () => {
    // Two firms of type (c = 1, e = 8); the agent bids its truthful [6, 4, 2, 4]; supply 6; first rejected bid.
    // Either way the two high tiers (4 units each at 6) exceed the supply: they share 6 units pro-rata (3 each) and the
    // first rejected bid is 6 (the rest of the tied high tiers). I pay 3·6 = 18 for 3 permits worth
    // c·(e·q − q²/2) = 8·3 − 4.5 = 19.5: profit 1.5, whether my low tier is 2 (truthful) or withheld.
    const firms = [{ c: 1, e: 8 }, { c: 1, e: 8 }];
    const c = { ...config, supply: 6 } as PermitAuctionConfig;
    const r = playRound(c, 'uniform', firms, [[6, 4, 2, 4], [6, 4, 2, 4]], 0, [6, 4, 0, 0], 1);
    expect(r.outcome.price).toBeCloseTo(6, 12);
    expect(r.outcome.allocation[0]).toBeCloseTo(3, 12);
    expect(r.profit).toBeCloseTo(19.5 - 18, 12);
    expect(r.truthfulProfit).toBeCloseTo(1.5, 12);
  });

  it('rounds are reproducible and differ from round to round', () => {
    expect(drawRound(prior, 4, 3, 1)).toEqual(drawRound(prior, 4, 3, 1));
    expect(drawRound(prior, 4, 3, 1)).not.toEqual(drawRound(prior, 4, 3, 2));
  });
});
