import { useContext } from 'react';
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import type { BidFunctionSnapshot } from '../../../core/labs/learnToBid/evaluate';
import type { SeriesRow } from '../../../core/labs/types';
import { equilibriumSlope } from '../../../core/equilibria/singleItem';
import { learnToBidConfig } from '../../../core/labs/configs';

/** The equilibrium slope of a run's own config (null where the equilibrium is not linear). */
export function runTarget(raw: Record<string, unknown>): number | null {
  const c = learnToBidConfig(raw);
  return equilibriumSlope(c.mechanism, c.bidders, c.upper);
}
import { ChartCard } from '../../charts/ChartCard';
import { LineChartView, type LineSpec } from '../../charts/LineChartView';
import { bidderColor, THEORY_COLOR } from '../../charts/palette';
import { useOverlayLines } from '../../charts/overlayLines';
import { fmt } from '../../format';
import { axisWidth, niceAxis } from '../../charts/ticks';
import { PresenterContext } from '../../presenterContext';
import type { LearnToBidData } from './useLearnToBidData';

const rowsOf = (r: { series: Record<string, SeriesRow[]> } | null) => r?.series.train ?? [];

/** Full step range while a run is going or done; the data's own range for a run that stopped early. */
function stepDomain(data: LearnToBidData): [number, number] | undefined {
  const r = data.main;
  if (r && (r.status === 'failed' || r.status === 'cancelled')) return undefined;
  return [0, Number((r?.config ?? data.config).steps)];
}

/** The β axis spans the whole schedule from the start, so the β line never runs off the chart. */
function betaRange(c: Record<string, unknown>): [number, number] {
  const b0 = Number(c.beta);
  const b1 = c.schedule === 'constant' ? b0 : Number(c.betaEnd);
  return [Math.min(b0, b1) / 1.5, Math.max(b0, b1) * 1.5];
}

const PRESS_RUN = 'Press Run (or Space) to start training';

/** Mean of w_i over bidders for one row. */
const meanW = (row: SeriesRow, n: number) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += row[`w${i}`] ?? NaN;
  return s / n;
};

export function WChart({ data }: { data: LearnToBidData }) {
  const { runs, main, theory, config } = data;
  const overlays = useOverlayLines();
  const sweep = runs.length > 1;
  const n = Number((main?.config ?? config).bidders);
  const lines: LineSpec[] = [];
  let rows = rowsOf(main);
  if (sweep) {
    rows = [];
    runs.forEach((r, k) => {
      const nr = Number(r.config.bidders);
      lines.push({ key: 'w', name: `N = ${nr}`, color: bidderColor(k), data: rowsOf(r).map((row) => ({ step: row.step, w: meanW(row, nr) })) });
    });
  } else {
    for (let i = 0; i < n; i++) lines.push({ key: `w${i}`, name: `bidder ${i + 1}`, color: bidderColor(i) });
    if (rows.length) lines.push({ key: 'beta', name: 'β (right axis)', color: '#9aa3ae', width: 1, axis: 'right', dashed: false });
  }
  lines.push(...overlays);
  const references = sweep
    ? runs.flatMap((r, k) => {
        const t = runTarget(r.config);
        return t === null ? [] : [{ y: t, label: `theory N = ${r.config.bidders}: ${fmt(t, 3)}`, color: bidderColor(k) }];
      })
    : theory.target !== null
      ? [{ y: theory.target, label: `equilibrium w = ${fmt(theory.target, 3)}`, color: THEORY_COLOR }]
      : [];
  return (
    <ChartCard
      id="w"
      title="Bid slope w over training"
      caption={
        sweep
          ? 'Mean slope per N. Each run should settle on its own equilibrium slope (dashed, same colour).'
          : theory.target === null
            ? 'Each bidder bids b = w·v. No straight line is an equilibrium here; compare the bid functions with the curved equilibrium instead.'
            : `Each bidder bids b = w·v. Theory says w = ${fmt(theory.target, 3)} (dashed)${config.mechanism === 'first-price' ? ' = (N − 1)/N' : ': bid your value'}. With a constant β the curves settle a little off it; an annealed β (grey, right axis) closes the gap.`
      }
    >
      <LineChartView
        rows={rows}
        x="step"
        xLabel="training step"
        yLabel="w = bid / value"
        rightLabel="β (sigmoid steepness)"
        rightScale="log"
        rightDomain={betaRange(main?.config ?? config)}
        lines={lines}
        references={references}
        xDomain={stepDomain(data)}
        emptyHint={PRESS_RUN}
        compactKey={sweep ? { lines: `mean w, N = ${runs.map((r) => r.config.bidders).join(', ')} (one colour each)`, references: config.mechanism === 'first-price' ? 'theory (N − 1)/N, same colour, dashed' : 'theory, same colour, dashed' } : undefined}
      />
    </ChartCard>
  );
}

