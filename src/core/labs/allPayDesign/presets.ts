import type { Preset } from '../types';
import type { AllPayDesignConfig } from './schema';

/**
 * Built-in experiments of the all-pay design lab. Theory (U[0, 1] values, risk-neutral bidders; derivations in
 * `equilibria/allPayDesign.ts`): prize split R(w) = (n − 3 + 2w)/(n + 1), rising in w, so w* = 1 (a single
 * prize); payment split R(w) = (n − 1)/(n + 1) for every w (revenue equivalence), so the surrogate should come
 * out flat and w* is arbitrary up to noise.
 */
export const allPayDesignPresets: readonly Preset<AllPayDesignConfig>[] = [
  {
    id: 'fig4',
    title: 'Reproduce Fig. 4 (n = 3, prize split)',
    description:
      'Three bidders, a unit prize split w to the top bidder and 1 − w to the second. Fictitious play runs for each sampled w until no bidder gains more than 0.002 from a best response; the fitted R(w) rises along the dashed theory line w/2, and gradient ascent climbs to w* = 1: one prize earns most.',
    config: { mode: 'design', reading: 'prize-split', bidders: 3, designs: 10, rounds: 10, learner: 'fictitious-play' },
    seed: 1,
  },
  {
    id: 'payment-split',
    title: 'Payment split',
    description:
      'The other reading: the top bidder wins the item and pays w × its bid, the second pays (1 − w) × its bid. Every such rule allocates efficiently, so revenue equivalence makes R(w) = 1/2 for n = 3 whatever w: the sampled revenues agree within their noise, and the lab says “flat within noise: every w is optimal” instead of naming a best w.',
    config: { mode: 'design', reading: 'payment-split', bidders: 3, designs: 10, rounds: 10, learner: 'fictitious-play' },
    seed: 1,
  },
  {
    id: 'more-bidders',
    title: 'More bidders',
    description:
      'Five bidders under the prize split: revenue (2 + 2w)/6 is higher than with three, and still rises in w, so a single prize stays optimal. Compare the learned bid functions with the equilibrium b(v) in the per-design chart.',
    config: { mode: 'design', reading: 'prize-split', bidders: 5, designs: 8, rounds: 5, learner: 'fictitious-play' },
    seed: 1,
  },
  {
    id: 'ppo',
    title: 'PPO bidders (deep RL, slower)',
    description:
      'The same contest with independent PPO bidders instead of fictitious play: each learns a bid for its value from its own payoffs only. Noisier than FP (wider error bars), and in 250 updates they over-bid when the prize is split (R(1/2) ≈ 0.33 against the equilibrium 0.25), so the fitted curve is flatter than theory; it still rises, and the ascent still picks a single prize. About 3–4 s per round on two cores.',
    config: { mode: 'design', reading: 'prize-split', bidders: 3, designs: 5, rounds: 2, learner: 'ppo', iterations: 250 },
    seed: 1,
  },
];
