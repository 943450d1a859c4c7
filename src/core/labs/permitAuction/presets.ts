import type { Preset } from '../types';
import { firmsOfCount } from './fields';
import type { PermitAuctionConfig } from './schema';

/**
 * Built-in experiments of the permit-auction lab (manual mode). The demand-reduction demo, worked by hand:
 * 30 permits; a big firm (c = 1, e = 24: truthful tiers 18 × 12 and 6 × 12) and three small firms
 * (c = 1.2, e = 8: tiers 7.2 × 4 and 2.4 × 4). The big firm withholds by bidding 0 for its low tier (its
 * shading slider at 100%; a step priced 0 never wins). Truthful under uniform pricing (first rejected bid) the big
 * firm wins 18 at a price of 6 (profit 270 − 108 = 162); withholding its low tier it wins 12 at 2.4
 * (profit 216 − 28.8 = 187.2), while efficiency falls. Under VCG the same withholding lowers its profit.
 */
export const permitAuctionPresets: readonly Preset<PermitAuctionConfig>[] = [
  {
    id: 'four-firms',
    title: 'Four firms bid truthfully',
    description:
      'Four firms with different costs and emissions bid their true mean marginal values in two tiers. Compare the price and who pays what under uniform, pay-as-bid and VCG rules on the same bids.',
    config: {},
    seed: 1,
  },
  {
    id: 'demand-reduction',
    title: 'Demand reduction: a big firm withholds its second tier',
    description:
      'The big firm drops its low tier. Under uniform pricing the clearing price falls from 6 to 2.4 and its profit rises from 162 to 187, while permits go to firms that value them less (efficiency falls). Under VCG the same move costs it money. Drag its shading slider to see it happen.',
    config: {
      firms: [
        { c: 1, e: 24 },
        { c: 1.2, e: 8 },
        { c: 1.2, e: 8 },
        { c: 1.2, e: 8 },
      ],
      supply: 30,
      bids: [
        [
          [18, 12],
          [0, 12],
        ],
        [
          [7.2, 4],
          [2.4, 4],
        ],
        [
          [7.2, 4],
          [2.4, 4],
        ],
        [
          [7.2, 4],
          [2.4, 4],
        ],
      ],
    },
    seed: 1,
  },
  {
    id: 'reserve-binds',
    title: 'A reserve price binds',
    description:
      'Supply exceeds what firms want at the reserve of 4 per permit: permits go unsold. Under the first-rejected rule the price sits at the reserve; under last-accepted it is the lowest accepted bid.',
    config: { supply: 40, reserve: 4 },
    seed: 1,
  },
  {
    id: 'demand-reduction-live',
    title: 'Demand reduction live (uniform vs VCG vs pay-as-bid)',
    description:
      'Four learning firms (PPO, each sees only its own costs) bid for 12 permits under each rule at once, on the same draws. Within seconds the uniform-price firms withhold demand (the DRI, the share of true demand left out at the competitive price, climbs towards 1/3 and revenue falls) while VCG firms stay at a DRI near 0, truthful and efficient.',
    config: { mode: 'train', compare: true, firms: firmsOfCount(4), supply: 12, auctions: 51200 },
    seed: 3,
  },
  {
    id: 'more-firms',
    title: 'More firms, less shading',
    description:
      'Uniform price with 2, 3, 4, 5, 6 and 8 learning firms (3 permits per firm). With more competitors each firm’s withholding moves the price less, so demand reduction fades: the DRI falls from about 0.5 at N = 3 to about 0.14 at N = 8, along the dashed linear supply-function benchmark 1/(N − 1). Set the mechanism to VCG to see it stay at its own benchmark 0.',
    config: { mode: 'train', sweep: 'firms', sweepFirms: [2, 3, 4, 5, 6, 8], mechanism: 'uniform', firms: firmsOfCount(4), supply: 12, auctions: 51200 },
    seed: 3,
  },
  {
    id: 'asymmetric-firms',
    title: 'Asymmetric firms: where the inefficiency comes from',
    description:
      'Firm 1 is three times the size of the others. Under the uniform price every firm withholds a similar share of its true demand (DRI ≈ 0.35–0.38 per firm), so the big firm, with three times the demand, withholds about three times the permits; they go to smaller firms that value them less and efficiency falls below VCG’s. VCG removes the incentive: its DRI stays near 0.',
    config: { mode: 'train', compare: true, firms: firmsOfCount(4), bigFirm: 3, supply: 18, auctions: 51200 },
    seed: 3,
  },
  {
    id: 'play-trained',
    title: 'Play against trained firms',
    description:
      'Three PPO firms train under the uniform price; then you bid as firm 1 against them, round after round, and see whether you beat truthful bidding. (Press Run, then use the Play panel below the charts.)',
    config: { mode: 'train', compare: false, mechanism: 'uniform', firms: firmsOfCount(4), supply: 12, auctions: 51200 },
    seed: 3,
  },
];
