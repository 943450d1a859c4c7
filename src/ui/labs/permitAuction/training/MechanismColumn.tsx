import { useOverlayLines } from '../../../charts/overlayLines';
import { memo, useContext, useEffect, useState } from 'react';
import { multiUnitMechanisms } from '../../../../core/mechanisms/multiUnitRegistry';
import { ChartCard } from '../../../charts/ChartCard';
import { PresenterContext } from '../../../presenterContext';
import { LineChartView, type LineSpec } from '../../../charts/LineChartView';
import { bidderColor, THEORY_COLOR } from '../../../charts/palette';
import { fmt } from '../../../format';
import { marginalValueLine } from '../curves';
import { bidStepLine } from './curves';
import type { TrainingRun } from './useTrainingData';

export const MECHANISM_COLORS = { uniform: '#e15759', discriminatory: '#f28e2b', vcg: '#4e79a7' } as const;

/** Round-off (|x| < 1e-9, e.g. truthful DRI 1e-17) shown as 0. */
export const tidy = (x: number | undefined) => (x !== undefined && Math.abs(x) < 1e-9 ? 0 : x);

const STATUS: Record<string, string> = { queued: 'waiting for a worker', running: 'training', paused: 'paused', done: 'done', failed: 'failed', cancelled: 'stopped' };

/** Shared y ranges so the columns compare at a glance. */
export interface ColumnDomains {
  dri?: [number, number];
  revenue?: [number, number];
  price?: [number, number];
  efficiency?: [number, number];
}

/** Same tuple values (domains are recomputed on every store update; equal values must not re-render a chart). */
const sameRange = (a?: [number, number], b?: [number, number]) => a === b || (!!a && !!b && a[0] === b[0] && a[1] === b[1]);

interface SeriesChartProps {
  rows: TrainingRun['rows'];
  truthful: TrainingRun['truthful'];
  color: string;
  totalAuctions: number;
  domain?: [number, number];
  rightDomain?: [number, number];
}
const sameSeries = (a: SeriesChartProps, b: SeriesChartProps) =>
  a.rows === b.rows && a.truthful === b.truthful && a.color === b.color && a.totalAuctions === b.totalAuctions && sameRange(a.domain, b.domain) && sameRange(a.rightDomain, b.rightDomain);

const EMPTY = 'Press Run (or Space) to start training';
const NO_ROWS: TrainingRun['rows'] = [];

/** Gap between two charts' updates (ms): each chart renders and commits in its own task. */
const CHART_GAP_MS = 60;

/**
 * `value`, updated `slot × CHART_GAP_MS` after it changes, as an ordinary (not transition) update: each chart then
 * renders AND commits alone. (Transition updates from several timers can be merged into one render whose commit —
 * the SVG DOM of many charts — is one long task.) Starts from `initial`.
 */
function useChartTurn<T>(value: T, slot: number, initial: T): T {
  const [shown, setShown] = useState(initial);
  useEffect(() => {
    if (shown === value) return;
    const t = setTimeout(() => setShown(value), slot * CHART_GAP_MS);
    return () => clearTimeout(t);
  }, [value, slot, shown]);
  return shown;
}

/**
 * Stand-in of a chart until its first data arrive: mounting twelve charts in the task that starts three runs
 * would be one long main-thread task, so each chart mounts in its own staggered task instead.
 */
function Waiting({ height }: { height: number }) {
  return (
    <div className="chart-waiting" style={{ height }} aria-hidden="true">
      waiting for the first evaluation…
    </div>
  );
}

/** One learned metric over auctions played, with truthful bidding on the same auctions dashed (DRI, efficiency). */
const MetricChart = memo(function MetricChart({ rows, truthful, color, totalAuctions, domain, metric, yLabel, height, mechanism }: SeriesChartProps & { metric: 'dri' | 'efficiency'; yLabel: string; height: number; mechanism: string }) {
  // Past runs of this column's mechanism draw their DRI here (the lab's overlay).
  const overlays = useOverlayLines('mechanism', mechanism);
  return (
    <LineChartView
      rows={rows}
      x="x"
      xInteger
      xLabel="auctions played per firm"
      yLabel={yLabel}
      lines={[{ key: metric, name: 'learned bids', color }, ...(metric === 'dri' ? overlays : [])]}
      references={truthful ? [{ y: truthful[metric], label: 'truthful bids', color: THEORY_COLOR }] : []}
      yDomain={domain}
      xDomain={[0, totalAuctions]}
      height={height}
      emptyHint={EMPTY}
    />
  );
}, sameSeries);

