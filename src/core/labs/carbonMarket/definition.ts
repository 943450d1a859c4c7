import { carbonMarketHistoryColumns, carbonMarketOverlay, carbonMarketSmoke, carbonMarketStreams } from './outputs';
import type { ConfigIssue } from '../../config/schema';
import type { LabDefinition } from '../types';
import { estimateCarbonMarket } from './cost';
import { carbonMarketPresets } from './presets';
import { carbonMarketSchema, type CarbonMarketConfig, type CarbonMarketSchema } from './schema';
import { SWEEP_SYMBOL, summarizeCarbonSweep, sweptValue, type SweptKey } from './sweep';

/**
 * Cross-field rules: sweep values must lie in the swept field's own bounds (`schema.ts`; firm counts rounded to
 * integers) and be distinct; values that do not are dropped with a message. An emptied list falls back to the swept
 * field's current value.
 */
export function normalizeCarbonMarket(config: CarbonMarketConfig): { config: CarbonMarketConfig; issues: ConfigIssue[] } {
  if (config.sweep === 'off') return { config, issues: [] };
  const key = config.sweep;
  const field = carbonMarketSchema[key];
  const integer = key === 'firms';
  const seen = new Set<number>();
  const values: number[] = [];
  for (const raw of config.sweepValues) {
    const v = integer ? Math.round(raw) : raw;
    if (v >= field.min && v <= field.max && !seen.has(v)) {
      seen.add(v);
      values.push(v);
    }
  }
  if (values.length === 0) values.push(config[key]);
  const changed = values.length !== config.sweepValues.length || values.some((v, i) => v !== config.sweepValues[i]);
  if (!changed) return { config, issues: [] };
  const range = `${integer ? 'integers' : 'numbers'} in [${field.min}, ${field.max}]`;
  return {
    config: { ...config, sweepValues: values },
    issues: [{ field: 'sweepValues', code: 'inconsistent', message: `sweepValues: a ${config.sweep} sweep needs distinct ${range}`, repair: `using ${values.join(', ')}` }],
  };
}

/**
 * One config per sweep value (the swept key set to it, `sweepValues` cut to that one value, so each run knows its
 * place); a config without a sweep gives itself. A firms sweep keeps the budget *per firm* of the config
 * (budget × N / firms, within the budget's bounds): with a fixed total, more firms would only mean more shortfall,
 * and the exp(−κ·shortfall) term would send every rule's objective to 0.
 */
export function expandCarbonMarket(config: CarbonMarketConfig): CarbonMarketConfig[] {
  if (config.sweep === 'off') return [config];
  if (config.sweep !== 'firms') return config.sweepValues.map((v) => ({ ...config, [config.sweep]: v, sweepValues: [v] }));
  const { min, max } = carbonMarketSchema.budget;
  return config.sweepValues.map((v) => ({ ...config, firms: v, budget: Math.min(max, Math.max(min, (config.budget * v) / config.firms)), sweepValues: [v] }));
}

/** The pure registry entry of the carbon-market lab (runner: src/learn/labs; view: src/ui/labs). */
export const carbonMarketLab: LabDefinition<CarbonMarketSchema> = {
  id: 'carbon-market',
  title: 'Carbon market',
  summary: 'A learning regulator issues and allocates allowances over the years; firms produce, invest in abatement and trade. Compare it with grandfathering, equal shares, benchmarking and auctioning.',
  schema: carbonMarketSchema,
  presets: carbonMarketPresets,
  normalize: normalizeCarbonMarket,
  label: (c, seed) =>
    `${c.policy} · N=${c.firms} · T=${c.years}${c.sweep === 'off' || c.sweep === 'firms' ? '' : ` · ${SWEEP_SYMBOL[c.sweep as SweptKey]}=${sweptValue(c)}`} · ${c.firmAgents === 'ppo' ? 'PPO firms' : 'rule firms'} · seed ${seed}`,
  expand: expandCarbonMarket,
  summarize: summarizeCarbonSweep,
  partLabel: (c) => `${SWEEP_SYMBOL[c.sweep as SweptKey] ?? c.sweep}=${sweptValue(c)}`,
  progressUnit: () => 'updates',
  paced: () => false,
  estimate: estimateCarbonMarket,
  streams: carbonMarketStreams,
  historyColumns: carbonMarketHistoryColumns,
  overlay: carbonMarketOverlay,
  smoke: carbonMarketSmoke,
  inapplicable: (c) => [
    ...(c.firmAgents === 'ppo' ? (c.schedule === 'alternating' ? ['firmIterations'] : []) : ['schedule', 'firmIterations']),
    ...(c.sweep === 'off' ? ['sweepValues'] : []),
  ],
};
