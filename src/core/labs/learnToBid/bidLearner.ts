/**
 * A population of N bidders that learn bid functions by simultaneous gradient play on the sigmoid-relaxed
 * auction (source report): each bidder ascends the gradient of its own smoothed expected utility, holding
 * the others' bids fixed (detached), on a fresh batch of value draws every step.
 *
 * Shapes: `values` and returned bids are `[batch, bidders]` row-major, in value units.
 * Implementations: `LinearGradientPlay` (plain TypeScript, closed-form gradient) in core; tfjs learners
 * (linear via autograd, neural) in src/learn.
 */
export interface BidLearner {
  readonly bidders: number;
  /**
   * One simultaneous ascent step at steepness β. Returns each bidder's mean smoothed utility on this batch
   * (`[bidders]`) when `wantUtility` is true (tfjs learners skip the device read-back otherwise), else null.
   * `lr` sets the optimizer's learning rate for this and later steps.
   */
  step(values: Float64Array, batch: number, beta: number, wantUtility: boolean, lr: number): Float64Array | null | Promise<Float64Array | null>;
  /** Current bids for the given values, `[batch, bidders]`. */
  bid(values: Float64Array, batch: number): Float64Array | Promise<Float64Array>;
  /**
   * True when `slopes()` is free (plain TypeScript); tensor learners read slopes back from the device only on
   * recorded steps.
   */
  readonly cheapSlopes?: boolean;
  /** Slopes w_i of linear policies (`[bidders]`), or null for non-linear ones. */
  slopes(): number[] | null | Promise<number[] | null>;
  /** Free tensors and buffers. */
  dispose(): void;
}

/**
 * Rival pairings per draw of the neural learner (`TfLearnerOptions.pairings` in src/learn): every bid also meets
 * the rival bids of 31 other draws of the batch. A steep σ takes its gradient only from auctions near a tie; with
 * one pairing the all-pay top types get too few of them (N = 3 at the preset: b(1) 0.58–0.70 over seeds, against 2/3).
 */
export const NEURAL_PAIRINGS = 32;
