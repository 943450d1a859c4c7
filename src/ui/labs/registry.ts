import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * The view half of each lab's registry entry (React, lazily loaded so recharts and each lab's code load on
 * demand). Keys match `src/core/labs/registry.ts`. Which settings apply to a config is the lab definition's
 * `inapplicable` (core), so the form and `--help` agree; a view only adds the keys it edits itself.
 */
export interface LabView {
  View: LazyExoticComponent<ComponentType>;
  /** Manual labs recompute instantly on the page: no Run controls or run history. */
  manual?: (config: Record<string, unknown>) => boolean;
  /** Config keys the view edits itself (so the settings form leaves them out). */
  editedInView?: (config: Record<string, unknown>) => string[];
}

export const labViews: Record<string, LabView> = {
  'learn-to-bid': { View: lazy(() => import('./learnToBid/LearnToBidView')) },
  'optimal-auction': { View: lazy(() => import('./optimalAuction/OptimalAuctionView')) },
  'permit-auction': {
    View: lazy(() => import('./permitAuction/PermitAuctionView')),
    // The view edits the firms and their bids itself (tables above the charts).
    editedInView: () => ['firms', 'bids'],
    manual: (c) => c.mode === 'clear',
  },
  'all-pay-design': { View: lazy(() => import('./allPayDesign/AllPayDesignView')) },
  'carbon-market': { View: lazy(() => import('./carbonMarket/CarbonMarketView')) },
};
