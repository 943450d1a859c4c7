import type { ConfigSchema } from '../config/schema';
import { allPayDesignLab } from './allPayDesign/definition';
import { carbonMarketLab } from './carbonMarket/definition';
import { learnToBidLab } from './learnToBid/definition';
import { optimalAuctionLab } from './optimalAuction/definition';
import { permitAuctionLab } from './permitAuction/definition';
import type { LabDefinition } from './types';

/**
 * The pure registry of labs (one line per lab). The lab picker, URL codec, CLI and tests read it; a lab
 * that is not built yet is simply not listed.
 */
export const labs: readonly LabDefinition<ConfigSchema>[] = [
  learnToBidLab,
  permitAuctionLab,
  optimalAuctionLab,
  allPayDesignLab,
  carbonMarketLab,
];

export function findLab(id: string): LabDefinition<ConfigSchema> | undefined {
  return labs.find((l) => l.id === id);
}
