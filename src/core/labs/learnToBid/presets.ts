import type { Preset } from '../types';
import type { LearnToBidConfig } from './schema';

/** Built-in experiments of the learn-to-bid lab; each must round-trip through the URL codec (tested). */
export const learnToBidPresets: readonly Preset<LearnToBidConfig>[] = [
  {
    id: 'two-bidders',
    title: 'Two bidders: w → 1/2',
    description:
      'Two bidders start at w = 0.9 and shade their bids down to half their value, the first-price equilibrium (N − 1)/N = 1/2. These are the lab’s defaults: β anneals from 10 to 500 (relative to the value range) while the learning rate cools, so w lands on the line.',
    config: { mechanism: 'first-price', bidders: 2, upper: [1], schedule: 'exponential', beta: 10, betaEnd: 500, lrEnd: 0.001, steps: 2000 },
    seed: 1,
  },
  {
    id: 'constant-beta',
    title: 'Constant β: the smoothing bias',
    description:
      'Five bidders with β held at 50. A soft σ makes a lower bid look cheaper than it is, so w settles below the equilibrium 0.8 (near 0.78, beyond the 0.02 band) and revenue falls short. Compare with the defaults, where β anneals to 500 and w lands on the line.',
    config: { mechanism: 'first-price', bidders: 5, upper: [1], schedule: 'constant', beta: 50, lrEnd: 0.001, steps: 2000 },
    seed: 1,
  },
  {
    id: 'n-sweep',
    title: 'More bidders bid closer to value (N sweep)',
    description:
      'Runs N = 2 … 8 side by side. Final slopes w land on the curve (N − 1)/N: competition pushes bids toward values.',
    config: { mechanism: 'first-price', bidders: 8, upper: [1], sweep: 'bidders', schedule: 'exponential', beta: 20, betaEnd: 1000, lrEnd: 0.001, steps: 3000 },
    seed: 2,
  },
  {
    id: 'second-price-truthful',
    title: 'Second price is truthful',
    description: 'Three bidders start by shading (w = 0.5) and learn to bid their value, w → 1: truth-telling is dominant in a Vickrey auction.',
    config: { mechanism: 'second-price', bidders: 3, upper: [1], initW: 0.5, schedule: 'exponential', beta: 20, betaEnd: 400, lrEnd: 0.001, steps: 2000 },
    seed: 3,
  },
  {
    id: 'annealing',
    title: 'Annealing removes the bias',
    description:
      'Two bidders, β grows from 10 to 500 over 3000 steps (and the learning rate cools). Early on the soft σ makes shading look cheaper and w dips below 1/2; as β sharpens, w climbs onto the line. Compare with “Constant β: the smoothing bias” in the run history.',
    config: { mechanism: 'first-price', bidders: 2, upper: [1], schedule: 'exponential', beta: 10, betaEnd: 500, lrEnd: 0.001, steps: 3000 },
    seed: 1,
  },
  {
    id: 'all-pay',
    title: 'All-pay bids',
    description: 'In an all-pay auction low types bid almost nothing and high types fight: the neural policy learns the curve b(v) = (N − 1)/N · v^N. With three bidders the top type bids 2/3 and revenue is 1/2, as in first price; the utility-loss chart shows how close every bidder is to a best response.',
    config: { mechanism: 'all-pay', bidders: 2, upper: [1], policy: 'mlp', schedule: 'exponential', beta: 20, betaEnd: 200, steps: 1500, lr: 0.01, lrEnd: 0.001, batch: 1024 },
    seed: 4,
  },
  {
    id: 'asymmetric',
    title: 'Asymmetric bidders need a neural policy',
    description:
      'Bidder 1 has values in [0, 1], bidder 2 in [0, 2]. The equilibrium bids are curved and different (the weak bidder bids more aggressively); a straight line cannot fit them, a neural policy can.',
    config: { mechanism: 'first-price', bidders: 2, upper: [1, 2], policy: 'mlp', schedule: 'exponential', beta: 40, betaEnd: 400, steps: 1500, lr: 0.01, lrEnd: 0.001, batch: 1024 },
    seed: 5,
  },
];
