import type { ConfigOf, ConfigSchema } from '../../config/schema';

/**
 * Config of the optimal-auction lab. Fixed key names (CLI `--set`, URL presets): prior, bidders,
 * steps, study; the seed is carried beside the config. The rest are the lab's own.
 */
export const optimalAuctionSchema = {
  prior: {
    kind: 'enum',
    label: 'Values',
    help: 'How bidders’ values are drawn: i.i.d. uniform, i.i.d. exponential, correlated through a latent factor, or each bidder its own uniform range.',
    default: 'uniform',
    options: [
      { value: 'uniform', label: 'Uniform U[0, 1], i.i.d.' },
      { value: 'exp', label: 'Exponential (rate λ), i.i.d.' },
      { value: 'latent', label: 'Correlated (latent factor)' },
      { value: 'hetero', label: 'Heterogeneous U[0, a_i]' },
    ],
  },
  bidders: {
    kind: 'number', label: 'Bidders N', help: 'Number of bidders in every auction.',
    default: 2, min: 2, max: 8, integer: true, unit: 'bidders',
  },
  rate: {
    kind: 'number', label: 'Rate λ', help: 'Rate of the exponential values (mean 1/λ); exponential prior only.',
    default: 1, min: 0.1, max: 10, scale: 'log', unit: '1/value',
  },
  correlation: {
    kind: 'number', label: 'Correlation ρ', help: 'Correlation of the latent normals: 0 = independent, near 1 = almost equal values; latent prior only.',
    default: 0.5, min: 0, max: 0.95, step: 0.05,
  },
  upper: {
    kind: 'numberArray', label: 'Upper bounds a_i', help: 'Bidder i draws v_i ~ U[0, a_i]; heterogeneous prior only (one per bidder).',
    default: [1, 1.5], min: 0.1, max: 10, minLength: 1, maxLength: 8, unit: 'value units',
  },
  warmStart: {
    kind: 'enum',
    label: 'Warm start',
    help: 'Phase 1 imitates a classic auction: the prior’s own (Myerson for uniform/exp, Vickrey for latent/hetero), Vickrey always, or none (random network).',
    default: 'classic',
    options: [
      { value: 'classic', label: 'The prior’s classic auction' },
      { value: 'vickrey', label: 'Vickrey (second price)' },
      { value: 'none', label: 'None (random start)' },
    ],
  },
  imitationSteps: {
    kind: 'number', label: 'Imitation steps', help: 'Phase-1 supervised steps toward the warm-start auction (cached per distribution: a second run skips them).',
    default: 1000, min: 0, max: 20000, integer: true, scale: 'log', unit: 'steps',
  },
  imitationLr: {
    kind: 'number', label: 'Imitation learning rate', help: 'Adam step size in phase 1.',
    default: 0.003, min: 0.00001, max: 0.05, scale: 'log',
  },
  steps: {
    kind: 'number', label: 'Steps', help: 'Phase-2 steps: maximize revenue − Σ λ_i·regret_i − (ρ/2)·Σ regret_i².',
    default: 900, min: 0, max: 100000, integer: true, scale: 'log', unit: 'steps',
  },
  batch: {
    kind: 'number', label: 'Batch', help: 'Fresh value profiles per training step.',
    default: 256, min: 32, max: 8192, integer: true, scale: 'log', unit: 'profiles',
  },
  layers: {
    kind: 'numberArray', label: 'Hidden layers', help: 'Widths of the hidden layers of the mechanism network (tanh).',
    default: [64, 32, 16], min: 2, max: 256, minLength: 1, maxLength: 4, integer: true, unit: 'units',
  },
  lr: {
    kind: 'number', label: 'Learning rate', help: 'Adam step size in phase 2 (the one a tuning study tunes).',
    default: 0.002, min: 0.00001, max: 0.05, scale: 'log',
  },
  penalty: {
    kind: 'enum',
    label: 'Regret penalty',
    help: 'budget: maximize revenue − Σ λ_i·regret_i, λ raised or lowered until the training regret meets the regret budget (dual ascent on log(regret / budget)); fixed: the augmented Lagrangian with a hand-set λ and ρ, revenue − Σ λ_i·regret_i − (ρ/2)·Σ regret_i², λ_i += ρ·regret_i.',
    default: 'budget',
    options: [
      { value: 'budget', label: 'Regret budget (dual ascent on λ)' },
      { value: 'fixed', label: 'Augmented Lagrangian (hand-set λ, ρ)' },
    ],
  },
  regretBudget: {
    kind: 'number', label: 'Regret budget', help: 'Training regret target per bidder, as a fraction of the mean value E[v] (budget penalty only), so the same budget means the same for every prior and value scale. The evaluation’s stronger search reads higher than the training one.',
    default: 0.0007, min: 0.00001, max: 0.1, scale: 'log', unit: '× mean value',
  },
  budgetLr: {
    kind: 'number', label: 'Budget: λ step', help: 'Dual ascent step of the budget penalty: every update λ_i ← λ_i·(regret_i / budget)^this (regret as the mean since the last update, the ratio clipped to [1/4, 4]).',
    default: 0.1, min: 0.01, max: 4, scale: 'log',
  },
  lambdaInit: {
    kind: 'number', label: 'Initial λ', help: 'Starting Lagrange multiplier of every bidder’s regret.',
    default: 20, min: 0, max: 1000, unit: 'revenue per unit regret',
  },
  rho: {
    kind: 'number', label: 'Penalty ρ', help: 'Fixed penalty only: weight of the quadratic regret penalty (ρ/2)·Σ regret², and the dual ascent step λ_i += ρ·regret_i.',
    default: 50, min: 0, max: 10000, scale: 'log',
  },
  dualEvery: {
    kind: 'number', label: 'λ update every', help: 'Dual ascent schedule: λ is updated every this many phase-2 steps from the mean regret since the last update (toward the budget, or by ρ × that regret).',
    default: 10, min: 1, max: 1000, integer: true, scale: 'log', unit: 'steps',
  },
  misreportSteps: {
    kind: 'number', label: 'Misreport steps (train)', help: 'Gradient-ascent steps per misreport when estimating regret during training.',
    default: 2, min: 0, max: 100, integer: true, unit: 'steps',
  },
  misreportRestarts: {
    kind: 'number', label: 'Misreport restarts (train)', help: 'Starting points per bidder and profile (truthful + stratified random) during training.',
    default: 12, min: 1, max: 64, integer: true, unit: 'starts',
  },
  evalMisreportSteps: {
    kind: 'number', label: 'Misreport steps (eval)', help: 'Gradient-ascent steps of the stronger evaluation search.',
    default: 30, min: 0, max: 500, integer: true, unit: 'steps',
  },
  evalMisreportRestarts: {
    kind: 'number', label: 'Misreport restarts (eval)', help: 'Starting points of the evaluation search (truthful + an even grid over the value range).',
    default: 33, min: 1, max: 256, integer: true, unit: 'starts',
  },
  evalDraws: {
    kind: 'number', label: 'Evaluation draws', help: 'Fresh profiles for the final evaluation (revenue, regret, efficiency, baselines).',
    default: 2048, min: 128, max: 65536, integer: true, scale: 'log', unit: 'profiles',
  },
  regretWeight: {
    kind: 'number', label: 'Study: regret weight', help: 'A tuning study maximizes revenue − this × evaluated regret.',
    default: 5, min: 0, max: 1000,
  },
  study: {
    kind: 'number', label: 'Study trials', help: '0: one training run. N > 0: run a tuning study (over initial λ, ρ, λ update schedule and learning rate) until it holds N finished trials. Studies are saved per prior, N, settings and seed: a larger N adds trials to the saved one; another seed starts a new study.',
    default: 0, min: 0, max: 500, integer: true, unit: 'trials',
  },
  studyStartup: {
    kind: 'number', label: 'Study: random start-up trials', help: 'Trials drawn at random before the TPE sampler takes over.',
    default: 5, min: 1, max: 100, integer: true, unit: 'trials',
  },
  studyWorkers: {
    kind: 'number', label: 'Study: parallel workers', help: 'Trials run at once in the worker pool (each worker asks the shared study for its next trial).',
    default: 2, min: 1, max: 8, integer: true, unit: 'workers',
  },
} as const satisfies ConfigSchema;

export type OptimalAuctionSchema = typeof optimalAuctionSchema;
export type OptimalAuctionConfig = ConfigOf<OptimalAuctionSchema>;
