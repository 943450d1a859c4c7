import type { BidLearner } from './bidLearner';

/**
 * The value range A = max_i a_i of the bounds `[a_1, …, a_N]` (value units): the unit in which the learners see
 * values and bids, so β is relative to it. The relaxation is σ(β·(b − m)/A): rescaling every bound by c rescales A
 * by c and leaves every normalized value, bid and gradient as it was, so the learned slopes are the same and the
 * bids are c times larger, whatever the optimizer.
 */
export function valueScale(upper: readonly number[]): number {
  return Math.max(...upper);
}

/**
 * A learner that works on normalized values ṽ = v/A, seen from the run loop in value units: `bid` takes and
 * returns value units, `step` returns each bidder's smoothed utility in value units (A × the normalized one).
 * `step` takes values already normalized (the loop draws ṽ ~ U[0, a_i/A] and derives v = A·ṽ), so two runs whose
 * bounds differ by a common factor train on bit-identical inputs.
 */
export class NormalizedLearner {
  readonly bidders: number;
  constructor(
    readonly inner: BidLearner,
    readonly scale: number,
  ) {
    this.bidders = inner.bidders;
  }

  /** One ascent step on normalized values `[batch, bidders]` at relative steepness β; utilities in value units. */
  async step(normalized: Float64Array, batch: number, beta: number, wantUtility: boolean, lr: number): Promise<Float64Array | null> {
    const u = await this.inner.step(normalized, batch, beta, wantUtility, lr);
    if (!u) return null;
    return u.map((x) => x * this.scale);
  }

  /** Bids `[batch, bidders]` in value units for values in value units. */
  async bid(values: Float64Array, batch: number): Promise<Float64Array> {
    const a = this.scale;
    const b = await this.inner.bid(a === 1 ? values : values.map((v) => v / a), batch);
    return a === 1 ? b : b.map((x) => x * a);
  }

  slopes(): number[] | null | Promise<number[] | null> {
    return this.inner.slopes();
  }

  get cheapSlopes(): boolean {
    return this.inner.cheapSlopes === true;
  }
}
