import type { FirmType } from '../labs/permitAuction/fields';
import { agentBids, policyNetworks } from '../labs/permitAuction/play';
import type { BatchedMlp } from '../learning/mlp';
import { paramCount } from '../learning/mlp';
import type { PpoPolicySnapshot } from '../learning/ppoAgents';
import type { FirmPrior } from '../priors/firms';
import type { PolicySnapshotMessage } from './protocol';

/**
 * The PPO firms of a classroom room: trained policies (the lab's `PpoPolicySnapshot`) bid for the room's PPO seats
 * with their deterministic (mean) action, through the lab's own `agentBids` (`labs/permitAuction/play.ts`).
 */

/** The uploaded snapshot as the lab's type, or why it cannot be used (parameter count against the network sizes). */
export function readPolicies(p: PolicySnapshotMessage): { ok: true; policies: PpoPolicySnapshot } | { ok: false; reason: string } {
  const P = paramCount(p.obsDim, p.hidden, p.actDim);
  if (p.policyParams.length !== p.agents * P) {
    return { ok: false, reason: `policyParams has ${p.policyParams.length} weights; ${p.agents} networks of ${p.hidden} hidden units need ${p.agents * P}` };
  }
  if (p.logStd.length !== p.agents * p.actDim) return { ok: false, reason: `logStd has ${p.logStd.length} entries; expected ${p.agents * p.actDim}` };
  return { ok: true, policies: { ...p, policyParams: [...p.policyParams], logStd: [...p.logStd] } };
}

/** Networks ready to evaluate for a snapshot. */
export function networksOf(policies: PpoPolicySnapshot): BatchedMlp {
  return policyNetworks(policies);
}

/**
 * Mean two-tier bids [pH, qH, pL, qL] for PPO firms of types `firms` (PPO seat p bids with network p mod M, M the
 * number of networks): the seats go through `agentBids` M at a time, the last group padded with copies of its first
 * type (the padding's bids are dropped). `prior` is the room's type distribution (the observation's normalization).
 */
export function ppoBids(net: BatchedMlp, firms: readonly FirmType[], prior: FirmPrior, reserve: number): number[][] {
  const M = net.M;
  const out: number[][] = [];
  for (let start = 0; start < firms.length; start += M) {
    const group = firms.slice(start, start + M);
    const padded = [...group, ...Array.from({ length: M - group.length }, () => group[0])];
    out.push(...agentBids(net, padded, prior, reserve).slice(0, group.length));
  }
  return out;
}
