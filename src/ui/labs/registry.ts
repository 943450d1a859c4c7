import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

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
  'permit-auction': {
    View: lazy(() => import('./permitAuction/PermitAuctionView')),
    // The view edits firms and bids itself and always shows all three mechanisms (`mechanism` is for the CLI).
    hiddenFields: (c) => ['firms', 'bids', 'mode', ...(c.mode === 'clear' ? ['mechanism'] : [])],
    manual: (c) => c.mode === 'clear',
  },
  'all-pay-design': {
    View: lazy(() => import('./allPayDesign/AllPayDesignView')),
    hiddenFields: (c) => [...(c.mode === 'fit' ? [] : ['samples']), ...(c.mode === 'simulate' ? ['designs'] : ['w']), ...(c.learner === 'bandit' ? [] : ['epsilonMin'])],
  },
};