export function BidFunctionChart({ data }: { data: LearnToBidData }) {
  const snap = (data.main?.snapshots.bidFunctions as BidFunctionSnapshot | undefined) ?? data.equilibriumPreview;
  const lines: LineSpec[] = [];
  if (snap) {
    snap.values.forEach((vs, i) => {
      if (snap.bids[i]) lines.push({ key: 'b', name: `bidder ${i + 1} learned`, color: bidderColor(i), data: vs.map((v, g) => ({ v, b: snap.bids[i][g] })) });
      if (snap.equilibrium) {
        const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, g) => Math.abs(x - b[g]) < 1e-12);
        const symmetric = snap.equilibrium.every((e, j) => same(e, snap.equilibrium![0]) && same(snap.values[j], snap.values[0]));
        if (!symmetric || i === 0) {
          lines.push({
            key: 'b',
            name: symmetric ? 'equilibrium (all bidders)' : `bidder ${i + 1} equilibrium`,
            color: symmetric ? THEORY_COLOR : bidderColor(i),
            dashed: true,
            width: 1.5,
            data: vs.map((v, g) => ({ v, b: snap.equilibrium![i][g] })),
          });
        }
      }
    });
  }
  return (
    <ChartCard
      id="bids"
      title="Bid functions: learned vs equilibrium"
      caption={snap?.equilibrium ? 'Solid: what each bidder bids now for each value. Dashed: the Bayes–Nash equilibrium bid.' : 'No closed-form equilibrium for this setting; the curves show what the bidders learned.'}
    >
      <LineChartView rows={[]} x="v" xLabel="value v (value units)" yLabel="bid b(v) (value units)" lines={lines} xDomain={[0, Math.max(...((data.main?.config.upper as number[] | undefined) ?? data.config.upper))]} emptyHint={PRESS_RUN} />
    </ChartCard>
  );
}

export function UtilityChart({ data }: { data: LearnToBidData }) {
  const rows = rowsOf(data.main);
  const lines: LineSpec[] = [
    { key: 'smoothedUtility', name: 'smoothed (what the learners maximize)', color: '#b07aa1' },
    { key: 'exactUtility', name: 'exact (hard auction rule)', color: '#4e79a7' },
  ];
  const references = data.theory.utility !== null && data.runs.length <= 1 ? [{ y: data.theory.utility, label: `equilibrium utility ${fmt(data.theory.utility, 3)}`, color: THEORY_COLOR }] : [];
  return (
    <ChartCard id="utility" title="Bidder utility per auction" caption="Mean over bidders, on each training batch. The learners climb the smooth utility; the exact one is what they would really earn.">
      <LineChartView rows={rows} x="step" xLabel="training step" yLabel="utility (value units / auction)" lines={lines} references={references} xDomain={stepDomain(data)} emptyHint={PRESS_RUN} />
    </ChartCard>
  );
}

/** Each bidder's utility loss over training (value units) and the largest one relative to its best-response utility. */
export function UtilityLossChart({ data }: { data: LearnToBidData }) {
  const rows = data.main?.series.utilityLoss ?? [];
  const n = Number((data.main?.config ?? data.config).bidders);
  const lines: LineSpec[] = Array.from({ length: n }, (_, i) => ({ key: `l${i}`, name: `bidder ${i + 1}`, color: bidderColor(i) }));
  lines.push({ key: 'relative', name: 'largest, relative (right axis)', color: '#9aa3ae', width: 1, axis: 'right', dashed: true });
  return (
    <ChartCard
      id="utilityLoss"
      title="Utility loss: what a best response would gain"
      caption="For each bidder, the mean over its values of the best utility any bid on a grid earns against the others’ current strategies, less what its own bid earns (bnelearn’s ex-interim utility loss). It needs no closed form: 0 means every bidder is best-responding, an equilibrium."
    >
      <LineChartView
        rows={rows}
        x="step"
        xLabel="training step"
        yLabel="utility loss ε (value units / auction)"
        yDomain={[0, 'auto']}
        rightLabel="largest ε / best-response utility"
        rightDomain={[0, 'auto']}
        lines={lines}
        xDomain={stepDomain(data)}
        emptyHint={PRESS_RUN}
      />
    </ChartCard>
  );
}

