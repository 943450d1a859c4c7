import type { PermitAuctionConfig } from './schema';
import type { PermitPpoConfig } from './train';

/**
 * The PPO trainer's settings for a lab config in train mode: N = the number of firms (their listed types are not
 * used: every auction draws fresh types from the prior c ~ U[costMin, costMax], e ~ U[emissionsMin, emissionsMax],
 * firm 1's e times `bigFirm`), updates = ⌈auctions / auctionsPerUpdate⌉ (so each firm plays at least `auctions`
 * auctions), and the PPO hyperparameters.
 */
export function permitPpoConfigOf(c: PermitAuctionConfig): PermitPpoConfig {
  const N = c.firms.length;
  return {
    firms: N,
    supply: c.supply,
    reserve: c.reserve,
    mechanism: c.mechanism,
    priceRule: c.priceRule,
    tieRule: c.tieRule,
    prior: {
      cMin: c.costMin,
      cMax: c.costMax,
      eMin: c.emissionsMin,
      eMax: c.emissionsMax,
      ...(c.bigFirm !== 1 ? { eScale: Array.from({ length: N }, (_, i) => (i === 0 ? c.bigFirm : 1)) } : {}),
    },
    auctionsPerUpdate: c.auctionsPerUpdate,
    updates: Math.max(1, Math.ceil(c.auctions / c.auctionsPerUpdate)),
    evalEvery: c.evalEvery,
    evalAuctions: c.evalAuctions,
    ppo: {
      lr: c.lr,
      epochs: c.epochs,
      minibatch: c.minibatch,
      clip: c.clip,
      entropyCoef: c.entropyCoef,
      valueCoef: c.valueCoef,
      maxGradNorm: c.maxGradNorm,
      initLogStd: c.initLogStd,
      hidden: c.hidden,
    },
  };
}
