import type { ConfigOf, ConfigSchema } from '../../config/schema';
import { singleItemMechanismIds, singleItemMechanisms } from '../../mechanisms/registry';

/**
 * Config of the learn-to-bid lab. Key names are a fixed interface (CLI `--set`, URL presets): mechanism,
 * bidders, policy, prior, upper, beta, betaEnd, schedule, optimizer, lr, batch, steps, initW; the seed is
 * carried beside the config. Other keys are the lab's own.
 */
export const learnToBidSchema = {
  mechanism: {
    kind: 'enum',
    label: 'Mechanism',
    help: 'Auction rule the bidders learn in.',
    default: 'first-price',
    options: singleItemMechanismIds.map((id) => ({ value: id, label: singleItemMechanisms[id].title })),
  },
  bidders: {
    kind: 'number', label: 'Bidders N', help: 'Number of bidders in every auction.',
    default: 2, min: 2, max: 10, integer: true, unit: 'bidders',
  },
  policy: {
    kind: 'enum',
    label: 'Bid policy',
    help: 'Linear b = w·v (one slope per bidder) or a small neural network b = f(v).',
    default: 'linear',
    options: [
      { value: 'linear', label: 'Linear b = w·v' },
      { value: 'mlp', label: 'Neural network b = f(v)' },
    ],
  },
  prior: {
    kind: 'enum',
    label: 'Values',
    help: 'Distribution of private values: bidder i draws v_i ~ U[0, upper_i].',
    default: 'uniform',
    options: [{ value: 'uniform', label: 'Uniform U[0, upper_i]' }],
  },
  upper: {
    kind: 'numberArray', label: 'Upper bounds', help: 'Upper end a of the value range U[0, a]: one bound for every bidder, or one per bidder (as many as bidders N).',
    default: [1], min: 0.1, max: 10, minLength: 1, maxLength: 10, unit: 'value units',
  },
  beta: {
    kind: 'number', label: 'β start', help: 'Sigmoid steepness at the first step, relative to the value range A = the largest upper bound: P(win) ≈ σ(β·(b − m)/A).',
    default: 10, min: 1, max: 20000, scale: 'log',
  },
  betaEnd: {
    kind: 'number', label: 'β end', help: 'Sigmoid steepness at the last step, relative to the value range like β start (ignored for a constant schedule).',
    default: 500, min: 1, max: 20000, scale: 'log',
  },
  schedule: {
    kind: 'enum',
    label: 'β schedule',
    help: 'How β moves from start to end: constant (β start throughout; a soft σ biases bids low), linear, or exponential.',
    default: 'exponential',
    options: [
      { value: 'constant', label: 'Constant' },
      { value: 'linear', label: 'Linear' },
      { value: 'exponential', label: 'Exponential' },
    ],
  },
  optimizer: {
    kind: 'enum',
    label: 'Optimizer',
    help: 'Gradient-ascent rule each bidder uses on its own smoothed utility.',
    default: 'adam',
    options: [
      { value: 'adam', label: 'Adam' },
      { value: 'sgd', label: 'SGD' },
    ],
  },
  lr: {
    kind: 'number', label: 'Learning rate', help: 'Step size of the optimizer.',
    default: 0.01, min: 0.0001, max: 1, scale: 'log',
  },
  lrEnd: {
    kind: 'number', label: 'Learning rate end', help: 'Learning rate at the last step; it moves from the start value exponentially (equal values: constant). Decay quiets the jitter of w once β is steep.',
    default: 0.001, min: 0.0001, max: 1, scale: 'log',
  },
  batch: {
    kind: 'number', label: 'Batch', help: 'Fresh value draws per training step.',
    default: 1024, min: 16, max: 65536, integer: true, scale: 'log', unit: 'draws',
  },
  steps: {
    kind: 'number', label: 'Steps', help: 'Training steps (simultaneous gradient updates of every bidder).',
    default: 2000, min: 10, max: 200000, integer: true, scale: 'log', unit: 'steps',
  },
  initW: {
    kind: 'number', label: 'Initial w', help: 'Initial bid/value ratio of every bidder.',
    default: 0.9, min: 0, max: 2,
  },
  hidden: {
    kind: 'number', label: 'Hidden units', help: 'Width of each of the two hidden layers of the neural policy.',
    default: 16, min: 4, max: 64, integer: true, unit: 'units',
  },
  sweep: {
    kind: 'enum',
    label: 'N sweep',
    help: 'Off: one run. Bidders: run N = 2 … bidders in parallel and plot final w against (N − 1)/N.',
    default: 'off',
    options: [
      { value: 'off', label: 'Off' },
      { value: 'bidders', label: 'N = 2 … bidders' },
    ],
  },
} as const satisfies ConfigSchema;

export type LearnToBidSchema = typeof learnToBidSchema;
export type LearnToBidConfig = ConfigOf<LearnToBidSchema>;