export function RevenueChart({ data }: { data: LearnToBidData }) {
  const rows = rowsOf(data.main);
  const lines: LineSpec[] = [
    { key: 'revenue', name: 'revenue', color: '#e15759' },
    { key: 'efficiency', name: 'efficiency (right axis)', color: '#59a14f', axis: 'right' },
  ];
  const references = data.theory.revenue !== null && data.runs.length <= 1 ? [{ y: data.theory.revenue, label: `equilibrium revenue ${fmt(data.theory.revenue, 3)}`, color: THEORY_COLOR }] : [];
  return (
    <ChartCard id="revenue" title="Seller revenue and efficiency" caption="Revenue equivalence: in equilibrium first price, second price and all-pay earn the same (N − 1)/(N + 1). Efficiency = value of the winner / highest value.">
      <LineChartView rows={rows} x="step" xLabel="training step" yLabel="revenue (value units / auction)" rightLabel="efficiency (share of max value)" rightDomain={[0.8, 1.02]} rightTicks={[0.8, 0.85, 0.9, 0.95, 1]} lines={lines} references={references} xDomain={stepDomain(data)} emptyHint={PRESS_RUN} />
    </ChartCard>
  );
}

/** N sweep: final mean slope per N against the theory curve (N − 1)/N. */
export function SweepChart({ data }: { data: LearnToBidData }) {
  const tickPx = useContext(PresenterContext) ? 18 : 12;
  const maxN = Math.max(Number(data.config.bidders), ...data.runs.map((r) => Number(r.config.bidders)));
  const mech = data.config.mechanism;
  // The equilibrium slope from the one table of known equilibria, as a smooth curve over N (none where the
  // equilibrium is not linear, e.g. all-pay).
  const theory = Array.from({ length: 81 }, (_, k) => 2 + ((maxN - 2) * k) / 80).flatMap((n) => {
    const w = equilibriumSlope(mech, n, [1]);
    return w === null ? [] : [{ n, w }];
  });
  const points: { n: number; w: number }[] = [];
  for (const r of data.runs) {
    const nr = Number(r.config.bidders);
    const final = (r.final?.w as number[] | undefined) ?? null;
    if (final) final.forEach((w) => points.push({ n: nr, w }));
    else {
      const last = rowsOf(r).at(-1);
      if (last) for (let i = 0; i < nr; i++) points.push({ n: nr, w: last[`w${i}`] });
    }
  }
  const wAxis = niceAxis(0.4, 1, 5);
  return (
    <ChartCard
      id="sweep"
      title={mech === 'first-price' ? 'N sweep: final slope w against (N − 1)/N' : 'N sweep: final slope w against N'}
      caption={
        mech === 'first-price'
          ? 'Dots: each bidder’s slope at the end (or now, while running) for each number of bidders. Line: theory. Competition pushes bids toward values.'
          : mech === 'second-price'
            ? 'Dots: each bidder’s final slope. Line: theory, w = 1 for every N (bid your value).'
            : 'Dots: each bidder’s final slope. All-pay has no linear equilibrium, so there is no theory line.'
      }
    >
      <ResponsiveContainer width="100%" height={280}>
        <ScatterChart margin={{ top: 8, right: 20, bottom: 22, left: 8 }}>
          <CartesianGrid stroke="#eef1f4" />
          <XAxis dataKey="n" type="number" domain={[2, maxN]} allowDecimals={false} tickCount={maxN - 1} label={{ value: 'number of bidders N', position: 'insideBottom', offset: -12, fill: '#5b6675', fontSize: 12 }} fontSize={12} />
          <YAxis dataKey="w" type="number" domain={wAxis.domain} ticks={wAxis.ticks} tickFormatter={wAxis.format} label={{ value: 'final w = bid / value', angle: -90, position: 'insideLeft', offset: 10, fill: '#5b6675', fontSize: 12, style: { textAnchor: 'middle' } }} fontSize={12} width={axisWidth(wAxis, tickPx)} />
          <ZAxis range={[40, 40]} />
          <Tooltip formatter={(v) => fmt(Number(v), 4)} isAnimationActive={false} />
          <Legend verticalAlign="top" height={26} wrapperStyle={{ fontSize: 12 }} />
          <Scatter name={mech === 'first-price' ? 'theory (N − 1)/N' : 'theory'} data={theory} line={{ stroke: THEORY_COLOR, strokeDasharray: '6 4' }} shape={() => <g />} fill={THEORY_COLOR} isAnimationActive={false} legendType="line" />
          <Scatter name="learned w" data={points} fill="#4e79a7" isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

