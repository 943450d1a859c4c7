import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SeriesRow } from '../../../core/labs/types';
import { ChartCard } from '../../charts/ChartCard';
import { LineChartView, type LineSpec } from '../../charts/LineChartView';
import { bidderColor, THEORY_COLOR } from '../../charts/palette';
import { fmt } from '../../format';

const firmLines = (prefix: string, n: number, label: string): LineSpec[] =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, name: `${label} ${i + 1}`, color: bidderColor(i), width: 1.8 }));


/** Per-year panels of one policy: emissions vs allowances, price, output per firm, wealth per firm (+ equality). */
export function YearPanels({ rows, n, penalty, policyName, emptyHint }: { rows: SeriesRow[]; n: number; penalty: number; policyName: string; emptyHint: string }) {
  const EMPTY = emptyHint;
  return (
    <>
      <ChartCard id="emissions" title={`Emissions and allowances: ${policyName}`} caption="Tons per year (mean over evaluation seeds). Emissions above the allowances issued are shortfall, paid at the penalty.">
        <LineChartView
          rows={rows}
          x="year"
          xInteger
          xLabel="year"
          yLabel="tons CO₂ per year"
          height={240}
          emptyHint={EMPTY}
          lines={[
            { key: 'emissions', name: 'emissions', color: '#e15759' },
            { key: 'issued', name: 'allowances issued', color: '#4e79a7', dashed: true },
            { key: 'shortfall', name: 'shortfall', color: '#9c755f', width: 1.5 },
          ]}
        />
      </ChartCard>
      <ChartCard id="price" title={`Allowance price: ${policyName}`} caption="Uniform clearing price of the yearly call market (firms’ bids and asks). It cannot exceed the penalty: a firm would rather pay it.">
        <LineChartView
          rows={rows}
          x="year"
          xInteger
          xLabel="year"
          yLabel="price (currency per allowance)"
          height={240}
          emptyHint={EMPTY}
          yDomain={[0, 'auto']}
          lines={[{ key: 'price', name: 'allowance price', color: '#4e79a7' }]}
          references={[{ y: penalty, label: `penalty ${penalty} per ton`, color: THEORY_COLOR }]}
        />
      </ChartCard>
      <ChartCard id="output" title={`Output per firm: ${policyName}`} caption="Units produced per year. Output is what the firm’s allowances (bought or given) and the penalty make worth producing; research lowers emissions per unit.">
        <LineChartView rows={rows} x="year" xInteger xLabel="year" yLabel="output (units per year)" height={240} emptyHint={EMPTY} lines={firmLines('output', n, 'firm')} />
      </ChartCard>
      <ChartCard id="wealth" title={`Wealth distribution: ${policyName}`} caption="Each firm’s wealth at the end of each year (left) and equality 1 − Gini across firms (right, dashed).">
        <LineChartView
          rows={rows}
          x="year"
          xInteger
          xLabel="year"
          yLabel="wealth (currency)"
          rightLabel="equality (1 − Gini)"
          rightDomain={[0, 1]}
          rightTicks={[0, 0.25, 0.5, 0.75, 1]}
          height={240}
          emptyHint={EMPTY}
          lines={[...firmLines('wealth', n, 'firm'), { key: 'equality', name: 'equality', color: THEORY_COLOR, dashed: true, axis: 'right', width: 1.5 }]}
        />
      </ChartCard>
    </>
  );
}

/** The learned regulator's allocation: allowances given to each firm per year (stacked = the year's issue). */
export function LearnedAllocationChart({ rows, n, budget, years, cap, emptyHint }: { rows: SeriesRow[]; n: number; budget: number; years: number; cap: number; emptyHint: string }) {
  return (
    <ChartCard
      id="allocation"
      title="The learned regulator’s allocation over the years"
      caption="Allowances given to each firm per year (stack height = the year’s issue; mean over evaluation seeds). Dashed: the classic rules’ even schedule and the yearly cap."
    >
      {rows.length === 0 ? (
        <div className="empty">{emptyHint}</div>
      ) : (
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={rows} margin={{ top: 8, right: 68, bottom: 22, left: 8 }}>
            <CartesianGrid stroke="#eef1f4" vertical={false} />
            <XAxis dataKey="year" fontSize={12} label={{ value: 'year', position: 'insideBottom', offset: -12, fill: '#5b6675', fontSize: 12 }} />
            <YAxis
              fontSize={12}
              width={62}
              domain={[0, 'auto']}
              label={{ value: 'allowances per year', angle: -90, position: 'insideLeft', offset: 10, fill: '#5b6675', fontSize: 12, style: { textAnchor: 'middle' } }}
            />
            <Tooltip formatter={(v) => fmt(Number(v), 2)} isAnimationActive={false} />
            <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, paddingBottom: 4 }} />
            {Array.from({ length: n }, (_, i) => (
              <Bar key={i} dataKey={`alloc${i}`} name={`firm ${i + 1}`} stackId="a" fill={bidderColor(i)} isAnimationActive={false} />
            ))}
            <ReferenceLine ifOverflow="extendDomain" y={budget / years} stroke={THEORY_COLOR} strokeDasharray="6 4" label={{ value: `even ${fmt(budget / years, 1)}`, position: 'right', fontSize: 11 }} />
            <ReferenceLine ifOverflow="extendDomain" y={cap} stroke="#9aa3ae" strokeDasharray="6 4" label={{ value: `cap ${fmt(cap, 0)}`, position: 'right', fontSize: 11 }} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}
