import { createRng, type Rng } from '../math/rng';
import {
  createOutcome,
  validateSchedules,
  type MultiUnitMechanism,
  type MultiUnitMechanismId,
  type MultiUnitOutcome,
  type MultiUnitSettings,
  type PriceRule,
  type StepBids,
  type TieRule,
} from '../mechanisms/multiUnit';
import { multiUnitMechanisms } from '../mechanisms/multiUnitRegistry';
import { firmPriorIssue, sampleFirms, type FirmPrior } from '../priors/firms';

/** Settings of a `PermitAuctionEnv`. */
export interface PermitAuctionEnvConfig {
  /** Firms N per auction (integer ≥ 1; the lab uses 2–12). */
  firms: number;
  /** Permits S for sale in each auction (units, > 0). */
  supply: number;
  /** Reserve price (currency per unit, ≥ 0; default 0). */
  reserve?: number;
  /** Clearing rule, a key of `multiUnitMechanisms`. */
  mechanism: MultiUnitMechanismId;
  /** Uniform price only: first rejected or last accepted bid (default 'first-rejected'). */
  priceRule?: PriceRule;
  /** Sharing at the marginal price (default 'pro-rata'); 'random' uses the reset seed's stream. */
  tieRule?: TieRule;
  /** Prior the firm types (c_i, e_i) are drawn from. */
  prior: FirmPrior;
  /** Parallel auctions per step (integer ≥ 1; default 1). */
  K?: number;
}

/** What `step` returns. Every array is a buffer of the env, valid until the next `step` or `reset`. */
export interface PermitAuctionStep {
  /** Profit of each firm V_i(q_i) − payment_i (currency) `[K, N]`. */
  rewards: Float64Array;
  /** The mechanism's outcome of the K auctions just cleared (`[K, N, 2]` fills, `[K, N]` allocation/payments, `[K]` prices). */
  outcome: MultiUnitOutcome;
  /** The submitted bids as a StepBids (T = 2), e.g. for `metrics/permits.ts`. */
  bids: StepBids;
  /** Types of the auctions just cleared: c (currency per unit²) and e (units), `[K, N]` each. */
  types: { c: Float64Array; e: Float64Array };
  /** Observations of the next auctions (freshly drawn types) `[K, N, 2]`, as in `reset`. */
  observations: Float64Array;
}

/**
 * What firm i observes of its own type (c, e): each coordinate normalized to [0, 1] by the prior's bounds (0 for an
 * empty range), emissions first divided by the firm's size `eScale_i`. Written into out[off], out[off + 1].
 */
export function observeType(prior: FirmPrior, i: number, c: number, e: number, out: Float64Array, off: number): void {
  const cw = prior.cMax - prior.cMin;
  const ew = prior.eMax - prior.eMin;
  const norm = (x: number, lo: number, w: number) => (w > 0 ? Math.min(1, Math.max(0, (x - lo) / w)) : 0);
  out[off] = norm(c, prior.cMin, cw);
  out[off + 1] = norm(e / (prior.eScale?.[i] ?? 1), prior.eMin, ew);
}

/** Throw with a message naming the field unless `ok`. */
function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

/**
 * A ParallelEnv-style environment (after PettingZoo's parallel API: every agent acts at once) of K parallel
 * one-shot permit auctions, for independent learning firms (the lab's multi-agent RL setup: a partially observable
 * Markov game where each firm sees only its own costs and submits a two-tier bid [pH, qH, pL, qL]).
 *
 * Every episode is one auction: `reset({seed})` draws each firm's type (c_i, e_i) from the prior in each of the
 * K auctions and returns the observations; `step(actions)` clears all K auctions with the registry mechanism,
 * pays each firm its profit V_i(q_i) − payment_i (`valuations/abatement.ts`: V_i(q) = c_i·q·(e_i − q/2) on
 * [0, e_i]) and draws new types for the next episode.
 *
 * Observation of firm i in auction k, `[K, N, 2]` at (k·N + i)·2: its OWN type normalized by the prior bounds,
 * [(c_i − cMin)/(cMax − cMin), (e_i − eMin)/(eMax − eMin)], each in [0, 1] (0 when the range is degenerate).
 * Actions `[K, N, 4]` at (k·N + i)·4: [pH, qH, pL, qL] in currency per unit and units, used as given (no
 * rescaling, no repair): invalid ones make `step` throw with `validateSchedules`' first message.
 *
 * Buffers (observations, rewards, outcome, bids, types) are allocated once and reused across steps; nothing is
 * allocated per auction. Deterministic: the same config and seed give the same types, outcomes and rewards.
 */
export class PermitAuctionEnv {
  /** Parallel auctions. */
  readonly K: number;
  /** Firms per auction. */
  readonly N: number;
  /** Observation size per firm (normalized c, e). */
  readonly observationSize = 2;
  /** Action size per firm ([pH, qH, pL, qL]). */
  readonly actionSize = 4;
  readonly prior: FirmPrior;
  readonly mechanism: MultiUnitMechanism;
  private readonly settings: MultiUnitSettings;
  private readonly bids: StepBids;
  private outcome: MultiUnitOutcome;
  private readonly rewards: Float64Array;
  private readonly observations: Float64Array;
  /** Double-buffered types: `cur` is the pending auction's, `prev` the last cleared one's. */
  private cur: { c: Float64Array; e: Float64Array };
  private prev: { c: Float64Array; e: Float64Array };
  private typeRng: Rng | null = null;

