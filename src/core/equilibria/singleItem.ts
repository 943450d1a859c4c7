import type { singleItemMechanisms } from '../mechanisms/registry';
import { firstPriceOutcome } from './firstPriceOutcome';

/** A bid function b(v), value units to value units. */
export type BidFunction = (v: number) => number;

/** Ids of the single-item mechanisms, as the mechanism registry lists them. */
export type RegisteredMechanismId = keyof typeof singleItemMechanisms;

/**
 * The value priors the table covers, for risk-neutral bidders with independent values v_i ~ U[0, a_i]:
 * `symmetric-uniform` (every a_i equal) or `asymmetric-uniform` (not all equal).
 */
export type PriorKind = 'symmetric-uniform' | 'asymmetric-uniform';

/** A closed-form Bayes–Nash equilibrium. */
export interface KnownEquilibrium {
  readonly known: true;
  /** b_i(v) of every bidder i (value units → value units), `[bidders]`. */
  readonly bids: BidFunction[];
  /** w* with b_i(v) = w*·v for every bidder where the equilibrium is linear; null where it is curved. */
  readonly slope: number | null;
  /** Expected revenue per auction in equilibrium (value units); null where none is computed. */
  readonly revenue: number | null;
  /** Each bidder's expected utility per auction in equilibrium (value units), `[bidders]`; null where none is computed. */
  readonly utilities: readonly number[] | null;
  /** The bid function as shown to the user, e.g. `b(v) = (N − 1)/N · v`. */
  readonly formula: string;
  /** Where the closed form comes from. */
  readonly source: string;
}

/** The lab knows no closed-form equilibrium for this case: draw no theory line, show `reason`. */
export interface NoneKnown {
  readonly known: false;
  /** One sentence for the user, e.g. "no closed form known for all-pay with asymmetric values". */
  readonly reason: string;
}

export type SingleItemEquilibrium = KnownEquilibrium | NoneKnown;

/**
 * One cell of the table: a solver of the upper bounds `[a_1, …, a_N]` (which may still answer none known,
 * e.g. asymmetric first price with N > 2), or none known outright.
 */
export type EquilibriumEntry = NoneKnown | ((upper: readonly number[]) => SingleItemEquilibrium);

/**
 * Known equilibria, exhaustive over (registered mechanism × prior kind): a mechanism added to the registry
 * without a row here, or a row without every prior, does not type-check.
 */
export type EquilibriumTable = { readonly [M in RegisteredMechanismId]: { readonly [P in PriorKind]: EquilibriumEntry } };

const KRISHNA = 'Krishna, Auction Theory, 2nd ed.';

const noneKnown = (reason: string): NoneKnown => ({ known: false, reason });

const allEqual = (upper: readonly number[]) => upper.every((u) => Math.abs(u - upper[0]) <= 1e-12);

/** Revenue equivalence with N i.i.d. U[0, a] bidders: a·(N − 1)/(N + 1), the mean second-highest value (Krishna §3.1). */
const symmetricRevenue = (upper: readonly number[]) => ((upper[0] ?? 1) * (upper.length - 1)) / (upper.length + 1);

const same = <T>(n: number, f: T): T[] => Array.from({ length: n }, () => f);

/** Each of N i.i.d. U[0, a] bidders' equilibrium utility, a/(N(N + 1)): surplus E[max v] = aN/(N + 1) less revenue, shared. */
const symmetricUtilities = (upper: readonly number[]) => same(upper.length, (upper[0] ?? 1) / (upper.length * (upper.length + 1)));

/** Second price, any independent private values: bidding b(v) = v is weakly dominant (Krishna §2.2). */
function truthful(upper: readonly number[]): SingleItemEquilibrium {
  return {
    known: true,
    bids: same<BidFunction>(upper.length, (v) => v),
    slope: 1,
    revenue: allEqual(upper) ? symmetricRevenue(upper) : null,
    utilities: allEqual(upper) ? symmetricUtilities(upper) : null,
    formula: 'b(v) = v',
    source: `${KRISHNA}, §2.2 (weakly dominant)`,
  };
}

/** First price, N i.i.d. U[0, a]: b(v) = (N − 1)/N · v (Krishna §2.3, G(v) = (v/a)^(N−1)). */
function symmetricFirstPrice(upper: readonly number[]): SingleItemEquilibrium {
  const n = upper.length;
  const w = (n - 1) / n;
  return {
    known: true,
    bids: same<BidFunction>(n, (v) => w * v),
    slope: w,
    revenue: symmetricRevenue(upper),
    utilities: symmetricUtilities(upper),
    formula: 'b(v) = (N − 1)/N · v',
    source: `${KRISHNA}, §2.3`,
  };
}

/** Integrated outcomes by bounds (a few milliseconds each; the page asks for the same bounds on every render). */
const asymmetricOutcomes = new Map<string, { revenue: number; utilities: number[] }>();

