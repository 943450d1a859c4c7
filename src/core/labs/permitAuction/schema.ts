import type { ConfigOf, ConfigSchema } from '../../config/schema';
import { bidsField, firmsField, type FirmType } from './fields';

/** Four firms of different sizes and costs: true demand 36 permits against a default supply of 24. */
export const DEFAULT_FIRMS: FirmType[] = [
  { c: 1, e: 12 },
  { c: 1.5, e: 8 },
  { c: 2, e: 6 },
  { c: 0.8, e: 10 },
];

/**
 * Config of the permit-auction lab. Fixed key names (CLI, URL): mode, firms, bids, supply, mechanism,
 * priceRule, reserve. The others are the lab's own.
 */
export const permitAuctionSchema = {
  mode: {
    kind: 'enum',
    label: 'Mode',
    help: 'clear: clear one auction on the bids given (manual play).',
    default: 'clear',
    options: [{ value: 'clear', label: 'Clear the bids (manual)' }],
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
    options: [
      { value: 'uniform', label: 'Uniform price' },
      { value: 'discriminatory', label: 'Discriminatory (pay as bid)' },
      { value: 'vcg', label: 'VCG' },
    ],
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
} as const satisfies ConfigSchema;

export type PermitAuctionSchema = typeof permitAuctionSchema;
export type PermitAuctionConfig = ConfigOf<PermitAuctionSchema>;
