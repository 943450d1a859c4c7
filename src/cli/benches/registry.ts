/**
 * Lab benchmark modules run by `npm run bench` after the built-in ones (see `types.ts`). Adding a lab's benches is
 * one file in this folder plus one line here.
 */
import type { LabBench } from './types';
import { permitPpoBench } from './permitPpo';
import { permitContrastBench } from './permitContrast';
import { optimalAuctionBench } from './optimalAuction';
import { allPayDesignBench } from './allPayDesign';
import { carbonMarketBench } from './carbonMarket';
import { classroomBench } from './classroom';

export const labBenches: readonly LabBench<any>[] = [
  permitPpoBench,
  permitContrastBench,
  optimalAuctionBench,
  allPayDesignBench,
  carbonMarketBench,
  classroomBench,
];

/** The module that emits `name`, if any. */
export function findLabBench(module: string): LabBench<any> | undefined {
  return labBenches.find((b) => b.names[0] === module);
}
