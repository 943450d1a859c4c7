import { createRng } from '../../math/rng';
import { multiUnitMechanisms, multiUnitMechanismIds } from '../../mechanisms/multiUnitRegistry';
import type { MultiUnitMechanismId, StepBids } from '../../mechanisms/multiUnit';
import { permitOutcomeMetrics } from '../../metrics/permits';
import { stepListsToBids, truthfulTwoTier } from '../../valuations/abatement';
import type { Schedule } from './fields';
import type { PermitAuctionConfig } from './schema';

/** Every figure of one mechanism's outcome on the config's bids (JSON-friendly). */
export type PermitOutcome = ReturnType<typeof permitOutcomeMetrics>;

/** The schedules actually bid: the config's bids, or truthful two-tier bids when it has none. */
export function effectiveSchedules(config: PermitAuctionConfig): Schedule[] {
  if (config.bids.length === config.firms.length) return config.bids;
  return config.firms.map((f) => {
    const [pH, qH, pL, qL] = truthfulTwoTier(f);
    return [
      [pH, qH],
      [pL, qL],
    ];
  });
}

/** Truthful two-tier schedules for the config's firms (the benchmark every view compares against). */
export function truthfulSchedules(config: PermitAuctionConfig): Schedule[] {
  return effectiveSchedules({ ...config, bids: [] });
}

/** Clear one auction of the config with one mechanism (`seed` drives random tie-breaking). */
export function clearWith(config: PermitAuctionConfig, mechanism: MultiUnitMechanismId, seed: number, schedules = effectiveSchedules(config)): PermitOutcome {
  const bids: StepBids = stepListsToBids(schedules);
  const outcome = multiUnitMechanisms[mechanism].clear(bids, {
    supply: config.supply,
    reserve: config.reserve,
    priceRule: config.priceRule,
    tieRule: config.tieRule,
    rng: createRng(seed),
  });
  return permitOutcomeMetrics(config.firms, bids, outcome, config.supply);
}

/** The same bids under every mechanism, side by side (the manual view and `mode=clear`). */
export function clearAll(config: PermitAuctionConfig, seed: number): Record<MultiUnitMechanismId, PermitOutcome> {
  const schedules = effectiveSchedules(config);
  return Object.fromEntries(multiUnitMechanismIds.map((id) => [id, clearWith(config, id, seed, schedules)])) as Record<MultiUnitMechanismId, PermitOutcome>;
}
