import type { NumberField } from '../config/schema';
import type { PpoHyperparams } from './ppo';

/** The PPO hyperparameters a lab may expose as config fields (the log-std clamp is the trainer's own). */
export type PpoFieldKey = Exclude<keyof PpoHyperparams, 'logStdMin' | 'logStdMax'>;

/**
 * The one table of PPO hyperparameters: default, bounds, label, help and unit of each, as config fields. The
 * defaults follow Stable-Baselines3/CleanRL continuous-control PPO (Schulman et al. 2017; Huang et al. 2022, "The
 * 37 Implementation Details of PPO"), except `entropyCoef` (0.001 rather than 0: a small bonus keeps one-shot
 * bidders exploring) and `hidden` (16 rather than 64: observations are 2-D). `DEFAULT_PPO` (`ppo.ts`) is these
 * defaults; the lab schemas take their fields from `ppoFields`, so a link's value is read against these bounds.
 */
export const PPO_FIELDS = {
  lr: {
    kind: 'number', label: 'Learning rate', help: 'Adam step size of every PPO agent’s policy and value networks.',
    default: 3e-4, min: 1e-5, max: 1e-2, scale: 'log',
  },
  epochs: { kind: 'number', label: 'PPO epochs', help: 'Passes over each batch per update.', default: 4, min: 1, max: 20, integer: true },
  minibatch: {
    kind: 'number', label: 'Minibatch', help: 'Samples per gradient step (cut to the batch when larger).',
    default: 256, min: 8, max: 8192, integer: true, scale: 'log', unit: 'samples',
  },
  clip: { kind: 'number', label: 'Clip ε', help: 'PPO clips the probability ratio to [1 − ε, 1 + ε].', default: 0.2, min: 0.01, max: 1 },
  entropyCoef: { kind: 'number', label: 'Entropy bonus', help: 'Weight of the policy entropy in the objective (keeps exploring).', default: 0.001, min: 0, max: 0.1 },
  valueCoef: { kind: 'number', label: 'Value loss weight', help: 'Weight of the value baseline’s squared error.', default: 0.5, min: 0, max: 10 },
  maxGradNorm: { kind: 'number', label: 'Gradient clip', help: 'Largest gradient norm per agent and network.', default: 0.5, min: 0.01, max: 100, scale: 'log' },
  initLogStd: {
    kind: 'number', label: 'Initial log σ', help: 'Log standard deviation of the Gaussian policies at the start (exploration).',
    default: -1, min: -5, max: 1,
  },
  hidden: {
    kind: 'number', label: 'Hidden units', help: 'Width of both hidden layers of every policy and value network.',
    default: 16, min: 4, max: 128, integer: true, unit: 'units',
  },
} as const satisfies Record<PpoFieldKey, NumberField>;

/**
 * What a lab changes in one field of `PPO_FIELDS`: its default (the lab's tuned value) and, where the lab's links
 * were always read against another range, that range, and a help sentence naming the lab's agent.
 */
export type PpoFieldOverride = Partial<Pick<NumberField, 'default' | 'min' | 'max' | 'help'>>;

/**
 * Every PPO field of `PPO_FIELDS`, with a lab's overrides applied; a lab spreads the ones it exposes into its
 * schema (`...ppoFields()`, or `const { lr } = ppoFields({ lr: { default: 3e-3 } })`).
 */
export function ppoFields(overrides: { readonly [K in PpoFieldKey]?: PpoFieldOverride } = {}): Record<PpoFieldKey, NumberField> {
  const field = (key: PpoFieldKey): NumberField => ({ ...PPO_FIELDS[key], ...overrides[key] });
  return {
    lr: field('lr'),
    epochs: field('epochs'),
    minibatch: field('minibatch'),
    clip: field('clip'),
    entropyCoef: field('entropyCoef'),
    valueCoef: field('valueCoef'),
    maxGradNorm: field('maxGradNorm'),
    initLogStd: field('initLogStd'),
    hidden: field('hidden'),
  };
}
