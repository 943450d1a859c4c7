import type { MultiUnitMechanismId } from '../../mechanisms/multiUnit';

/**
 * The theory value of the headline Demand Reduction Index (`metrics/demandReduction.ts`) for N learning firms, or
 * null where the lab quotes none.
 * - uniform price: 1/(N − 1), the share of true demand each of N symmetric bidders with linear marginal values
 *   withholds at every price in the linear supply-function equilibrium (Klemperer & Meyer 1989; Vives 2011,
 *   Econometrica 79; Ausubel et al. 2014 for demand reduction); N = 2 has no linear equilibrium and 1 is the
 *   limit (withhold everything beyond the first unit).
 * - VCG: 0: truthful bidding is a dominant strategy (Vickrey 1961), and the best two-step bid prices each step at
 *   the mean value of the units it covers, which the index reads as 0.
 * - pay-as-bid: null: bidders shade every unit towards the expected price (bid shading, not demand reduction), and
 *   no closed form for the index is quoted.
 */
export function driBenchmark(mechanism: MultiUnitMechanismId, firms: number): number | null {
  if (mechanism === 'vcg') return 0;
  if (mechanism === 'uniform') return firms > 1 ? 1 / (firms - 1) : null;
  return null;
}
