import type { SingleItemMechanismId } from '../mechanisms/singleItem';

/** A bid function b(v), value units to value units. */
export type BidFunction = (v: number) => number;

const allEqual = (upper: readonly number[]) => upper.every((u) => Math.abs(u - upper[0]!) <= 1e-12);

/**
 * Bayes–Nash equilibrium bid function of every bidder, for risk-neutral bidders with independent values
 * v_i ~ U[0, a_i] (`upper` = [a_1, …, a_N]). Closed forms used (Krishna, *Auction Theory*, 2nd ed.):
 * - second price, any prior: b_i(v) = v (weakly dominant, §2.2);
 * - first price, symmetric U[0, a]: b(v) = (N − 1)/N · v (§2.3);
 * - first price, two bidders, U[0, a_1] and U[0, a_2] (§4.3, uniform distributions with different supports):
 *   with k = 1/a_2² − 1/a_1², b_1(v) = (1 − √(1 + k v²)) / (−k v) and b_2(v) = (1 − √(1 − k v²)) / (k v),
 *   both reaching b̄ = a_1 a_2 / (a_1 + a_2) at the top of their supports (k = 0 gives v/2);
 * - all-pay, symmetric U[0, a]: b(v) = (N − 1)/N · v^N / a^(N−1) (§3.2.2, scaled from U[0,1]).
 * Returns `null` where no closed form is known to the lab.
 */
export function equilibriumBidFunctions(
  mechanism: SingleItemMechanismId,
  bidders: number,
  upper: readonly number[],
): BidFunction[] | null {
  const n = bidders;
  const same = <T>(f: T): T[] => Array.from({ length: n }, () => f);
  if (mechanism === 'second-price') return same<BidFunction>((v) => v);
  const a = upper[0] ?? 1;
  if (mechanism === 'first-price') {
    if (allEqual(upper)) return same<BidFunction>((v) => ((n - 1) / n) * v);
    if (n !== 2) return null;
    const k = 1 / upper[1]! ** 2 - 1 / upper[0]! ** 2;
    const weakSide = (sign: number): BidFunction => (v) => {
      const kv = sign * k * v;
      if (Math.abs(kv * v) < 1e-9) return v / 2;
      return (1 - Math.sqrt(1 - kv * v)) / kv;
    };
    // b_1 uses −k, b_2 uses +k in the common form (1 − √(1 − c v²)) / (c v).
    return [weakSide(-1), weakSide(1)];
  }
  if (!allEqual(upper)) return null;
  return same<BidFunction>((v) => (((n - 1) / n) * v ** n) / a ** (n - 1));
}

/**
 * The slope w* such that b = w*·v is the equilibrium, where the equilibrium is linear: (N − 1)/N for first
 * price with symmetric uniform values (§2.3), 1 for second price. `null` for all-pay (its equilibrium v^N
 * is not linear) and for asymmetric first price (curved).
 */
export function equilibriumSlope(
  mechanism: SingleItemMechanismId,
  bidders: number,
  upper: readonly number[],
): number | null {
  if (mechanism === 'second-price') return 1;
  if (mechanism === 'all-pay' || !allEqual(upper)) return null;
  return (bidders - 1) / bidders;
}

/**
 * Expected revenue in the symmetric equilibrium with N i.i.d. U[0, a] bidders: a·(N − 1)/(N + 1), equal for
 * the three rules (revenue equivalence, Krishna §3.1; it is E of the second-highest of N uniforms).
 * `null` for asymmetric bounds.
 */
export function equilibriumRevenue(bidders: number, upper: readonly number[]): number | null {
  if (!allEqual(upper)) return null;
  return ((upper[0] ?? 1) * (bidders - 1)) / (bidders + 1);
}
