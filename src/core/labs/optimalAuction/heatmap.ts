/** Heatmap resolution over (v1, v2): points per axis. */
export const HEATMAP_POINTS = 41;

/**
 * The learned mechanism over the value box of two bidders (snapshot `heatmap`): row-major over
 * (v1 index g1, v2 index g2) → row g1·points + g2, each row `[bidder 1, bidder 2]`.
 */
export interface HeatmapSnapshot {
  points: number;
  /** [hi1, hi2]: the box is [0, hi1] × [0, hi2] (value units). */
  upper: [number, number];
  /** Allocation probabilities `[points², 2]`. */
  alloc: number[];
  /** Payments `[points², 2]` (value units). */
  pay: number[];
}

/** Bid profiles of the heatmap: v1 = hi1·g1/(P − 1), v2 = hi2·g2/(P − 1), `[P², 2]` in the snapshot's order. */
export function heatmapGrid(hi1: number, hi2: number, points: number): Float64Array {
  const out = new Float64Array(points * points * 2);
  for (let g1 = 0; g1 < points; g1++)
    for (let g2 = 0; g2 < points; g2++) {
      const row = g1 * points + g2;
      out[row * 2] = (hi1 * g1) / (points - 1);
      out[row * 2 + 1] = (hi2 * g2) / (points - 1);
    }
  return out;
}
