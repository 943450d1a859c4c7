import { finalNumber, type HistoryColumn, type LabStreams, type OverlaySpec } from '../outputs';
import type { AllPayDesignConfig } from './schema';

/** all-pay-design streams each design's learning curve and rounds, the sampled designs, and the fit. */
export const allPayDesignStreams: LabStreams = {
  series: [
    { name: 'learning', title: 'learning curve', x: 'iteration' },
    { name: 'rounds', title: 'rounds', x: 'round' },
    { name: 'samples', title: 'designs', x: 'w' },
  ],
  snapshots: ['fit', 'ascent', 'bidFunction'],
};

/** Headline figures: the best design w and its revenue (a single design: its w and revenue). */
export const allPayDesignHistoryColumns: readonly HistoryColumn[] = [
  { label: 'w', value: (f) => finalNumber(f?.bestW) ?? finalNumber(f?.w) },
  { label: 'revenue', value: (f) => finalNumber(f?.bestRevenue) ?? finalNumber(f?.revenue) },
];

/** A past design loop draws its sampled designs' revenues over w on the R(w) chart. */
export const allPayDesignOverlay: OverlaySpec = { series: 'samples', x: 'w', label: 'R(w)', y: (row) => row.revenue };

/** A run of a few seconds. */
export const allPayDesignSmoke: Partial<AllPayDesignConfig> = { designs: 2, rounds: 1, iterations: 40 };