/**
 * First price, two bidders with U[0, a_1] and U[0, a_2] (Krishna §4.3, uniform distributions with different
 * supports): with k = 1/a_2² − 1/a_1², b_1(v) = (1 − √(1 + k v²)) / (−k v) and b_2(v) = (1 − √(1 − k v²)) / (k v),
 * both reaching b̄ = a_1 a_2 / (a_1 + a_2) at the top of their supports (k = 0 gives v/2). None known for N > 2.
 * Revenue and utilities are integrated numerically from these bids (`firstPriceOutcome`).
 */
function asymmetricFirstPrice(upper: readonly number[]): SingleItemEquilibrium {
  if (upper.length !== 2) return noneKnown('no closed form known for first price with more than two asymmetric bidders');
  const k = 1 / upper[1] ** 2 - 1 / upper[0] ** 2;
  const weakSide = (sign: number): BidFunction => (v) => {
    const kv = sign * k * v;
    if (Math.abs(kv * v) < 1e-9) return v / 2;
    return (1 - Math.sqrt(1 - kv * v)) / kv;
  };
  // b_1 uses −k, b_2 uses +k in the common form (1 − √(1 − c v²)) / (c v).
  const bids = [weakSide(-1), weakSide(1)];
  const key = upper.join(',');
  let outcome = asymmetricOutcomes.get(key);
  if (!outcome) {
    if (asymmetricOutcomes.size > 64) asymmetricOutcomes.clear();
    outcome = firstPriceOutcome(bids, upper);
    asymmetricOutcomes.set(key, outcome);
  }
  const { revenue, utilities } = outcome;
  return {
    known: true,
    bids,
    slope: null,
    revenue,
    utilities,
    formula: 'b_i(v) = (1 − √(1 ∓ k v²)) / (±k v), k = 1/a₂² − 1/a₁²',
    source: `${KRISHNA}, §4.3`,
  };
}

/** All-pay, N i.i.d. U[0, a]: b(v) = (N − 1)/N · v^N / a^(N−1) (Krishna §3.2.2, scaled from U[0, 1]). */
function symmetricAllPay(upper: readonly number[]): SingleItemEquilibrium {
  const n = upper.length;
  const a = upper[0] ?? 1;
  return {
    known: true,
    bids: same<BidFunction>(n, (v) => (((n - 1) / n) * v ** n) / a ** (n - 1)),
    slope: null,
    revenue: symmetricRevenue(upper),
    utilities: symmetricUtilities(upper),
    formula: 'b(v) = (N − 1)/N · v^N / a^(N − 1)',
    source: `${KRISHNA}, §3.2.2`,
  };
}

/** The closed forms the lab draws as theory. */
export const SINGLE_ITEM_EQUILIBRIA: EquilibriumTable = {
  'first-price': { 'symmetric-uniform': symmetricFirstPrice, 'asymmetric-uniform': asymmetricFirstPrice },
  'second-price': { 'symmetric-uniform': truthful, 'asymmetric-uniform': truthful },
  'all-pay': {
    'symmetric-uniform': symmetricAllPay,
    'asymmetric-uniform': noneKnown('no closed form known for all-pay with asymmetric values'),
  },
};

/** The prior kind of upper bounds `[a_1, …, a_N]`. */
export function priorKindOf(upper: readonly number[]): PriorKind {
  return allEqual(upper) ? 'symmetric-uniform' : 'asymmetric-uniform';
}

/**
 * The Bayes–Nash equilibrium of `bidders` risk-neutral bidders with independent values v_i ~ U[0, a_i] under
 * `mechanism`, looked up in `SINGLE_ITEM_EQUILIBRIA`. `upper` is one bound for every bidder (`[a]`) or one per
 * bidder (`[a_1, …, a_N]`). An id the registry does not know, or bounds of another length, give none known.
 */
export function singleItemEquilibrium(mechanism: string, bidders: number, upper: readonly number[]): SingleItemEquilibrium {
  if (!Object.prototype.hasOwnProperty.call(SINGLE_ITEM_EQUILIBRIA, mechanism)) {
    return noneKnown(`no closed form known for mechanism "${mechanism}"`);
  }
  if (upper.length !== 1 && upper.length !== bidders) {
    return noneKnown(`${upper.length} upper bounds for ${bidders} bidders`);
  }
  const bounds = upper.length === bidders ? upper : same(bidders, upper[0]);
  const entry = SINGLE_ITEM_EQUILIBRIA[mechanism as RegisteredMechanismId][priorKindOf(bounds)];
  return typeof entry === 'function' ? entry(bounds) : entry;
}

/** Equilibrium bid functions (`[bidders]`), or null where none is known (`singleItemEquilibrium`). */
export function equilibriumBidFunctions(mechanism: string, bidders: number, upper: readonly number[]): BidFunction[] | null {
  const eq = singleItemEquilibrium(mechanism, bidders, upper);
  return eq.known ? eq.bids : null;
}

/**
 * The slope w* such that b = w*·v is the equilibrium: null where none is known and where the known one is
 * curved (all-pay's v^N, asymmetric first price).
 */
export function equilibriumSlope(mechanism: string, bidders: number, upper: readonly number[]): number | null {
  const eq = singleItemEquilibrium(mechanism, bidders, upper);
  return eq.known ? eq.slope : null;
}
