import type { BidFunction } from '../../equilibria/singleItem';
import type { SingleItemMechanism } from '../../mechanisms/singleItem';
import { allocativeEfficiency, l2Distance, meanRevenue, meanUtilities } from '../../metrics/singleItem';
import { bidderBounds } from './bounds';

/** Points per bidder on the value grid used for bid-function plots and the L2 distance. */
export const BID_GRID_POINTS = 41;

/**
 * Values grid `[G, N]`: row g holds v_g·a_i for every bidder i, v_g = g/(G−1), so each bidder's column
 * spans its own support [0, a_i]. `upper` is one bound per bidder, or one bound for all `bidders`
 * (`bidderBounds`).
 */
export function valueGrid(upper: readonly number[], bidders = upper.length, points = BID_GRID_POINTS): Float64Array {
  const bounds = bidderBounds({ bidders, upper });
  const n = bidders;
  const grid = new Float64Array(points * n);
  for (let g = 0; g < points; g++) for (let i = 0; i < n; i++) grid[g * n + i] = (g / (points - 1)) * bounds[i];
  return grid;
}

/** Learned and equilibrium bid functions on the grid: what the "bid functions" chart draws. */
export interface BidFunctionSnapshot {
  /** `values[i][g]`: bidder i's g-th grid value (value units). */
  values: number[][];
  /** `bids[i][g]`: bidder i's learned bid there. */
  bids: number[][];
  /** `equilibrium[i][g]`, or null where no closed form exists. */
  equilibrium: number[][] | null;
}

export function bidFunctionSnapshot(
  gridValues: Float64Array,
  gridBids: Float64Array,
  bidders: number,
  equilibrium: BidFunction[] | null,
): BidFunctionSnapshot {
  const points = gridValues.length / bidders;
  const col = (a: Float64Array, i: number) => Array.from({ length: points }, (_, g) => a[g * bidders + i]);
  const values = Array.from({ length: bidders }, (_, i) => col(gridValues, i));
  return {
    values,
    bids: Array.from({ length: bidders }, (_, i) => col(gridBids, i)),
    equilibrium: equilibrium ? values.map((vs, i) => vs.map((v) => equilibrium[i](v))) : null,
  };
}

/**
 * Mean over bidders of the RMS distance between learned and equilibrium bids on the value grid
 * (value units); null where no closed-form equilibrium exists.
 */
export function l2ToEquilibrium(snapshot: BidFunctionSnapshot): number | null {
  if (!snapshot.equilibrium) return null;
  let s = 0;
  for (let i = 0; i < snapshot.bids.length; i++) s += l2Distance(snapshot.bids[i], snapshot.equilibrium[i]);
  return s / snapshot.bids.length;
}

/** Outcome of the exact (hard) rule on a batch: per-bidder mean utility, revenue and efficiency. */
export interface ExactOutcome {
  utilities: Float64Array;
  revenue: number;
  efficiency: number;
}

/** Clear a batch with the mechanism's exact rule (ties to the lowest index; they have probability 0 here). */
export function exactOutcome(
  mechanism: SingleItemMechanism,
  values: Float64Array,
  bids: Float64Array,
  batch: number,
  bidders: number,
): ExactOutcome {
  const { winner, payments } = mechanism.clear(bids, batch, bidders);
  return {
    utilities: meanUtilities(values, winner, payments, batch, bidders),
    revenue: meanRevenue(payments, batch),
    efficiency: allocativeEfficiency(values, winner, batch, bidders),
  };
}


