/**
 * The port between the optimal-auction run loop (pure, here) and a neural mechanism (tfjs, in src/learn).
 * Shapes: values/bids `[batch, n]` row-major; allocations and payments `[batch, n]`; value units.
 */

/** How misreports are searched for when estimating regret (gradient ascent on the bidder's own utility). */
export interface MisreportSearch {
  /** Gradient-ascent steps per restart. */
  steps: number;
  /** Number of starting points, the truthful report included; the others cover the report range in equal slices (`init`). */
  restarts: number;
  /** Step size of the ascent, as a fraction of the report range per unit gradient. */
  lr: number;
  /** Where the non-truthful restarts start: the middle of each slice (`grid`) or a uniform draw within it (`random`). */
  init: 'random' | 'grid';
}

/** A mechanism's outcome on a batch of bid profiles. */
export interface MechanismOutcome {
  /** Allocation probabilities a_i(b) `[batch, n]` (row sums ≤ 1; the rest is "no sale"). */
  alloc: Float64Array;
  /** Payments p_i(b) `[batch, n]`. */
  pay: Float64Array;
}

/** Phase-1 imitation targets: the classic mechanism's outcome on the same draws. */
export interface ImitationTarget {
  /** Winner per profile `[batch]`, −1 = no sale. */
  winner: Int32Array;
  /** Payments `[batch, n]`. */
  payments: Float64Array;
}

/** Phase-2 step inputs (augmented Lagrangian, Dütting et al. 2019, "Optimal Auctions through Deep Learning"). */
export interface PenaltyStep {
  /** Multipliers λ_i `[n]`. */
  lambda: readonly number[];
  /** Quadratic penalty weight ρ. */
  rho: number;
  /** Learning rate of the mechanism's optimizer. */
  lr: number;
  search: MisreportSearch;
}

/** A learnable mechanism. Implementations must free every intermediate tensor (tested). */
export interface MechanismLearner {
  readonly bidders: number;
  /** One supervised step toward the target mechanism; returns the imitation loss and the batch's revenue (before the update). */
  imitateStep(values: Float64Array, batch: number, target: ImitationTarget, lr: number): Promise<{ loss: number; revenue: number }>;
  /**
   * One step on −revenue + Σ λ_i·rgt_i + (ρ/2)·Σ rgt_i² where rgt_i is bidder i's mean regret against the
   * misreports found by `search`. Returns the batch's revenue and regret estimates (before the update).
   */
  penaltyStep(values: Float64Array, batch: number, step: PenaltyStep): Promise<{ revenue: number; regret: Float64Array }>;
  /** Fresh optimizer state (phase 2 starts from the phase-1 weights but not its Adam moments, so a cached warm start gives the same run). */
  resetOptimizer(): void;
  /** Truthful outcome. */
  outcome(values: Float64Array, batch: number): Promise<MechanismOutcome>;
  /** Per-profile regret `[batch, n]`: max over the misreports found of u_i(b′_i, v_−i) − u_i(v) (≥ 0). */
  regret(values: Float64Array, batch: number, search: MisreportSearch): Promise<Float64Array>;
  /** Trained weights (for the warm-start cache and "run with best"). */
  exportWeights(): Promise<Float32Array[]>;
  importWeights(weights: readonly Float32Array[]): void;
  dispose(): void;
}
