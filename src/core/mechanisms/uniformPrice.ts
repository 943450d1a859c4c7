import { allocate, createOutcome, type MultiUnitMechanism } from './multiUnit';

/**
 * Uniform-price multi-unit auction: the highest steps win the S units and every unit sells at one price,
 * set by `priceRule`: the *first rejected bid* (RGGI: the highest price with unfilled demand, or the reserve
 * when all eligible demand is filled) or the *last accepted bid* (EU ETS: the price of the marginal
 * accepted step). Payment_i = price × units won. Krishna, *Auction Theory* (2nd ed.), ch. 12–13; bidders
 * have an incentive to shade their marginal units (demand reduction, Ausubel & Cramton 2002).
 */
export const uniformPrice: MultiUnitMechanism = {
  id: 'uniform',
  title: 'Uniform price',
  rule: 'Every winning unit pays the same clearing price.',
  clear(bids, settings, reuse) {
    const out = createOutcome(bids.K, bids.N, bids.T, reuse);
    allocate(bids, settings, out);
    const { K, N } = bids;
    const lastAccepted = settings.priceRule === 'last-accepted';
    for (let k = 0; k < K; k++) {
      const p = lastAccepted ? out.lastAccepted[k]! : out.firstRejected[k]!;
      out.price[k] = p;
      for (let i = 0; i < N; i++) out.payments[k * N + i] = p * out.allocation[k * N + i]!;
    }
    return out;
  },
};
