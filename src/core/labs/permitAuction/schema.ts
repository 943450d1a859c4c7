import type { ConfigOf, ConfigSchema } from '../../config/schema';
import { ppoFields } from '../../learning/ppoFields';
import { multiUnitMechanismIds, multiUnitMechanisms } from '../../mechanisms/multiUnitRegistry';
import { bidsField, firmsField, type FirmType } from './fields';

/** Four firms of different sizes and costs: true demand 36 permits against a default supply of 24. */
export const DEFAULT_FIRMS: FirmType[] = [
  { c: 1, e: 12 },
  { c: 1.5, e: 8 },
  { c: 2, e: 6 },
  { c: 0.8, e: 10 },
];

/**
 * Config of the permit-auction lab. Fixed key names (CLI, URL, kept for old links): mode, firms, bids, supply,
 * mechanism, priceRule, reserve, and for training auctions and the seed (`mode=train`, `firms=4` as a count). The
 * others are the lab's own. Training fields (after `tieRule`) are ignored in clear mode and hidden there.
 */
export const permitAuctionSchema = {
  mode: {
    kind: 'enum',
    label: 'Mode',
    help: 'clear: clear one auction on the bids given (manual play). train: independent PPO firms learn to bid over many auctions.',
    default: 'clear',
    options: [
      { value: 'clear', label: 'Clear the bids (manual)' },
      { value: 'train', label: 'Train PPO firms' },
    ],
  },
  firms: firmsField(DEFAULT_FIRMS),
  bids: bidsField,
  supply: {
    kind: 'number', label: 'Supply S', help: 'Permits for sale.', default: 24, min: 0.1, max: 10000, unit: 'permits',
  },
  mechanism: {
    kind: 'enum',
    label: 'Mechanism',
    help: 'The rule whose outcome the CLI reports (the UI shows all three side by side).',
    default: 'uniform',
    options: multiUnitMechanismIds.map((id) => ({ value: id, label: multiUnitMechanisms[id].title })),
  },
  priceRule: {
    kind: 'enum',
    label: 'Uniform price rule',
    help: 'First rejected bid (RGGI) or last accepted bid (EU ETS).',
    default: 'first-rejected',
    options: [
      { value: 'first-rejected', label: 'First rejected bid (RGGI)' },
      { value: 'last-accepted', label: 'Last accepted bid (EU ETS)' },
    ],
  },
  reserve: {
    kind: 'number', label: 'Reserve price', help: 'Bids below it are rejected; unsold permits stay with the regulator.',
    default: 0, min: 0, max: 10000, unit: 'per permit',
  },
  tieRule: {
    kind: 'enum',
    label: 'Ties at the margin',
    help: 'Bids tied at the clearing price share what is left pro-rata, or are served in a random (seeded) order.',
    default: 'pro-rata',
    options: [
      { value: 'pro-rata', label: 'Pro-rata' },
      { value: 'random', label: 'Random order (seeded)' },
    ],
  },
  compare: {
    kind: 'boolean',
    label: 'Compare the three mechanisms',
    help: 'Train under uniform price, pay-as-bid and VCG at once, in three workers, on identical seeds and type draws.',
    default: false,
  },
  sweep: {
    kind: 'enum',
    label: 'N sweep',
    help: 'Off: one training. Firms: train once per N in the list, in parallel, and plot final demand reduction against N.',
    default: 'off',
    options: [
      { value: 'off', label: 'Off' },
      { value: 'firms', label: 'Over the number of firms' },
    ],
  },
  sweepFirms: {
    kind: 'numberArray', label: 'Sweep N', help: 'Numbers of firms the N sweep trains with.',
    default: [2, 3, 4, 6, 8], min: 2, max: 12, minLength: 2, maxLength: 8, integer: true, unit: 'firms',
  },
  auctions: {
    kind: 'number', label: 'Auctions per firm', help: 'Training budget: one-shot auctions each firm plays (rounded to whole updates).',
    default: 51200, min: 512, max: 5_000_000, integer: true, scale: 'log', unit: 'auctions',
  },
  auctionsPerUpdate: {
    kind: 'number', label: 'Auctions per update', help: 'Auctions played (in parallel) between two PPO updates: each firm’s batch.',
    default: 512, min: 16, max: 8192, integer: true, scale: 'log', unit: 'auctions',
  },
  costMin: { kind: 'number', label: 'Cost slope c: min', help: 'Each auction draws every firm’s c ~ U[min, max].', default: 0.5, min: 0.01, max: 100, unit: 'per unit²' },
  costMax: { kind: 'number', label: 'Cost slope c: max', help: 'Upper end of c’s range.', default: 1.5, min: 0.01, max: 100, unit: 'per unit²' },
  emissionsMin: { kind: 'number', label: 'Emissions e: min', help: 'Each auction draws every firm’s e ~ U[min, max].', default: 4, min: 0.1, max: 1000, unit: 'units' },
  emissionsMax: { kind: 'number', label: 'Emissions e: max', help: 'Upper end of e’s range.', default: 8, min: 0.1, max: 1000, unit: 'units' },
  bigFirm: {
    kind: 'number', label: 'Firm 1 size', help: 'Firm 1’s emissions are this many times the others’ (1 = symmetric firms).',
    default: 1, min: 1, max: 5, step: 0.5, unit: '×',
  },
  ...ppoFields(),
  evalEvery: { kind: 'number', label: 'Evaluate every', help: 'Updates between two evaluations on the held-out auctions.', default: 5, min: 1, max: 1000, integer: true, unit: 'updates' },
  evalAuctions: { kind: 'number', label: 'Evaluation auctions', help: 'Held-out auctions (the same types every time) each evaluation clears with mean bids.', default: 1024, min: 16, max: 16384, integer: true, scale: 'log', unit: 'auctions' },
} as const satisfies ConfigSchema;

/** Fields only training uses (hidden in clear mode). */
export const TRAINING_FIELDS = [
  'compare', 'sweep', 'sweepFirms', 'auctions', 'auctionsPerUpdate', 'costMin', 'costMax', 'emissionsMin', 'emissionsMax', 'bigFirm',
  'lr', 'epochs', 'minibatch', 'clip', 'entropyCoef', 'valueCoef', 'maxGradNorm', 'initLogStd', 'hidden', 'evalEvery', 'evalAuctions',
] as const satisfies readonly (keyof typeof permitAuctionSchema)[];

export type PermitAuctionSchema = typeof permitAuctionSchema;
export type PermitAuctionConfig = ConfigOf<PermitAuctionSchema>;
