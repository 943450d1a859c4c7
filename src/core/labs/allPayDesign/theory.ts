import { allPayDesignEquilibrium } from '../../equilibria/allPayDesign';
import type { AllPayReading } from '../../mechanisms/allPayRank';
import { W_MAX, W_MIN } from './designs';
import type { AllPayDesignConfig } from './schema';

/** `points` designs evenly spaced over [1/2, 1] (both ends included). */
export function designGrid(points: number): number[] {
  return Array.from({ length: points }, (_, i) => W_MIN + ((W_MAX - W_MIN) * i) / (points - 1));
}

/**
 * Closed-form equilibrium revenue R(w) of the config's reading for U[0, 1] values (derivations in
 * `equilibria/allPayDesign.ts`): prize split (n − 3 + 2w)/(n + 1), payment split (n − 1)/(n + 1). Null for the
 * integer values, which have no closed form here.
 */
export function theoryRevenue(config: Pick<AllPayDesignConfig, 'reading' | 'bidders' | 'values'>, w: number): number | null {
  if (config.values !== 'uniform') return null;
  return allPayDesignEquilibrium(config.reading as AllPayReading, w, config.bidders)?.revenue ?? null;
}

/** The revenue-maximizing design of the closed form: 1 for the prize split (R rises in w); null where R is flat or unknown. */
export function theoryBestW(config: Pick<AllPayDesignConfig, 'reading' | 'values'>): number | null {
  return config.values === 'uniform' && config.reading === 'prize-split' ? 1 : null;
}

/** One-line formula of R(w) for captions, e.g. "R(w) = (2w)/4 = w/2" — null for integer values. */
export function theoryFormula(config: Pick<AllPayDesignConfig, 'reading' | 'bidders' | 'values'>): string | null {
  if (config.values !== 'uniform') return null;
  const n = config.bidders;
  if (config.reading === 'payment-split') return `R(w) = (n − 1)/(n + 1) = ${n - 1}/${n + 1} for every w (revenue equivalence)`;
  const c = n - 3;
  const here = c === 0 ? 'w/2' : c < 0 ? `(2w − ${-c})/${n + 1}` : `(${c} + 2w)/${n + 1}`;
  return `R(w) = (n − 3 + 2w)/(n + 1) = ${here}`;
}
