/**
 * The upper bounds [a_1, …, a_N] of every bidder's values v_i ~ U[0, a_i] (value units), `[bidders]`.
 * `bidders` is the one source of N: `upper` holds one bound for every bidder (`[a]`, the symmetric case) or
 * one per bidder (`normalizeLearnToBid` checks its length at the boundary). Throws a `RangeError` on any
 * other length, which only an unvalidated config can have.
 */
export function bidderBounds(config: { readonly bidders: number; readonly upper: readonly number[] }): number[] {
  const { bidders: n, upper } = config;
  if (upper.length === n) return [...upper];
  if (upper.length === 1) return Array.from({ length: n }, () => upper[0]);
  throw new RangeError(`upper has ${upper.length} bounds for ${n} bidders; expected 1 or ${n}`);
}
