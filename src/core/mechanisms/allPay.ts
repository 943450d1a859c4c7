import { findWinners, type SingleItemMechanism } from './singleItem';

/**
 * All-pay auction: the highest bid wins the item; every bidder pays its own bid, win or lose
 * (Krishna §3.2.2). Relaxed utility (source report): u = v·σ(β(b − m)) − b.
 */
export const allPay: SingleItemMechanism = {
  id: 'all-pay',
  title: 'All-pay',
  rule: 'The highest bid wins; every bidder pays its own bid.',
  clear(bids, batch, bidders, options) {
    const { winner } = findWinners(bids, batch, bidders, options);
    const payments = Float64Array.from(bids);
    return { winner, payments };
  },
  relaxation: {
    formula: 'u = v · σ(β(b − m)) − b',
    utility: (v, b, _m, s) => v * s - b,
    dUtilityDBid: (v, _b, _m, s, beta) => v * beta * s * (1 - s) - 1,
  },
};
