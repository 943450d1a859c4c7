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
  shortTitle: 'Uniform price',
  rule: 'Every winning unit pays the same clearing price.',
  clear(bids, settings, reuse) {
    const out = createOutcome(bids.K, bids.N, bids.T, reuse);
    const { N } = bids;
    const { price, payments, allocation } = out;
    const ruled = settings.priceRule === 'last-accepted' ? out.lastAccepted : out.firstRejected;
    // Priced in the same pass as the allocation, while the auction is still in cache.
    allocate(bids, settings, out, (k) => {
      const p = ruled[k];
      price[k] = p;
      for (let i = k * N; i < k * N + N; i++) payments[i] = p * allocation[i];
    });
    return out;
  },
};
