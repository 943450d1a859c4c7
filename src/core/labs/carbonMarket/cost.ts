import { driversOf } from '../../jobs/estimate';
import { RATES } from '../../jobs/rates';
import { CLASSIC_RULES } from './allocation';
import { carbonMarketSchema, type CarbonMarketConfig } from './schema';

/**
 * Cost of one carbon-market run (`runCarbonMarket`; a sweep value is one run).
 *
 * Seconds: PPO updates × the seconds per update of the `carbon-market-train` bench (N = 5, T = 10, 64 episodes;
 * rule firms: 100 regulator updates, PPO firms: 50 firm + 100 regulator updates, validation included), scaled by
 * episodes × firms × years (every update simulates that many firm-years and trains on them); rule firms run
 * `iterations` updates, PPO firms first `firmIterations` more (firms-first) or train beside the regulator in every
 * update (alternating, counted as two). Then every rule (the classic ones and the learned one) on `evalSeeds`
 * episodes at the `carbon-market` bench's firm-years per second (× the PPO/rule update ratio with PPO firms).
 *
 * Bytes: the episode trace (`createTrace`: 8 arrays years × episodes × firms and 10 years × episodes, float64) and
 * the PPO rollouts and network activations over the same samples (~40 float64 per firm-year in all), for the
 * larger of `episodes` and `evalSeeds`. Drivers: episodes, firms, years.
 */
export function estimateCarbonMarket(c: CarbonMarketConfig): { seconds: number; bytes: number; drivers: { field: string; share: number }[] } {
  const rule = RATES.carbonMarketTrainRule;
  const ppo = RATES.carbonMarketTrainPpo;
  const scale = (c.episodes * c.firms * c.years) / (rule.episodesPerUpdate * rule.firms * rule.years);
  const rulePerUpdate = rule.trainSeconds / rule.updates;
  const ppoPerUpdate = ppo.trainSeconds / ppo.updates;
  const updates = c.firmAgents === 'ppo' ? (c.schedule === 'alternating' ? 2 * c.iterations : c.iterations + c.firmIterations) : c.iterations;
  const perUpdate = c.firmAgents === 'ppo' ? ppoPerUpdate : rulePerUpdate;
  const sim = RATES.carbonMarketSimulate;
  const evalSeconds = ((CLASSIC_RULES.length + 1) * c.evalSeeds * c.firms * c.years) / sim.firmYearsPerSecond * (c.firmAgents === 'ppo' ? ppoPerUpdate / rulePerUpdate : 1);
  const seconds = updates * perUpdate * scale + evalSeconds;
  const bytes = 8 * 40 * Math.max(c.episodes, c.evalSeeds) * c.firms * c.years;
  const s = carbonMarketSchema;
  const drivers = driversOf([
    { field: c.evalSeeds > c.episodes ? 'evalSeeds' : 'episodes', value: Math.max(c.episodes, c.evalSeeds), min: s.episodes.min },
    { field: 'firms', value: c.firms, min: s.firms.min },
    { field: 'years', value: c.years, min: s.years.min },
  ]);
  return { seconds, bytes, drivers };
}
