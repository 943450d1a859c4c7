import { allocate, createOutcome, type MultiUnitMechanism } from './multiUnit';

/**
 * Discriminatory (pay-as-bid) multi-unit auction: the same allocation as uniform pricing, but each accepted
 * unit pays its own step price: Payment_i = Σ_t fill_{i,t} · p_{i,t} (Krishna, *Auction Theory*, ch. 12).
 * `price` reports the stop-out price (lowest accepted bid).
 */
export const discriminatory: MultiUnitMechanism = {
  id: 'discriminatory',
  title: 'Discriminatory (pay as bid)',
  shortTitle: 'Pay as bid',
  rule: 'Each winning unit pays its own bid.',
  clear(bids, settings, reuse) {
    const out = createOutcome(bids.K, bids.N, bids.T, reuse);
    const { N, T, prices } = bids;
    const { fills, payments } = out;
    allocate(bids, settings, out, (k) => {
      out.price[k] = out.lastAccepted[k]!;
      for (let i = 0; i < N; i++) {
        const b = (k * N + i) * T;
        let pay = 0;
        for (let t = 0; t < T; t++) pay += fills[b + t] * prices[b + t];
        payments[k * N + i] = pay;
      }
    });
    return out;
  },
};
