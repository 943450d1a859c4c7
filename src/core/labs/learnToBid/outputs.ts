import { finalList, finalNumber, type HistoryColumn, type LabStreams, type OverlaySpec } from '../outputs';
import type { LearnToBidConfig } from './schema';

/**
 * learn-to-bid streams its training rows (`w0…`, utilities, revenue, l2 per step), the utility-loss estimates
 * (`loss`, `relative`, `l0…`, `r0…` per step; `runLearnToBid`) and two snapshots.
 */
export const learnToBidStreams: LabStreams = {
  series: [
    { name: 'train', title: 'training', x: 'step' },
    { name: 'utilityLoss', title: 'utility loss', x: 'step' },
  ],
  snapshots: ['bidFunctions', 'theory'],
};

/** Headline figures: the learned slopes and the revenue per auction. */
export const learnToBidHistoryColumns: readonly HistoryColumn[] = [
  { label: 'final w', value: (f) => finalList(f?.w) },
  { label: 'revenue / auction', value: (f) => finalNumber(f?.revenue) },
  { label: 'distance to equilibrium', value: (f) => finalNumber(f?.l2ToEquilibrium) },
  { label: 'utility loss (value units)', value: (f) => finalNumber(f?.utilityLoss) },
];

/** A past run draws its mean slope w over training steps on the w chart. */
export const learnToBidOverlay: OverlaySpec = {
  series: 'train',
  x: 'step',
  label: 'mean w',
  y: (row) => {
    let sum = 0;
    let n = 0;
    for (let i = 0; row[`w${i}`] !== undefined; i++, n++) sum += row[`w${i}`];
    return n ? sum / n : undefined;
  },
};

/** A run of a few seconds. */
export const learnToBidSmoke: Partial<LearnToBidConfig> = { steps: 40, batch: 128 };
