import { finalNumber, type HistoryColumn, type LabStreams, type OverlaySpec } from '../outputs';
import type { CarbonMarketConfig } from './schema';

/** carbon-market streams the regulator's training curve and its comparisons and year panels. */
export const carbonMarketStreams: LabStreams = {
  series: [{ name: 'train', title: 'training', x: 'update' }],
  snapshots: ['comparison', 'firms', 'learnedVsClassic', 'years', 'schedules'],
};

/** Headline figures of the rule shown: the government objective, equality and productivity. */
export const carbonMarketHistoryColumns: readonly HistoryColumn[] = [
  { label: 'objective', value: (f) => finalNumber(f?.objective) },
  { label: 'equality', value: (f) => finalNumber(f?.equality) },
  { label: 'productivity', value: (f) => finalNumber(f?.productivity) },
];

/** A past run draws its validation objective over PPO updates on the training chart. */
export const carbonMarketOverlay: OverlaySpec = { series: 'train', x: 'update', label: 'objective', y: (row) => row.validation };

/** A run of a few seconds. */
export const carbonMarketSmoke: Partial<CarbonMarketConfig> = { iterations: 3, episodes: 8 };
