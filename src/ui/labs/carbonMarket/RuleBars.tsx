import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { POLICY_LABELS, type PolicyId } from '../../../core/labs/carbonMarket/allocation';
import type { RuleSummary } from '../../../core/labs/carbonMarket/evaluate';
import { ChartCard } from '../../charts/ChartCard';
import { useChartName } from '../../charts/chartName';
import { BIDDER_COLORS } from '../../charts/palette';
import { fmt } from '../../format';

/** One colour per allocation rule, from the colour-blind-safe series palette; the learned regulator in vermillion. */
export const RULE_COLORS: Readonly<Record<PolicyId, string>> = {
  learned: BIDDER_COLORS[1],
  grandfathering: BIDDER_COLORS[0],
  equal: BIDDER_COLORS[2],
  benchmarking: BIDDER_COLORS[5],
  auction: BIDDER_COLORS[3],
};

/** Short rule names for bar labels. */
export const RULE_SHORT: Readonly<Record<PolicyId, string>> = {
  learned: 'Learned',
  grandfathering: 'Grandf.',
  equal: 'Equal',
  benchmarking: 'Bench.',
  auction: 'Auction',
};

type Key = 'objective' | 'equalityProductivity' | 'productivity' | 'equality' | 'emissions';

/** One small bar chart: a figure per rule (with ± std error bars for the objective). */
function MiniBars({ rows, k, title, unit, digits }: { rows: RuleSummary[]; k: Key; title: string; unit: string; digits: number }) {
  const data = rows.map((r) => ({ rule: RULE_SHORT[r.policy], policy: r.policy, value: r[k], err: k === 'objective' ? r.objectiveStd : 0 }));
  const lo = k === 'equality' ? Math.max(0, Math.min(...data.map((d) => d.value)) - 0.1) : 0;
  const a11y = useChartName(`${title}: ${data.map((d) => `${POLICY_LABELS[d.policy]} ${fmt(d.value, digits)}`).join(', ')}.`);
  return (
    <div data-testid={`bars.${k}`} style={{ minWidth: 0 }}>
      <div className="chart-panel-title" style={{ fontSize: 12, color: '#5b6675', margin: '2px 0 0 8px' }}>{title}</div>
      <ResponsiveContainer width="100%" height={180}>
        <BarChart {...a11y} data={data} margin={{ top: 6, right: 8, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#eef1f4" vertical={false} />
          <XAxis dataKey="rule" fontSize={10} interval={0} angle={-30} textAnchor="end" height={40} />
          <YAxis
            fontSize={11}
            width={56}
            domain={[lo, 'auto']}
            tickFormatter={(v: number) => fmt(v, digits)}
            label={{ value: unit, angle: -90, position: 'insideLeft', offset: 6, fill: '#5b6675', fontSize: 11, style: { textAnchor: 'middle' } }}
            allowDataOverflow
          />
          <Tooltip formatter={(v) => fmt(Number(v), 3)} isAnimationActive={false} />
          <Bar dataKey="value" name={title} isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.policy} fill={RULE_COLORS[d.policy]} />
            ))}
            {k === 'objective' && <ErrorBar dataKey="err" width={6} stroke="#111827" />}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/**
 * All allocation rules side by side on the same evaluation seeds: the government objective (mean ± std over seeds),
 * productivity, equality and emissions at the end of the horizon.
 */
export function RuleBars({ rows, seeds }: { rows: RuleSummary[]; seeds: number }) {
  return (
    <ChartCard
      id="rules"
      title="Allocation rules compared"
      caption={
        <>
          Final year, mean over the same {seeds} evaluation seeds for every rule (error bars: ± 1 std over seeds; with PPO firms every rule is scored again against the trained firms at the end). Legend:{' '}
          {rows.map((r) => (
            <span key={r.policy} data-legend-item style={{ marginRight: 8 }}>
              <span data-legend-swatch aria-hidden="true" style={{ color: RULE_COLORS[r.policy] }}>■</span> {POLICY_LABELS[r.policy]}
            </span>
          ))}
        </>
      }
    >
      {rows.length === 0 ? (
        <div className="empty">Press Run: the classic rules are evaluated first, the learned regulator joins after training.</div>
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: 8 }}>
          <MiniBars rows={rows} k="objective" title="Objective (equality × productivity × e^(−κ·shortfall))" unit="objective" digits={0} />
          <MiniBars rows={rows} k="equalityProductivity" title="Equality × productivity (the objective without its emissions factor)" unit="currency" digits={0} />
          <MiniBars rows={rows} k="productivity" title="Productivity (mean wealth per firm)" unit="currency" digits={0} />
          <MiniBars rows={rows} k="equality" title="Equality (1 − Gini of wealth)" unit="1 − Gini" digits={2} />
          <MiniBars rows={rows} k="emissions" title="Emissions over the horizon (issuance never exceeds the budget; emissions above it are penalized shortfall)" unit="tons CO₂" digits={0} />
        </div>
      )}
    </ChartCard>
  );
}
