import { allPayDesignEquilibrium } from '../../equilibria/allPayDesign';
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
  return allPayDesignEquilibrium(config.reading, w, config.bidders)?.revenue ?? null;
}

/** The revenue-maximizing design of the closed form: 1 for the prize split (R rises in w); null where R is flat or unknown. */
export function theoryBestW(config: Pick<AllPayDesignConfig, 'reading' | 'values'>): number | null {
  return config.values === 'uniform' && config.reading === 'prize-split' ? 1 : null;
}

/** One-line formula of R(w) for captions, e.g. "R(w) = (2w)/4 = w/2" — null for integer values. */
export function theoryFormula(config: Pick<AllPayDesignConfig, 'reading' | 'bidders' | 'values'>): string | null {
  if (config.values !== 'uniform') return null;
  const n = config.bidders;
  if (config.reading === 'payment-split') {
    const g = gcd(n - 1, n + 1);
    return `R(w) = (n − 1)/(n + 1) = ${(n - 1) / g}/${(n + 1) / g} for every w (revenue equivalence)`;
  }
  // (c + 2w)/(n + 1) in lowest terms, c = n − 3.
  const c = n - 3;
  const g = gcd(gcd(Math.abs(c), 2), n + 1);
  const [a, b, d] = [c / g, 2 / g, (n + 1) / g];
  const ws = b === 1 ? 'w' : `${b}w`;
  const here = a === 0 ? `${ws}/${d}` : a < 0 ? `(${ws} − ${-a})/${d}` : `(${a} + ${ws})/${d}`;
  return `R(w) = (n − 3 + 2w)/(n + 1) = ${here}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? Math.max(1, a) : gcd(b, a % b);
}