const RevenueChart = memo(function RevenueChart({ rows, truthful, color, totalAuctions, domain, rightDomain }: SeriesChartProps) {
  const priceRef = truthful ? [{ x: 0, price: truthful.clearingPrice }, { x: totalAuctions, price: truthful.clearingPrice }] : [];
  return (
    <LineChartView
      rows={rows}
      x="x"
      xInteger
      xLabel="auctions played per firm"
      yLabel="revenue (per auction)"
      rightLabel="price (per permit)"
      lines={[
        { key: 'revenue', name: 'revenue', color },
        { key: 'clearingPrice', name: 'price (right)', color: '#59a14f', axis: 'right' },
        ...(truthful ? [{ key: 'price', name: 'truthful price', color: '#59a14f', dashed: true, axis: 'right', width: 1.5, data: priceRef } satisfies LineSpec] : []),
      ]}
      references={truthful ? [{ y: truthful.revenue, label: 'truthful revenue', color: THEORY_COLOR }] : []}
      yDomain={domain}
      rightDomain={rightDomain}
      xDomain={[0, totalAuctions]}
      height={190}
      emptyHint={EMPTY}
    />
  );
}, sameSeries);

/**
 * One mechanism's training, live: demand reduction, revenue and clearing price, efficiency over auctions played
 * (truthful bidding on the same held-out auctions dashed), and each firm's current bid for an average type over
 * its true marginal-value curve. Each chart takes its data in its own task (`useChartTurn`, slots
 * 4·`slot` … 4·`slot` + 3) and re-renders only when its own data changed, so the page stays responsive while three
 * runs stream.
 */
