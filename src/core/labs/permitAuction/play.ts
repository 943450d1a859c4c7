import { observeType } from '../../env/permitAuctionEnv';
import { BatchedMlp } from '../../learning/mlp';
import type { PpoPolicySnapshot } from '../../learning/ppoAgents';
import { createRng } from '../../math/rng';
import type { MultiUnitMechanismId } from '../../mechanisms/multiUnit';
import { sampleFirms, type FirmPrior } from '../../priors/firms';
import { truthfulTwoTier } from '../../valuations/abatement';
import { latentsToBids } from './actionMapping';
import { clearWith, type PermitOutcome } from './clearAll';
import { parseSchedule, type FirmType, type Schedule } from './fields';
import type { PermitAuctionConfig } from './schema';
import { permitPpoConfigOf } from './trainConfig';

/**
 * "Play against the agents": the user bids as one firm, trained PPO policies (a `PpoPolicySnapshot`) bid their
 * deterministic (mean) action for every other firm, and one auction clears with the part-1 mechanism code. Pure:
 * the page runs it directly (one auction clears in microseconds).
 */

/** The policy networks of a snapshot, ready to evaluate. */
export function policyNetworks(s: PpoPolicySnapshot): BatchedMlp {
  const net = new BatchedMlp(s.agents, s.obsDim, s.hidden, s.actDim);
  net.params.set(s.policyParams);
  return net;
}

/** The prior a train-mode config draws firm types from (`permitPpoConfigOf`). */
export function priorOf(config: PermitAuctionConfig): FirmPrior {
  return permitPpoConfigOf(config).prior;
}

/** Round r's firm types: N draws from the prior with `createRng(seed · 7919 + r)` (reproducible, different each round). */
export function drawRound(prior: FirmPrior, N: number, seed: number, round: number): FirmType[] {
  const { c, e } = sampleFirms(createRng(seed * 7919 + round), 1, N, prior);
  return Array.from({ length: N }, (_, i) => ({ c: c[i], e: e[i] }));
}

/** Every firm's mean (deterministic) bid [pH, qH, pL, qL] under the policies, for the given types. */
export function agentBids(net: BatchedMlp, firms: readonly FirmType[], prior: FirmPrior, reserve: number): number[][] {
  const N = firms.length;
  if (net.M !== N) throw new Error(`the policies are for ${net.M} firms, this round has ${N}`);
  // Agent-major [N, 1, 2]: one sample per agent.
  const obs = new Float64Array(N * 2);
  firms.forEach((f, i) => observeType(prior, i, f.c, f.e, obs, 2 * i));
  const z = net.forward(obs, 1);
  const out = latentsToBids(z.subarray(0, N * 4), Float64Array.from(firms, (f) => f.c), Float64Array.from(firms, (f) => f.e), reserve);
  return firms.map((_, i) => Array.from(out.subarray(4 * i, 4 * i + 4)));
}

/** A two-tier bid as a step schedule. */
export const toSchedule = (b: readonly number[]): Schedule => [
  [b[0], b[1]],
  [b[2], b[3]],
];

/** One round's result for the user's firm `me`: the outcome of its bid, and what truthful bidding would have earned. */
export interface PlayResult {
  outcome: PermitOutcome;
  /** The same auction with the user's bid replaced by its truthful two-tier bid (the agents' bids unchanged). */
  truthfulOutcome: PermitOutcome;
  profit: number;
  truthfulProfit: number;
  schedules: Schedule[];
}

/**
 * Clear one round: firm `me` bids `myBid` ([pH, qH, pL, qL], already validated), every other firm bids the agents'
 * `bids[i]`, under `mechanism` with the config's supply, reserve, price and tie rules.
 */
export function playRound(
  config: PermitAuctionConfig,
  mechanism: MultiUnitMechanismId,
  firms: FirmType[],
  bids: readonly (readonly number[])[],
  me: number,
  myBid: readonly number[],
  seed: number,
): PlayResult {
  const schedules = bids.map((b, i) => toSchedule(i === me ? myBid : b));
  const truthfulSchedules = bids.map((b, i) => toSchedule(i === me ? truthfulTwoTier(firms[me]) : b));
  const c = { ...config, mode: 'clear', firms, bids: schedules } as PermitAuctionConfig;
  const outcome = clearWith(c, mechanism, seed, schedules);
  const truthfulOutcome = clearWith({ ...c, bids: truthfulSchedules }, mechanism, seed, truthfulSchedules);
  return { outcome, truthfulOutcome, profit: outcome.profits[me], truthfulProfit: truthfulOutcome.profits[me], schedules };
}

/** The opponents of a play session: trained policies, ready to evaluate, and the train-mode config they learned under. */
export interface PlayTable {
  config: PermitAuctionConfig;
  mechanism: MultiUnitMechanismId;
  /** The training seed: round r draws its types from it (`drawRound`) and clears with seed + r. */
  seed: number;
  net: BatchedMlp;
  prior: FirmPrior;
}

