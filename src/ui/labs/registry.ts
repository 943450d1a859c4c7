import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { TRAINING_FIELDS } from '../../core/labs/permitAuction/schema';

/**
 * The view half of each lab's registry entry (React, lazily loaded so recharts and each lab's code load on
 * demand). Keys match `src/core/labs/registry.ts`; `hiddenFields` lists the config keys that do not apply to
 * the current config, so the form only shows what matters.
 */
export interface LabView {
  View: LazyExoticComponent<ComponentType>;
  /** Manual labs recompute instantly on the page: no Run controls or run history. */
  manual?: (config: Record<string, unknown>) => boolean;
  hiddenFields?: (config: Record<string, unknown>) => string[];
}

export const labViews: Record<string, LabView> = {
  'learn-to-bid': {
    View: lazy(() => import('./learnToBid/LearnToBidView')),
    hiddenFields: (c) => [
      'prior',
      ...(c.policy === 'linear' ? ['hidden'] : []),
      ...(c.schedule === 'constant' ? ['betaEnd'] : []),
    ],
  },
  'optimal-auction': {
    View: lazy(() => import('./optimalAuction/OptimalAuctionView')),
    hiddenFields: (c) => [...(c.prior === 'exp' ? [] : ['rate']), ...(c.prior === 'latent' ? [] : ['correlation']), ...(c.prior === 'hetero' ? [] : ['upper']), ...(Number(c.study) > 0 ? [] : ['studyStartup', 'studyWorkers', 'regretWeight']), ...(c.warmStart === 'none' ? ['imitationSteps', 'imitationLr'] : [])],
  },
  'permit-auction': {
    View: lazy(() => import('./permitAuction/PermitAuctionView')),
    // The view edits firms and bids itself and always shows all three mechanisms (`mechanism` is for the CLI).
    hiddenFields: (c) =>
      c.mode === 'train'
        ? ['firms', 'bids', ...(c.compare && c.sweep !== 'firms' ? ['mechanism'] : []), ...(c.sweep === 'firms' ? ['compare'] : ['sweepFirms'])]
        : ['firms', 'bids', 'mechanism', ...TRAINING_FIELDS],
    manual: (c) => c.mode === 'clear',
  },
  'all-pay-design': {
    View: lazy(() => import('./allPayDesign/AllPayDesignView')),
    hiddenFields: (c) => [...(c.mode === 'fit' ? [] : ['samples']), ...(c.mode === 'simulate' ? ['designs'] : ['w']), ...(c.learner === 'bandit' ? [] : ['epsilonMin']), ...(c.learner === 'ppo' ? ['exploration'] : [])],
  },
  'carbon-market': { View: lazy(() => import('./carbonMarket/CarbonMarketView')), hiddenFields: (c) => [...(c.firmAgents === 'ppo' ? (c.schedule === 'alternating' ? ['firmIterations'] : []) : ['schedule', 'firmIterations']), ...(c.sweep === 'off' ? ['sweepValues'] : [])] },
};
