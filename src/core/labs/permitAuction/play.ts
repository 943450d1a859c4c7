import { observeType } from '../../env/permitAuctionEnv';
import { BatchedMlp } from '../../learning/mlp';
import type { PpoPolicySnapshot } from '../../learning/ppoAgents';
import { createRng } from '../../math/rng';
import type { MultiUnitMechanismId } from '../../mechanisms/multiUnit';
import { sampleFirms, type FirmPrior } from '../../priors/firms';
import { truthfulTwoTier } from '../../valuations/abatement';
import { latentsToBids } from './actionMapping';
import { clearWith, type PermitOutcome } from './clearAll';
import type { FirmType, Schedule } from './fields';
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