  constructor(config: PermitAuctionEnvConfig) {
    const { firms: N, supply, prior, mechanism } = config;
    const K = config.K ?? 1;
    const reserve = config.reserve ?? 0;
    check(Number.isInteger(N) && N >= 1, `firms must be an integer ≥ 1 (got ${N})`);
    check(Number.isInteger(K) && K >= 1, `K must be an integer ≥ 1 (got ${K})`);
    check(Number.isFinite(supply) && supply > 0, `supply must be a finite number > 0 (got ${supply})`);
    check(Number.isFinite(reserve) && reserve >= 0, `reserve must be a finite number ≥ 0 (got ${reserve})`);
    check(Object.hasOwn(multiUnitMechanisms, mechanism), `mechanism must be one of ${Object.keys(multiUnitMechanisms).join(', ')} (got ${mechanism})`);
    const issue = firmPriorIssue(prior);
    if (issue) throw new Error(issue);
    this.K = K;
    this.N = N;
    this.prior = { ...prior, eScale: prior.eScale ? [...prior.eScale] : undefined };
    this.mechanism = multiUnitMechanisms[mechanism];
    this.settings = { supply, reserve, priceRule: config.priceRule ?? 'first-rejected', tieRule: config.tieRule ?? 'pro-rata' };
    this.bids = { K, N, T: 2, prices: new Float64Array(K * N * 2), quantities: new Float64Array(K * N * 2) };
    this.outcome = createOutcome(K, N, 2);
    this.rewards = new Float64Array(K * N);
    this.observations = new Float64Array(K * N * 2);
    this.cur = { c: new Float64Array(K * N), e: new Float64Array(K * N) };
    this.prev = { c: new Float64Array(K * N), e: new Float64Array(K * N) };
  }

  /**
   * Start from `seed`: one stream draws the types, a second (forked) one breaks ties when `tieRule` is 'random'.
   * Draws the first auctions' types and returns their observations `[K, N, 2]` (a reused buffer).
   */
  reset({ seed = 0 }: { seed?: number } = {}): { observations: Float64Array } {
    const root = createRng(seed);
    this.typeRng = root.fork();
    this.settings.rng = root.fork();
    this.draw();
    return { observations: this.observations };
  }

  /** Current (pending) types `[K, N]`: c (currency per unit²), e (units). Valid until the next `step`/`reset`. */
  get types(): { c: Float64Array; e: Float64Array } {
    return this.cur;
  }

  /**
   * Clear the K auctions with `actions` `[K, N, 4]` ([pH, qH, pL, qL] per firm), reward each firm its profit,
   * then draw new types (every episode is one auction). Throws when `reset` has not been called, when `actions`
   * has the wrong length, or with `validateSchedules`' first message when a bid is invalid (e.g. pL > pH).
   */
  step(actions: ArrayLike<number>): PermitAuctionStep {
    if (!this.typeRng) throw new Error('call reset({ seed }) before step');
    const { K, N } = this;
    const n = K * N;
    check(actions.length === n * 4, `actions must have K·N·4 = ${n * 4} entries [pH, qH, pL, qL] per firm (got ${actions.length})`);
    const { prices, quantities } = this.bids;
    for (let j = 0; j < n; j++) {
      prices[2 * j] = actions[4 * j]!;
      quantities[2 * j] = actions[4 * j + 1]!;
      prices[2 * j + 1] = actions[4 * j + 2]!;
      quantities[2 * j + 1] = actions[4 * j + 3]!;
    }
    const issues = validateSchedules(this.bids);
    if (issues.length > 0) throw new Error(issues[0].message);
    this.outcome = this.mechanism.clear(this.bids, this.settings, this.outcome);
    const { allocation, payments } = this.outcome;
    const { c, e } = this.cur;
    for (let j = 0; j < n; j++) {
      const cj = c[j];
      const ej = e[j];
      const q = allocation[j];
      const u = q < 0 ? 0 : q > ej ? ej : q;
      this.rewards[j] = cj * u * (ej - u / 2) - payments[j];
    }
    const cleared = this.cur;
    this.cur = this.prev;
    this.prev = cleared;
    this.draw();
    return { rewards: this.rewards, outcome: this.outcome, bids: this.bids, types: cleared, observations: this.observations };
  }

  /**
   * The truthful two-tier bids of the current types (`valuations/abatement.ts` `truthfulTwoTier`):
   * [0.75·c·e, e/2, 0.25·c·e, e/2] per firm, `[K, N, 4]`. Writes into `out` when given.
   */
  truthfulActions(out: Float64Array = new Float64Array(this.K * this.N * 4)): Float64Array {
    const { c, e } = this.cur;
    for (let j = 0; j < this.K * this.N; j++) {
      const ce = c[j] * e[j];
      out[4 * j] = 0.75 * ce;
      out[4 * j + 1] = e[j] / 2;
      out[4 * j + 2] = 0.25 * ce;
      out[4 * j + 3] = e[j] / 2;
    }
    return out;
  }

  /** Draw the pending types and write their normalized observations. */
  private draw(): void {
    const { c, e } = this.cur;
    sampleFirms(this.typeRng!, this.K, this.N, this.prior, c, e);
    // A scaled firm sees its emissions relative to its own range (each firm knows only its own type).
    for (let j = 0; j < this.K * this.N; j++) observeType(this.prior, j % this.N, c[j], e[j], this.observations, 2 * j);
  }
}
