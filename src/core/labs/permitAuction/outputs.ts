import { finalNumber, type HistoryColumn, type LabStreams, type OverlaySpec } from '../outputs';
import { multiUnitMechanisms } from '../../mechanisms/multiUnitRegistry';
import type { PermitAuctionConfig } from './schema';

/** permit-auction training streams evaluation rows over auctions played (`x`) and its policies and bids. */
export const permitAuctionStreams: LabStreams = {
  series: [{ name: 'eval', title: 'evaluation', x: 'x' }],
  snapshots: ['truthful', 'showcase', 'policies', 'clearing'],
};

/** A stored mechanism id by its UI name ("Pay as bid"); text that names no mechanism is shown as it is. */
function mechanismTitle(id: unknown): string | null {
  if (typeof id !== 'string') return null;
  return Object.hasOwn(multiUnitMechanisms, id) ? multiUnitMechanisms[id as keyof typeof multiUnitMechanisms].shortTitle : id;
}

/** Headline figures of a training run: demand reduction, efficiency and revenue on the held-out auctions. */
export const permitAuctionHistoryColumns: readonly HistoryColumn[] = [
  { label: 'mechanism', value: (f) => mechanismTitle(f?.mechanism) },
  { label: 'DRI', value: (f) => finalNumber(f?.dri) },
  { label: 'efficiency', value: (f) => finalNumber(f?.efficiency) },
  { label: 'revenue / auction', value: (f) => finalNumber(f?.revenue) },
];

/** A past run draws its DRI over auctions played on the DRI chart. */
export const permitAuctionOverlay: OverlaySpec = { series: 'eval', x: 'x', label: 'DRI', y: (row) => row.dri };

/** A run of a few seconds. */
export const permitAuctionSmoke: Partial<PermitAuctionConfig> = {
  mode: 'train', auctions: 512, auctionsPerUpdate: 256, minibatch: 128, epochs: 1, evalEvery: 1, evalAuctions: 64,
};