/** A play table for policies trained (or imported) under `config` and `mechanism`. */
export function playTable(config: PermitAuctionConfig, mechanism: MultiUnitMechanismId, seed: number, policies: PpoPolicySnapshot): PlayTable {
  return { config, mechanism, seed, net: policyNetworks(policies), prior: priorOf(config) };
}

/** One round as drawn, before the user bids: every firm's type, the agents' bids, and the user's truthful bid. */
export interface RoundDeal {
  round: number;
  firms: FirmType[];
  /** The agents' mean bids for every firm (entry 0, the user's firm, is replaced by the user's bid). */
  bids: number[][];
  /** Firm 1's truthful two-tier bid [pH, qH, pL, qL]. */
  truthful: number[];
}

/** Draw round `round` (1, 2, …) of a table: the same round always draws the same types and agent bids. */
export function dealRound(t: PlayTable, round: number): RoundDeal {
  const firms = drawRound(t.prior, t.net.M, t.seed, round);
  const bids = agentBids(t.net, firms, t.prior, t.config.reserve);
  return { round, firms, bids, truthful: [...truthfulTwoTier(firms[0])] };
}

/** The running score: the user's profit and what truthful bidding would have made, summed over the rounds played. */
export interface PlayScore {
  rounds: number;
  profit: number;
  truthful: number;
  /** profit − truthful: positive when the user's bids beat truthful bidding on the same draws. */
  gain: number;
}

/** The score of the settled rounds `results` (each against truthful bidding on the same draws and agent bids). */
export function scoreOf(results: readonly PlayResult[]): PlayScore {
  let profit = 0;
  let truthful = 0;
  for (const r of results) {
    profit += r.profit;
    truthful += r.truthfulProfit;
  }
  return { rounds: results.length, profit, truthful, gain: profit - truthful };
}

/**
 * A play session, a two-state machine per round: `awaiting-bid` (the round's types are drawn and shown, the bid
 * is open) → `submitBid` → `settled` (the outcome is shown) → `nextRound` → the next round's `awaiting-bid`.
 * `results` holds every settled round, in order; the current round's is last once it is settled.
 */
export type PlaySession =
  | { state: 'awaiting-bid'; deal: RoundDeal; results: readonly PlayResult[] }
  | { state: 'settled'; deal: RoundDeal; results: readonly PlayResult[]; result: PlayResult };

/** A new session at round 1, awaiting the user's bid. */
export function startPlay(t: PlayTable): PlaySession {
  return { state: 'awaiting-bid', deal: dealRound(t, 1), results: [] };
}

/**
 * Settle the current round with the user's bid ([pH, qH, pL, qL], validated: see `parseBid`). Only an
 * `awaiting-bid` session settles; a settled one is returned unchanged (a round settles once).
 */
export function submitBid(t: PlayTable, s: PlaySession, bid: readonly number[]): PlaySession {
  if (s.state !== 'awaiting-bid') return s;
  const result = playRound(t.config, t.mechanism, s.deal.firms, s.deal.bids, 0, bid, t.seed + s.deal.round);
  return { state: 'settled', deal: s.deal, results: [...s.results, result], result };
}

/** Draw the next round and await its bid. Only a `settled` session moves on; an unsettled one is returned unchanged. */
export function nextRound(t: PlayTable, s: PlaySession): PlaySession {
  if (s.state !== 'settled') return s;
  return { state: 'awaiting-bid', deal: dealRound(t, s.deal.round + 1), results: s.results };
}

/**
 * The user's typed bid (four fields [pH, qH, pL, qL]) for a firm of type `me`, validated: prices that do not
 * increase, quantities within bounds, and at most `me.e` permits in all (quantities are typed to 2 decimals, so a
 * sum within 0.01 of e counts as e and the tiers are trimmed to fit). Returns the bid or the reason it is refused.
 */
export function parseBid(values: readonly string[], me: FirmType): { bid: number[]; issue?: undefined } | { bid?: undefined; issue: string } {
  const r = parseSchedule(values.map((v) => (v.trim() === '' ? NaN : Number(v))), 0);
  if (!r.value) return { issue: (r.issue ?? 'invalid bid').replace(/^firm 1/, 'your bid') };
  const bid = [r.value[0][0], r.value[0][1], r.value[1][0], r.value[1][1]];
  if (bid[1] + bid[3] > me.e + 0.01) {
    return { issue: `your bid asks for ${fmtBid(bid[1] + bid[3])} permits; you emit only ${fmtBid(me.e)}, so at most ${fmtBid(me.e)}` };
  }
  bid[1] = Math.min(bid[1], me.e);
  bid[3] = Math.min(bid[3], me.e - bid[1]);
  return { bid };
}

const fmtBid = (x: number): string => x.toFixed(2);
