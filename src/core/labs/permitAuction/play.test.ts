import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../config/schema';
import { observeType } from '../../env/permitAuctionEnv';
import { IndependentPpo } from '../../learning/ppo';
import { createRng } from '../../math/rng';
import { latentsToBids, truthfulLatent } from './actionMapping';
import { firmsOfCount } from './fields';
import { agentBids, dealRound, drawRound, nextRound, parseBid, playRound, playTable, policyNetworks, priorOf, scoreOf, startPlay, submitBid, type PlaySession } from './play';
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
    // The trainer's networks compute in float32 (the SIMD kernels), agentBids in float64 from the exported weights:
    // they agree to float32 rounding (relative 2^-23 per operation, a few operations deep).
    const flat = got.flat();
    expect(flat).toHaveLength(want.length);
    want.forEach((w, k) => expect(Math.abs(flat[k] - w)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(w))));
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

  it('a session waits for each bid: three rounds, three bids, three outcomes; the score sums profit − truthful profit', () => {
    const table = playTable(config, 'uniform', 3, trainedLike().exportPolicies());
    let s: PlaySession = startPlay(table);
    // Truthful; both tiers shaded to a tenth of their prices; the low tier withheld.
    const deviate = [(t: number[]) => t, (t: number[]) => [t[0] / 10, t[1], t[2] / 10, t[3]], (t: number[]) => [t[0], t[1], t[2], 0]];
    const seen: { allocation: number; payment: number; gain: number }[] = [];
    for (let r = 1; r <= 3; r++) {
      expect(s.state).toBe('awaiting-bid');
      expect(s.deal).toEqual(dealRound(table, r));
      expect(s.results).toHaveLength(r - 1);
      // Moving on before the round is settled does nothing.
      expect(nextRound(table, s)).toBe(s);
      s = submitBid(table, s, deviate[r - 1](s.deal.truthful));
      if (s.state !== 'settled') throw new Error('not settled');
      expect(s.deal.round).toBe(r);
      // A settled round settles once.
      expect(submitBid(table, s, [0, 0, 0, 0])).toBe(s);
      const want = playRound(config, 'uniform', s.deal.firms, s.deal.bids, 0, deviate[r - 1](s.deal.truthful), 3 + r);
      expect(s.result).toEqual(want);
      seen.push({ allocation: s.result.outcome.allocation[0], payment: s.result.outcome.payments[0], gain: s.result.profit - s.result.truthfulProfit });
      if (r < 3) s = nextRound(table, s);
    }
    expect(new Set(seen.map((o) => `${o.allocation}/${o.payment}`)).size).toBe(3);
    expect(seen[0].gain).toBeCloseTo(0, 12);
    expect(Math.abs(seen[1].gain)).toBeGreaterThan(0.1);
    const score = scoreOf(s.results);
    expect(score.rounds).toBe(3);
    expect(score.gain).toBeCloseTo(seen.reduce((a, o) => a + o.gain, 0), 12);
    expect(score.profit - score.truthful).toBeCloseTo(score.gain, 12);
    expect(score.profit).toBeCloseTo(s.results.reduce((a, r) => a + r.profit, 0), 12);
  });

  it('parseBid refuses increasing prices and more permits than the firm emits, and trims a rounded total to e', () => {
    const me = { c: 1, e: 8 };
    expect(parseBid(['6', '4', '2', '4'], me)).toEqual({ bid: [6, 4, 2, 4] });
    expect(parseBid(['6', '4', '999', '4'], me).issue).toMatch(/^your bid: .*prices must not increase/);
    expect(parseBid(['6', '4', '2', '5'], me).issue).toMatch(/asks for 9.00 permits; you emit only 8.00/);
    expect(parseBid(['6', '4.005', '2', '4'], me)).toEqual({ bid: [6, 4.005, 2, 8 - 4.005] });
    expect(parseBid(['6', '', '2', '4'], me).issue).toBeDefined();
  });
});
