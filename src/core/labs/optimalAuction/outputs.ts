import { finalNumber, type HistoryColumn, type LabStreams, type OverlaySpec } from '../outputs';
import type { OptimalAuctionConfig } from './schema';

/** optimal-auction streams training revenue, imitation loss, evaluations, study trials, and its heatmap. */
export const optimalAuctionStreams: LabStreams = {
  series: [
    { name: 'train', title: 'training', x: 'step' },
    { name: 'imitation', title: 'imitation (phase 1)', x: 'step' },
    { name: 'eval', title: 'evaluation', x: 'step' },
    { name: 'trials', title: 'study trials', x: 'number' },
  ],
  snapshots: ['heatmap', 'theory', 'study'],
};

/** Headline figures: revenue and regret of the learned auction, with Myerson's revenue on the same draws. */
export const optimalAuctionHistoryColumns: readonly HistoryColumn[] = [
  { label: 'revenue', value: (f) => finalNumber(f?.revenue) },
  { label: 'regret', value: (f) => finalNumber(f?.regret) },
  { label: 'Myerson revenue', value: (f) => finalNumber(f?.myersonRevenue) },
];

/** A past run draws its training revenue over steps on the revenue chart. */
export const optimalAuctionOverlay: OverlaySpec = { series: 'train', x: 'step', label: 'revenue', y: (row) => row.revenue };

/** A run of a few seconds. */
export const optimalAuctionSmoke: Partial<OptimalAuctionConfig> = {
  warmStart: 'none', steps: 8, batch: 64, evalDraws: 256, evalMisreportRestarts: 3, evalMisreportSteps: 3, study: 0,
};
