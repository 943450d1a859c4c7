import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * The view half of each lab's registry entry (React, lazily loaded so recharts and each lab's code load on
 * demand). Keys match `src/core/labs/registry.ts`; `hiddenFields` lists the config keys that do not apply to
 * the current config, so the form only shows what matters.
 */
export interface LabView {
  View: LazyExoticComponent<ComponentType>;
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
};
