import { allocate, createOutcome, type MultiUnitMechanism } from './multiUnit';

/**
 * VCG for multiple identical units with step (non-increasing marginal value) bids (Vickrey 1961; Krishna,
 * *Auction Theory*, ch. 12.3): the value-maximizing allocation on bids, and each firm pays the externality it
 * imposes on the others: the value the others (and the seller, who values every unsold unit at the reserve)
 * would have drawn from the units it won. With concave bids the others' best use of firm i's a_i units is the
 * a_i highest unfilled units among their steps, so
 *   Payment_i = Σ over the others' unfilled step units in price order, until a_i units: price,
 * with any units left over valued at the reserve. Truthful bidding is dominant; payments ≤ bids (IR).
 */
export const vcgMultiUnit: MultiUnitMechanism = {
  id: 'vcg',
  title: 'VCG',
  shortTitle: 'VCG',
  rule: 'Each firm pays the value its units would have had for the other firms.',
  clear(bids, settings, reuse) {
    const out = createOutcome(bids.K, bids.N, bids.T, reuse);
    const { N, T, prices, quantities } = bids;
    const { fills, allocation, payments } = out;
    const reserve = settings.reserve;
    allocate(bids, settings, out, (k, base, m, ord) => {
      out.price[k] = out.lastAccepted[k]!;
      for (let i = 0; i < N; i++) {
        let displaced = allocation[k * N + i];
        if (displaced <= 0) {
          payments[k * N + i] = 0;
          continue;
        }
        let pay = 0;
        for (let h = 0; h < m && displaced > 0; h++) {
          const j = ord[h];
          if (Math.floor(j / T) === i) continue;
          const free = quantities[base + j] - fills[base + j];
          if (free <= 0) continue;
          const take = free < displaced ? free : displaced;
          pay += take * prices[base + j];
          displaced -= take;
        }
        payments[k * N + i] = pay + displaced * reserve;
      }
    });
    return out;
  },
};
