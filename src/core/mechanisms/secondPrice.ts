import { findWinners, type SingleItemMechanism } from './singleItem';

/**
 * Second-price sealed-bid (Vickrey) auction, which is the single-item VCG mechanism: the highest bid wins
 * and pays the highest competing bid; losers pay nothing (Vickrey 1961; Krishna §2.2). Bidding one's value
 * is weakly dominant. Relaxed utility (source report): u = (v − m)·σ(β(b − m)).
 */
export const secondPrice: SingleItemMechanism = {
  id: 'second-price',
  title: 'Second price (Vickrey / VCG)',
  rule: 'The highest bid wins and pays the second-highest bid; losers pay nothing.',
  clear(bids, batch, bidders, options) {
    const { winner, second } = findWinners(bids, batch, bidders, options);
    const payments = new Float64Array(batch * bidders);
    for (let k = 0; k < batch; k++) payments[k * bidders + winner[k]] = Number.isFinite(second[k]) ? second[k] : 0;
    return { winner, payments };
  },
  relaxation: {
    formula: 'u = (v − m) · σ(β(b − m))',
    utility: (v, _b, m, s) => (v - m) * s,
    dUtilityDBid: (v, _b, m, s, beta) => (v - m) * beta * s * (1 - s),
  },
};
