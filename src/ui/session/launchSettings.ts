import type { PermitAuctionConfig } from '../../core/labs/permitAuction/schema';
import type { PpoPolicySnapshot } from '../../core/learning/ppoAgents';
import { MAX_POLICY_AGENTS, MAX_POLICY_HIDDEN, MAX_SEATS, MAX_TIMER_SECONDS, type PolicySnapshotMessage, type RoomSettings } from '../../core/session/protocol';

/** What the instructor chooses in the launcher besides the lab's settings. */
export interface LaunchChoices {
  /** Firms in the market: students plus PPO firms (2 … `MAX_SEATS`). */
  seats: number;
  /** Of which trained PPO firms (0 … seats − 1). */
  ppoSeats: number;
  /** Round timer in seconds (0: the instructor closes each round). */
  timerSeconds: number;
  /** Permits for sale per round (whole market). */
  supply: number;
}

/**
 * Supply for a class of `seats` firms with the lab's scarcity: the lab sells S permits against its firms' total
 * emissions Σe (true demand at price 0), so the class gets S/Σe of its expected emissions, seats · (eMin + eMax)/2,
 * rounded to whole permits, at least 1. The lab's defaults (24 permits for emissions 36, e ~ U[4, 8]) give 4 permits
 * a seat: 120 for 30 seats.
 */
export function classSupply(config: Pick<PermitAuctionConfig, 'supply' | 'firms' | 'emissionsMin' | 'emissionsMax'>, seats: number): number {
  const emissions = config.firms.reduce((s, f) => s + f.e, 0);
  const scarcity = emissions > 0 ? config.supply / emissions : 1;
  return Math.max(1, Math.round(scarcity * seats * ((config.emissionsMin + config.emissionsMax) / 2)));
}

/**
 * The room settings of a class session from the lab's current settings: mechanism, uniform-price rule, reserve and
 * the firms' type distribution c ~ U[costMin, costMax], e ~ U[emissionsMin, emissionsMax] (the lab's training prior;
 * its big-firm multiplier has no seat to apply to in a class and is left out), with the launcher's choices.
 * Returns the settings or the first problem, naming the field.
 */
export function roomSettingsOf(config: PermitAuctionConfig, choices: LaunchChoices): { settings: RoomSettings } | { issue: string } {
  const { seats, ppoSeats, timerSeconds, supply } = choices;
  if (!Number.isInteger(seats) || seats < 2 || seats > MAX_SEATS) return { issue: `seats: a whole number from 2 to ${MAX_SEATS}` };
  if (!Number.isInteger(ppoSeats) || ppoSeats < 0 || ppoSeats >= seats) return { issue: `trained firms: a whole number from 0 to ${seats - 1} (at least one seat is for a student)` };
  if (!Number.isInteger(timerSeconds) || timerSeconds < 0 || timerSeconds > MAX_TIMER_SECONDS) return { issue: `round timer: whole seconds from 0 (no timer) to ${MAX_TIMER_SECONDS}` };
  if (!Number.isFinite(supply) || supply < 0.1 || supply > 100_000) return { issue: 'supply: from 0.1 to 100 000 permits' };
  return {
    settings: {
      mechanism: config.mechanism,
      priceRule: config.priceRule,
      supply,
      reserve: config.reserve,
      prior: { cMin: config.costMin, cMax: config.costMax, eMin: config.emissionsMin, eMax: config.emissionsMax },
      seats,
      ppoSeats,
      timerSeconds,
    },
  };
}

/**
 * Trained policies in the shape the server accepts (`PolicySnapshot` of the protocol: two observations, four
 * actions, at most `MAX_POLICY_AGENTS` networks of at most `MAX_POLICY_HIDDEN` hidden units), or why they cannot go.
 */
export function policyUpload(p: PpoPolicySnapshot): { policies: PolicySnapshotMessage } | { issue: string } {
  if (p.obsDim !== 2 || p.actDim !== 4) return { issue: 'these policies are not permit-auction firms (2 observations, 4 actions)' };
  if (p.agents < 2 || p.agents > MAX_POLICY_AGENTS) return { issue: `these policies hold ${p.agents} firms; the server takes 2 to ${MAX_POLICY_AGENTS}` };
  if (p.hidden > MAX_POLICY_HIDDEN) return { issue: `these policies have ${p.hidden} hidden units; the server takes at most ${MAX_POLICY_HIDDEN} (train with fewer hidden units)` };
  return {
    policies: {
      format: p.format,
      version: p.version,
      agents: p.agents,
      obsDim: 2,
      hidden: p.hidden,
      actDim: 4,
      policyParams: Array.from(p.policyParams),
      logStd: Array.from(p.logStd),
    },
  };
}
