import { allPayDesignLab } from './allPayDesign/definition';
import { carbonMarketLab } from './carbonMarket/definition';
import { configReader } from './configReader';
import { learnToBidLab } from './learnToBid/definition';
import { optimalAuctionLab } from './optimalAuction/definition';
import { permitAuctionLab } from './permitAuction/definition';

/** Each lab's typed config from a plain one (see `configReader`): runners and views read their configs here. */
export const learnToBidConfig = configReader(learnToBidLab);
export const permitAuctionConfig = configReader(permitAuctionLab);
export const optimalAuctionConfig = configReader(optimalAuctionLab);
export const allPayDesignConfig = configReader(allPayDesignLab);
export const carbonMarketConfig = configReader(carbonMarketLab);
