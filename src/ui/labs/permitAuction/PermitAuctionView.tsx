import { permitAuctionConfig } from '../../../core/labs/configs';
import { selectConfig, selectSeed } from '../../../state/selectors';
import { lazy, useContext, useMemo } from 'react';
import { clearAll, effectiveSchedules, truthfulSchedules } from '../../../core/labs/permitAuction/clearAll';
import { multiUnitMechanismIds, multiUnitMechanisms } from '../../../core/mechanisms/multiUnitRegistry';
import { useLabStore } from '../../../state/store';
import { BidsTable } from './BidsTable';
import { FirmsTable } from './FirmsTable';
import { ClearingColumn, MarginalCostChart } from './PermitCharts';
import { SessionLauncher } from '../../session/SessionLauncher';
import { Explainer } from '../../Explainer';
import { PresenterContext } from '../../presenterContext';

const TrainingView = lazy(() => import('./training/TrainingView'));

/** The permit-auction lab: manual clearing, or PPO firms learning to bid (train mode). */
export default function PermitAuctionView() {
  const mode = useLabStore((s) => selectConfig(s).mode);
  return mode === 'train' ? <TrainingView /> : <ManualView />;
}

/**
 * Manual mode of the permit-auction lab: edit firms and bids, and see all three mechanisms clear the same
 * bids side by side, instantly (one auction clears in microseconds, so this runs on the page).
 */
function ManualView() {
  const config = permitAuctionConfig(useLabStore(selectConfig));
  const seed = useLabStore(selectSeed);
  const schedules = useMemo(() => effectiveSchedules(config), [config]);
  const truthful = useMemo(() => truthfulSchedules(config), [config]);
  const results = useMemo(() => clearAll(config, seed), [config, seed]);
  const truthfulResults = useMemo(() => clearAll({ ...config, bids: [] }, seed), [config, seed]);
  const presenting = useContext(PresenterContext);
  const columns = multiUnitMechanismIds.map((id) => (
    <ClearingColumn
      key={id}
      id={id}
      rule={multiUnitMechanisms[id].rule}
      outcome={results[id]}
      truthful={truthfulResults[id]}
      schedules={schedules}
      supply={config.supply}
      firms={config.firms}
      priceRule={config.priceRule}
      compact={presenting}
    />
  ));
  if (presenting) {
    // On the projector: the shading control beside the three rules' outcomes, one screen, no scrolling.
    return (
      <div className="charts" style={{ gridTemplateColumns: 'minmax(240px, 0.8fr) repeat(3, minmax(0, 1fr))' }}>
        <BidsTable firms={config.firms} schedules={schedules} truthful={truthful} compact />
        {columns}
      </div>
    );
  }
  return (
    <>
      <Explainer>
        A regulator sells S permits. Each firm would otherwise have to abate its emissions at cost c·a²/2, so its q-th permit is worth c·(e − q).
        Firms bid in two tiers; “truthful” means each tier at its mean true value (with true values falling
        continuously, even VCG’s incentive to tell the truth holds only approximately for such step bids). Ties at the margin: {config.tieRule === 'pro-rata' ? 'shared pro-rata' : 'served in a random order (seeded)'}; reserve
        price {config.reserve}.
      </Explainer>
      <SessionLauncher config={config} seed={seed} sources={[]} />
      <div className="charts" style={{ gridTemplateColumns: 'minmax(360px, 1fr) minmax(460px, 1.3fr)' }}>
        <MarginalCostChart firms={config.firms} supply={config.supply} competitivePrice={results.uniform.competitivePrice} />
        <FirmsTable firms={config.firms} />
      </div>
      <BidsTable firms={config.firms} schedules={schedules} truthful={truthful} />
      <div className="charts" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))' }}>{columns}</div>
    </>
  );
}
