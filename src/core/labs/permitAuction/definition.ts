import type { ConfigIssue } from '../../config/schema';
import type { LabDefinition } from '../types';
import { permitAuctionPresets } from './presets';
import { permitAuctionSchema, type PermitAuctionConfig, type PermitAuctionSchema } from './schema';

/** Cross-field rule: bids, when given, hold exactly one schedule per firm (otherwise they are rejected). */
export function normalizePermitAuction(config: PermitAuctionConfig): { config: PermitAuctionConfig; issues: ConfigIssue[] } {
  if (config.bids.length === 0 || config.bids.length === config.firms.length) return { config, issues: [] };
  return {
    config: { ...config, bids: [] },
    issues: [{ field: 'bids', message: `bids: has ${config.bids.length} schedules for ${config.firms.length} firms; expected one per firm (or [] for truthful bids)` }],
  };
}

/** The pure registry entry of the permit-auction lab (runner: src/learn/labs; view: src/ui/labs). */
export const permitAuctionLab: LabDefinition<PermitAuctionSchema> = {
  id: 'permit-auction',
  title: 'Permit auction',
  summary: 'A regulator auctions carbon permits to firms with abatement costs: uniform price, pay-as-bid and VCG side by side; watch demand reduction.',
  schema: permitAuctionSchema,
  presets: permitAuctionPresets,
  normalize: normalizePermitAuction,
  label: (c, seed) => `${c.mechanism} · ${c.firms.length} firms · S=${c.supply}${c.bids.length ? '' : ' · truthful'} · seed ${seed}`,
  expand: (c) => [c],
};
