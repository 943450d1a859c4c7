import { findWinners, type SingleItemMechanism } from './singleItem';

/**
 * First-price sealed-bid auction: the highest bid wins and pays its own bid; losers pay nothing
 * (Krishna, *Auction Theory*, 2nd ed., §2.3). Relaxed utility (source report): u = (v − b)·σ(β(b − m)).
 */
export const firstPrice: SingleItemMechanism = {
  id: 'first-price',
  title: 'First price',
  rule: 'The highest bid wins and pays its bid; losers pay nothing.',
  clear(bids, batch, bidders, options) {
    const { winner } = findWinners(bids, batch, bidders, options);
    const payments = new Float64Array(batch * bidders);
    for (let k = 0; k < batch; k++) payments[k * bidders + winner[k]] = bids[k * bidders + winner[k]]!;
    return { winner, payments };
  },
  relaxation: {
    formula: 'u = (v − b) · σ(β(b − m))',
    utility: (v, b, _m, s) => (v - b) * s,
    dUtilityDBid: (v, b, _m, s, beta) => -s + (v - b) * beta * s * (1 - s),
  },
};
