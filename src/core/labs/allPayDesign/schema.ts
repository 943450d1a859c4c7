import type { ConfigOf, ConfigSchema } from '../../config/schema';
import { samplesField } from './samplesField';

/**
 * Config of the all-pay design lab (Gemp et al. 2022, *Sci. Rep.* 12:16937, Fig. 4). Fixed key names
 * (CLI `--set`, URL presets): reading, bidders, designs, rounds, learner, seed (beside the config), mode, w.
 * The others are the lab's own.
 *
 * Modes: `design` runs the whole loop (sample designs → simulate → fit → ascend); `simulate` evaluates one
 * design w over `rounds` independent rounds (it is also what each design of the loop runs as, one run per
 * design on the worker pool); `fit` fits the surrogate to `samples` and ascends it (the loop's final phase).
 */
export const allPayDesignSchema = {
  mode: {
    kind: 'enum',
    label: 'Mode',
    help: 'design: the whole loop (sample, simulate, fit, ascend). simulate: one design w. fit: surrogate and ascent on given samples.',
    default: 'design',
    options: [
      { value: 'design', label: 'Design loop' },
      { value: 'simulate', label: 'Simulate one design w' },
      { value: 'fit', label: 'Fit given samples' },
    ],
  },
  reading: {
    kind: 'enum',
    label: 'Rule reading',
    help: 'How (w, 1 − w, 0) is read. Prize split: top bidder gets share w of a unit prize, second 1 − w; all pay their bids. Payment split: top bidder wins the item and pays w × bid, second pays (1 − w) × bid.',
    default: 'prize-split',
    options: [
      { value: 'prize-split', label: 'Prize split (paper)' },
      { value: 'payment-split', label: 'Payment split (reproduction code)' },
    ],
  },
  bidders: {
    kind: 'number', label: 'Bidders n', help: 'Number of bidders in every contest.',
    default: 3, min: 2, max: 5, integer: true, unit: 'bidders',
  },
  values: {
    kind: 'enum',
    label: 'Values',
    help: 'Private values, i.i.d.: U[0, 1] (discretized to cell midpoints) or the integers 0–9 scaled to j/9.',
    default: 'uniform',
    options: [
      { value: 'uniform', label: 'Uniform U[0, 1]' },
      { value: 'integers', label: 'Integers 0–9 (scaled to [0, 1])' },
    ],
  },
  designs: {
    kind: 'number', label: 'Designs', help: 'Number of rules w sampled uniformly in [1/2, 1] (the endpoints are always included).',
    default: 10, min: 2, max: 40, integer: true, unit: 'designs',
  },
  rounds: {
    kind: 'number', label: 'Rounds', help: 'Independent learning runs per design (different seeds); R(w) is their mean, the error bar their sd.',
    default: 10, min: 1, max: 50, integer: true, unit: 'rounds',
  },
  w: {
    kind: 'number', label: 'Design w', help: 'Weight of the top rank (mode simulate): prize share or payment rate of the highest bidder.',
    default: 0.8, min: 0.5, max: 1, step: 0.01,
  },
  learner: {
    kind: 'enum',
    label: 'Learner',
    help: 'How bidders learn: fictitious play (best response to the empirical mix of the others), an ε-greedy bandit per value, or independent PPO (a Gaussian policy over a latent, bid = top bid × σ(latent); about 10 ms per iteration at n = 3, so use fewer iterations and rounds).',
    default: 'fictitious-play',
    options: [
      { value: 'fictitious-play', label: 'Fictitious play' },
      { value: 'bandit', label: 'ε-greedy bandit' },
      { value: 'ppo', label: 'PPO (independent, per bidder)' },
    ],
  },
  iterations: {
    kind: 'number', label: 'Iterations (cap)', help: 'Most learner iterations per round (FP: best-response rounds, stopping earlier once exploitability ≤ the tolerance; bandit: batches of 100 contests; PPO: updates on 256 contests each).',
    default: 5000, min: 10, max: 20000, integer: true, scale: 'log', unit: 'iterations',
  },
  tolerance: {
    kind: 'number', label: 'Exploitability tolerance', help: 'Fictitious play stops a round once no bidder gains more than this from a best response (value units; 0.002 = 0.2% of the top value); the other learners count a round converged below it.',
    default: 0.002, min: 0.0001, max: 0.1, step: 0.0001, scale: 'log', unit: 'value units',
  },
  exploration: {
    kind: 'number', label: 'Exploration iterations', help: 'FP: uniformly random play first; bandit: iterations over which ε decays linearly from 1 to the final ε; PPO: not used (its policy noise explores).',
    default: 10, min: 0, max: 20000, integer: true, unit: 'iterations',
  },
  epsilonMin: {
    kind: 'number', label: 'Final ε', help: 'Bandit only: exploration rate after the decay.',
    default: 0.05, min: 0, max: 1, step: 0.01,
  },
  valueLevels: {
    kind: 'number', label: 'Value levels', help: 'Grid of U[0, 1] values (cell midpoints); integers always use 10.',
    default: 21, min: 3, max: 101, integer: true, unit: 'levels',
  },
  bidLevels: {
    kind: 'number', label: 'Bid levels', help: 'Bid grid from 0 to 1 (prize split) or to 1/w (payment split).',
    default: 51, min: 5, max: 401, integer: true, unit: 'levels',
  },
  samples: samplesField,
} as const satisfies ConfigSchema;

export type AllPayDesignSchema = typeof allPayDesignSchema;
export type AllPayDesignConfig = ConfigOf<AllPayDesignSchema>;
