import { useOverlayLines } from '../../charts/overlayLines';
import { CLASSIC_RULES, POLICY_LABELS, ALL_POLICIES } from '../../../core/labs/carbonMarket/allocation';
import type { RuleSummary } from '../../../core/labs/carbonMarket/evaluate';
import type { SweepPoint, SweptKey } from '../../../core/labs/carbonMarket/sweep';
import type { SeriesRow } from '../../../core/labs/types';
import { ChartCard } from '../../charts/ChartCard';
import { LineChartView, type LineSpec } from '../../charts/LineChartView';
import { RULE_COLORS } from './RuleBars';

/**
 * The regulator's training curve: the mean final objective of the sampled (exploring) episodes per update, the
 * mean policy's validation objective (dots), and each classic rule's objective on the evaluation seeds (dashed).
 */
export function TrainingChart({ rows, classic }: { rows: SeriesRow[]; classic: RuleSummary[] }) {
  const validation = rows.filter((r) => r.validation !== undefined);
  const overlays = useOverlayLines();
  return (
    <ChartCard
      id="training"
      title="Training the regulator"
      caption="Objective per PPO update: sampled (exploring) policies, and the mean policy on validation seeds (dots; update 0 is the starting point, equal shares on an even schedule; the best dot’s policy is kept). Dashed: the classic rules. With PPO firms, the first updates train the firms (the objective then is equal shares’)."
    >
      <LineChartView
        rows={rows}
        x="update"
        xInteger
        xLabel="PPO update"
        yLabel="government objective"
        emptyHint="Press Run to train the regulator."
        lines={[
          { key: 'objective', name: 'sampled episodes', color: '#f4a3a4', width: 1.5 },
          { key: 'validation', name: 'mean policy (validation)', color: '#c0392b', data: validation, dots: true, width: 2 },
          ...overlays,
        ]}
        references={classic
          .filter((r) => r.policy !== 'learned' && r.policy !== 'auction')
          .map((r) => ({ y: r.objective, label: POLICY_LABELS[r.policy], color: RULE_COLORS[r.policy] }))}
      />
    </ChartCard>
  );
}

const SWEEP_AXES: Readonly<Record<SweptKey, { title: string; label: string }>> = {
  firms: { title: 'the number of firms', label: 'number of firms N' },
  equalityWeight: { title: 'the equality weight wE', label: 'equality weight wE (exponent)' },
  productivityWeight: { title: 'the productivity weight wP', label: 'productivity weight wP (exponent)' },
  kappa: { title: 'the emissions weight κ', label: 'emissions weight κ (per ton of shortfall)' },
};

/** Sensitivity sweep: each rule's objective (mean over evaluation seeds) against the swept parameter. */
export function SweepChart({ points, sweep, pending }: { points: SweepPoint[]; sweep: string; pending: number }) {
  const rows = points.map((p) => ({ value: p.value, ...p.objective }));
  const lines: LineSpec[] = ALL_POLICIES.filter((p) => p === 'learned' || CLASSIC_RULES.includes(p)).map((p) => ({
    key: p,
    name: POLICY_LABELS[p],
    color: RULE_COLORS[p],
    dots: true,
    width: p === 'learned' ? 2.5 : 1.8,
    dashed: p === 'auction',
  }));
  const firms = sweep === 'firms';
  const axis = SWEEP_AXES[sweep as SweptKey] ?? SWEEP_AXES.equalityWeight;
  return (
    <ChartCard
      id="sweep"
      title={`Objective against ${axis.title}`}
      caption={`One run per value, in parallel in the worker pool${pending ? ` (${pending} still running)` : ''}. Each run re-trains the regulator; the classic rules keep their allocation and are scored by the same objective${firms ? ' (the budget per firm is kept)' : ''}. Full auctioning (dashed) coincides with equal shares here.`}
    >
      <LineChartView
        rows={rows}
        x="value"
        xInteger={firms}
        xLabel={axis.label}
        yLabel="government objective"
        emptyHint="Press Run: each point appears when its run finishes."
        lines={lines}
      />
    </ChartCard>
  );
}
