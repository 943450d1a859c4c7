import type { ConfigOf, ConfigSchema } from '../../config/schema';
import { ppoFields } from '../../learning/ppoFields';
import { ALL_POLICIES, ISSUANCE_SCHEDULES, SCHEDULE_LABELS, type PolicyId } from './allocation';

/** The policy picker's labels, longer than the charts' `POLICY_LABELS`: one per rule of `ALL_POLICIES`. */
const POLICY_OPTION_LABELS: Readonly<Record<PolicyId, string>> = {
  learned: 'Learned regulator (PPO)',
  grandfathering: 'Grandfathering (last year’s emissions)',
  equal: 'Equal shares',
  benchmarking: 'Output-based benchmarking',
  auction: 'Full auctioning (revenue recycled equally)',
};

/**
 * Config of the carbon-market lab. Fixed key names (CLI `--set`, URL, kept for old links): policy, firms, years (the
 * seed is carried beside the config). The others are the lab's own. Defaults: N = 5, T = 10, budget 200,
 * at most 25% a year, penalty 30, κ = 0.2, Gini with the small-sample factor N/(N − 1).
 */
export const carbonMarketSchema = {
  policy: {
    kind: 'enum',
    label: 'Policy shown',
    help: 'The allocation rule whose year-by-year panels are shown and whose figures the CLI reports. Every rule is evaluated for the comparison, so the regulator is trained whichever is shown (set iterations low to skip most of it).',
    default: 'learned',
    options: ALL_POLICIES.map((id) => ({ value: id, label: POLICY_OPTION_LABELS[id] })),
  },
  classicSchedule: {
    kind: 'enum',
    label: 'Classic rules’ schedule',
    help: 'How much the classic rules issue each year: evenly, front-loaded (linearly falling), or the learned regulator’s own yearly totals (after training; even until then). Every schedule is also compared side by side at the end.',
    default: 'even',
    options: ISSUANCE_SCHEDULES.map((value) => ({ value, label: SCHEDULE_LABELS[value] })),
  },
  firms: {
    kind: 'number', label: 'Firms N', help: 'Number of firms (types drawn from the seed).',
    default: 5, min: 3, max: 20, integer: true, unit: 'firms',
  },
  years: {
    kind: 'number', label: 'Years T', help: 'Length of the horizon.',
    default: 10, min: 2, max: 30, integer: true, unit: 'years',
  },
  budget: {
    kind: 'number', label: 'Allowance budget', help: 'Allowances the regulator may issue over the whole horizon (one allowance covers one ton).',
    default: 200, min: 10, max: 5000, unit: 'allowances',
  },
  maxYearShare: {
    kind: 'number', label: 'Largest yearly share', help: 'At most this share of the budget may be issued in one year.',
    default: 0.25, min: 0.05, max: 1, step: 0.01, unit: 'of budget',
  },
  penalty: {
    kind: 'number', label: 'Shortfall penalty', help: 'Paid per ton emitted without an allowance; shortfalls also count in the emissions term.',
    default: 30, min: 1, max: 200, unit: 'per ton',
  },
  kappa: {
    kind: 'number', label: 'Emissions weight κ', help: 'Objective = equality^wE × productivity^wP × exp(−κ·Σ shortfall) − overdraw penalty.',
    default: 0.2, min: 0, max: 2, step: 0.01, unit: 'per ton',
  },
  equalityWeight: {
    kind: 'number', label: 'Equality weight wE', help: 'Exponent on equality (1 − Gini) in the objective; 0 ignores equality.',
    default: 1, min: 0, max: 5, step: 0.1,
  },
  productivityWeight: {
    kind: 'number', label: 'Productivity weight wP', help: 'Exponent on productivity (mean wealth per firm) in the objective.',
    default: 1, min: 0, max: 2, step: 0.1,
  },
  overdrawPenalty: {
    kind: 'number', label: 'Overdraw penalty', help: 'Subtracted from the objective per allowance the regulator asks for beyond the remaining budget (it is never issued).',
    default: 100, min: 0, max: 10000, unit: 'per allowance',
  },
  smallSample: {
    kind: 'boolean', label: 'Gini small-sample factor', help: 'Multiply the Gini by N/(N − 1) (one firm holding everything gives Gini 1).',
    default: true,
  },
  firmAgents: {
    kind: 'enum',
    label: 'Firms',
    help: 'Rule-based firms (truthful schedules, research by expected saving: fast) or PPO firms that learn bid shading and research spending.',
    default: 'rule',
    options: [
      { value: 'rule', label: 'Rule-based (fast)' },
      { value: 'ppo', label: 'PPO firms' },
    ],
  },
  schedule: {
    kind: 'enum',
    label: 'Training order',
    help: 'With PPO firms: train the firms first (against equal shares), then the regulator on the frozen firms; or alternate updates.',
    default: 'firms-first',
    options: [
      { value: 'firms-first', label: 'Firms first, then regulator' },
      { value: 'alternating', label: 'Alternating' },
    ],
  },
  iterations: {
    kind: 'number', label: 'Regulator updates', help: 'PPO updates of the regulator.',
    default: 100, min: 1, max: 5000, integer: true, scale: 'log', unit: 'updates',
  },
  firmIterations: {
    kind: 'number', label: 'Firm updates first', help: 'PPO firms, firms-first order: firm updates before the regulator trains.',
    default: 50, min: 1, max: 5000, integer: true, scale: 'log', unit: 'updates',
  },
  episodes: {
    kind: 'number', label: 'Episodes per update', help: 'Simulated T-year episodes per PPO update.',
    default: 64, min: 8, max: 1024, integer: true, scale: 'log', unit: 'episodes',
  },
  // The regulator learns faster than the table's default (one agent, T·B samples per update); links were always read up to 0.03.
  lr: ppoFields({ lr: { default: 0.003, max: 0.03, help: 'Adam learning rate of the regulator’s PPO.' } }).lr,
  evalSeeds: {
    kind: 'number', label: 'Evaluation seeds', help: 'Episodes (research-luck seeds 1…n) every rule is evaluated on; the same for all rules.',
    default: 16, min: 2, max: 256, integer: true, scale: 'log', unit: 'episodes',
  },
  sweep: {
    kind: 'enum',
    label: 'Sensitivity sweep',
    help: 'Off, or one run per value of the number of firms (the budget per firm is kept) or of an objective weight (runs in parallel in the worker pool).',
    default: 'off',
    options: [
      { value: 'off', label: 'Off' },
      { value: 'firms', label: 'Number of firms' },
      { value: 'equalityWeight', label: 'Equality weight wE' },
      { value: 'productivityWeight', label: 'Productivity weight wP' },
      { value: 'kappa', label: 'Emissions weight κ' },
    ],
  },
  sweepValues: {
    kind: 'numberArray', label: 'Sweep values', help: 'Values of the swept parameter, within its own bounds: firm counts 3–20, wE 0–5, wP 0–2, κ 0–2.',
    default: [3, 5, 8, 12], min: 0, max: 20, minLength: 1, maxLength: 12,
  },
} as const satisfies ConfigSchema;

export type CarbonMarketSchema = typeof carbonMarketSchema;
export type CarbonMarketConfig = ConfigOf<CarbonMarketSchema>;