export function MechanismColumn({ run, domains, slot }: { run: TrainingRun; domains: ColumnDomains; slot: number }) {
  const { mechanism, truthful, showcase, record, totalAuctions } = run;
  const color = MECHANISM_COLORS[mechanism];
  const rows = run.rows;
  const driRows = useChartTurn(rows, 4 * slot, NO_ROWS);
  const revenueRows = useChartTurn(rows, 4 * slot + 1, NO_ROWS);
  const efficiencyRows = useChartTurn(rows, 4 * slot + 2, NO_ROWS);
  const shownShowcase = useChartTurn(showcase, 4 * slot + 3, null);
  const presenting = useContext(PresenterContext);
  const last = rows.at(-1);
  const common = { truthful, color, totalAuctions, mechanism };
  const status = (
    <span className="caption" data-testid={`ppo.col.${mechanism}.status`}>
      {STATUS[record.status] ?? record.status}
      {last ? ` · ${Math.round(last.x).toLocaleString()} auctions` : ''}
    </span>
  );
  const dri = <Figure k="DRI" v={fmt(last?.dri, 2)} was={truthful?.dri} testId={`ppo.col.${mechanism}.dri`} />;
  const revenue = <Figure k={presenting ? 'revenue' : 'revenue / auction'} v={fmt(last?.revenue, 1)} was={truthful?.revenue} testId={`ppo.col.${mechanism}.revenue`} />;
  const driChart = driRows === NO_ROWS ? <Waiting height={presenting ? 150 : 190} /> : <MetricChart rows={driRows} {...common} domain={domains.dri} metric="dri" yLabel={presenting ? 'DRI' : 'DRI (withheld share)'} height={presenting ? 150 : 190} />;
  if (presenting) {
    // On the projector: the two figures the class compares and the demand-reduction curve, so all three
    // mechanisms and the summary fit one screen (the full column is one click away, leaving presenter mode).
    return (
      <ChartCard id={`ppo-${mechanism}`} testId={`ppo.col.${mechanism}`} title={multiUnitMechanisms[mechanism].shortTitle} status={status} before={<div className="cards two">{dri}{revenue}</div>}>
        {driChart}
      </ChartCard>
    );
  }
  return (
    <ChartCard
      id={`ppo-${mechanism}`}
      testId={`ppo.col.${mechanism}`}
      title={`${multiUnitMechanisms[mechanism].shortTitle} training`}
      status={status}
      caption={
        <>
          {multiUnitMechanisms[mechanism].rule}
          {mechanism === 'vcg' && ' Truthful bidding is optimal: the firms price each step at the mean value of the units it covers, which reads as a DRI of 0.'}
        </>
      }
      before={
        <div className="cards three">
          {dri}
          {revenue}
          <Figure k="efficiency" v={fmt(last?.efficiency, 3)} was={truthful?.efficiency} testId={`ppo.col.${mechanism}.efficiency`} />
        </div>
      }
      after={
        <>
          {last && (
            <table className="history" data-testid={`ppo.col.${mechanism}.tiers`} aria-label="Bids relative to truthful">
              <thead>
                <tr>
                  <th scope="col" title="mean over firms and held-out auctions of bid ÷ truthful two-tier bid">bid ÷ truthful</th>
                  <th scope="col">price</th>
                  <th scope="col">quantity</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">high tier</th>
                  <td className="num">{fmt(last.highPriceRatio, 2)}</td>
                  <td className="num">{fmt(last.highQuantityRatio, 2)}</td>
                </tr>
                <tr>
                  <th scope="row">low tier</th>
                  <td className="num">{fmt(last.lowPriceRatio, 2)}</td>
                  <td className="num">{fmt(last.lowQuantityRatio, 2)}</td>
                </tr>
              </tbody>
            </table>
          )}
          {showcase && (
            <p className="caption">
              Solid: each firm’s current bid (high tier, then low tier); dashed: its true marginal value c·(e − q). A low tier below the dashed line is
              demand reduction.
            </p>
          )}
        </>
      }
    >
      <h4 className="mini chart-panel-title">Demand reduction</h4>
      {driChart}
      <h4 className="mini chart-panel-title">Revenue and clearing price</h4>
      {revenueRows === NO_ROWS ? (
        <Waiting height={190} />
      ) : (
        <RevenueChart rows={revenueRows} {...common} domain={domains.revenue} rightDomain={domains.price} />
      )}
      <h4 className="mini chart-panel-title">Allocative efficiency</h4>
      {efficiencyRows === NO_ROWS ? <Waiting height={170} /> : <MetricChart rows={efficiencyRows} {...common} domain={domains.efficiency} metric="efficiency" yLabel="efficiency (1 = best)" height={170} />}
      <h4 className="mini chart-panel-title">Bids now, for a firm of average type</h4>
      {shownShowcase === null ? <Waiting height={200} /> : <BidsChart showcase={shownShowcase} />}
    </ChartCard>
  );
}

const BidsChart = memo(function BidsChart({ showcase }: { showcase: TrainingRun['showcase'] }) {
  const lines: LineSpec[] = [];
  if (showcase) {
    const seen = new Set<string>();
    showcase.firms.forEach((f, i) => {
      const key = `${f.c}:${f.e}`;
      if (seen.has(key)) return;
      seen.add(key);
      const label = showcase.firms.every((g) => g.c === f.c && g.e === f.e) ? 'true value (every firm)' : `true value, firm ${i + 1}`;
      lines.push({ key: 'p', name: label, color: THEORY_COLOR, dashed: true, width: 1.5, data: marginalValueLine(f) });
    });
    showcase.bids.forEach((b, i) => lines.push({ key: 'p', name: `firm ${i + 1}`, color: bidderColor(i), data: bidStepLine(b) }));
  }
  return <LineChartView rows={[]} x="q" xLabel="permits (units)" yLabel="price (per permit)" lines={lines} height={200} emptyHint="The firms’ bids appear here once training starts" />;
});

function Figure({ k, v, was, testId }: { k: string; v: string; was: number | undefined; testId: string }) {
  return (
    <div className="card compact" data-testid={testId}>
      <div className="k">{k}</div>
      <div className="v">{v}</div>
      <div className="t">truthful {fmt(tidy(was), 2)}</div>
    </div>
  );
}
