import { createOutcome, type MultiUnitOutcome, type MultiUnitSettings, type StepBids } from '../../mechanisms/multiUnit';
import { uniformPrice } from '../../mechanisms/uniformPrice';
import { bauEmissions, marginalValue, penaltyEmissions, type FirmType } from './economy';

/**
 * The yearly allowance market and the full-auctioning rule, both cleared by the permit-auction lab's uniform-price
 * mechanism (`mechanisms/uniformPrice.ts`, first-rejected price rule, pro-rata ties) over batched step schedules
 * `[K, N + 1, steps + 1]` (K episodes at once).
 *
 * **Call market in pooled-endowment form.** Every firm's allowances go into one pool of S_k = Σ_i a_ki units and
 * every firm bids its whole demand schedule for holdings (its marginal values v_i(x), `economy.ts`). A uniform-price
 * auction of the pool gives firm i the holding x_i at price P; it pays P·x_i and is paid P·a_i for its endowment, so
 * its net trade is x_i − a_i at price P. A seller's *asks* are thereby its bids for its own units: a firm with
 * a_i > x_i(P) offers exactly the units it values below P, i.e. its ask steps are its demand steps above x_i(P).
 * This is the Walrasian call market of a two-sided double auction with the same clearing price (Friedman & Rust,
 * *The Double Auction Market*, 1993, ch. 1; uniform-price clearing as in Krishna, *Auction Theory*, ch. 12).
 * When the pool exceeds all demand at positive prices the price is 0 and the spare units simply expire.
 *
 * **Batching device.** `MultiUnitSettings.supply` is one number per batch, so row N of each auction is a holdover
 * row: it bids above any firm's cap (2·penalty + 1) for S_max − S_k units and always wins them first, leaving
 * exactly S_k for the firms. Its fills are discarded; it never sets the price (it is always filled in full). An
 * auction with S_k = 0 reports price 0 (nothing traded).
 *
 * **Schedules.** Step 0 of firm i: the penalty-capped flat part, price min(penalty, m_i·penalty) for x_pen tons;
 * steps 1…s: the linear part from x_pen to e·Q in s equal pieces, each priced at min(penalty, m_i·v(midpoint))
 * (midpoint rule: the step area equals the integral of v). m_i is a bid multiplier (1 = truthful; PPO firms learn it).
 */
export class AllowanceMarket {
  readonly K: number;
  readonly N: number;
  /** Steps of the linear part s (the schedules have s + 1 steps). */
  readonly steps: number;
  readonly bids: StepBids;
  private outcome: MultiUnitOutcome;
  /** Clearing price per episode `[K]` (currency per allowance). */
  readonly price: Float64Array;
  /** Holdings after clearing `[K, N]` (allowances). */
  readonly holdings: Float64Array;
  /** Cash received (+) or paid (−) in the clearing `[K, N]` (currency). */
  readonly cash: Float64Array;
  private readonly supply: Float64Array;

  constructor(K: number, N: number, steps = 8) {
    this.K = K;
    this.N = N;
    this.steps = steps;
    const T = steps + 1;
    const R = N + 1;
    this.bids = { K, N: R, T, prices: new Float64Array(K * R * T), quantities: new Float64Array(K * R * T) };
    this.outcome = createOutcome(K, R, T);
    this.price = new Float64Array(K);
    this.holdings = new Float64Array(K * N);
    this.cash = new Float64Array(K * N);
    this.supply = new Float64Array(K);
  }

  /**
   * Write every firm's demand schedule for holdings: intensities e `[K, N]`, bid multipliers `[K, N]` (null =
   * truthful). Call before `clearPool` / `auction`.
   */
  writeSchedules(firms: readonly FirmType[], intensity: ArrayLike<number>, penalty: number, multiplier: ArrayLike<number> | null): void {
    const { K, N, steps } = this;
    const T = steps + 1;
    const R = N + 1;
    const { prices, quantities } = this.bids;
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < N; i++) {
        const f = firms[i];
        const e = intensity[k * N + i];
        const m = multiplier ? multiplier[k * N + i] : 1;
        const base = (k * R + i) * T;
        const xPen = penaltyEmissions(f, e, penalty);
        const width = (bauEmissions(f, e) - xPen) / steps;
        prices[base] = Math.min(penalty, m * penalty);
        quantities[base] = xPen;
        for (let t = 1; t <= steps; t++) {
          prices[base + t] = Math.min(penalty, m * marginalValue(f, e, xPen + (t - 0.5) * width, penalty));
          quantities[base + t] = width;
        }
      }
    }
  }

  /** Clear with per-episode supplies `[K]` (the pool, or the auctioned budget); fills `price` and `holdings`. */
  private clear(supply: ArrayLike<number>, penalty: number): void {
    const { K, N, steps } = this;
    const T = steps + 1;
    const R = N + 1;
    let sMax = 0;
    for (let k = 0; k < K; k++) sMax = Math.max(sMax, supply[k]);
    const { prices, quantities } = this.bids;
    for (let k = 0; k < K; k++) {
      const base = (k * R + N) * T;
      prices[base] = 2 * penalty + 1;
      quantities[base] = sMax - supply[k];
      for (let t = 1; t < T; t++) {
        prices[base + t] = 0;
        quantities[base + t] = 0;
      }
    }
    if (sMax <= 0) {
      this.price.fill(0);
      this.holdings.fill(0);
      return;
    }
    const settings: MultiUnitSettings = { supply: sMax, reserve: 0, priceRule: 'first-rejected', tieRule: 'pro-rata' };
    this.outcome = uniformPrice.clear(this.bids, settings, this.outcome);
    for (let k = 0; k < K; k++) {
      this.price[k] = supply[k] > 1e-12 ? this.outcome.price[k] : 0;
      for (let i = 0; i < N; i++) this.holdings[k * N + i] = this.outcome.allocation[k * R + i]!;
    }
  }

  /** The call market: endowments `[K, N]` are pooled and cleared; `cash` = P·(a_i − x_i) (sums to 0 per episode). */
  clearPool(endowment: ArrayLike<number>, penalty: number): void {
    const { K, N } = this;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let i = 0; i < N; i++) s += endowment[k * N + i];
      this.supply[k] = s;
    }
    this.clear(this.supply, penalty);
    for (let j = 0; j < K * N; j++) this.cash[j] = this.price[(j / N) | 0] * (endowment[j] - this.holdings[j]);
  }

  /**
   * Full auctioning: the year's budget `[K]` is sold by uniform price; revenue is recycled equally, so
   * `cash` = −P·x_i + P·Σ_j x_j / N. Returns nothing; `holdings` are the units won.
   */
  auction(budget: ArrayLike<number>, penalty: number): void {
    const { K, N } = this;
    this.clear(budget, penalty);
    for (let k = 0; k < K; k++) {
      const p = this.price[k];
      let sold = 0;
      for (let i = 0; i < N; i++) sold += this.holdings[k * N + i];
      for (let i = 0; i < N; i++) this.cash[k * N + i] = p * (sold / N - this.holdings[k * N + i]);
    }
  }
}
