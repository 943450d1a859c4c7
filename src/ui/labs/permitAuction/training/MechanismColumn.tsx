import { memo } from 'react';
import { multiUnitMechanisms } from '../../../../core/mechanisms/multiUnitRegistry';
import { LineChartView, type LineSpec } from '../../../charts/LineChartView';
import { bidderColor, THEORY_COLOR } from '../../../charts/palette';
import { fmt } from '../../../format';
import { marginalValueLine } from '../curves';
import { bidStepLine } from './curves';
import type { TrainingRun } from './useTrainingData';

export const MECHANISM_TITLES = { uniform: 'Uniform price', discriminatory: 'Pay as bid', vcg: 'VCG' } as const;
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

/**
 * One mechanism's training, live: demand reduction, revenue and clearing price, efficiency over auctions played
 * (truthful bidding on the same held-out auctions dashed), and each firm's current bid for an average type over
 * its true marginal-value curve.
 */
export const MechanismColumn = memo(function MechanismColumn({ run, domains }: { run: TrainingRun; domains: ColumnDomains }) {
  const { mechanism, rows, truthful, showcase, record, totalAuctions } = run;
  const color = MECHANISM_COLORS[mechanism];
  const xDomain: [number, number] = [0, totalAuctions];
  const last = rows.at(-1);
  const priceRef = truthful ? [{ x: 0, price: truthful.clearingPrice }, { x: totalAuctions, price: truthful.clearingPrice }] : [];
  const empty = 'Press Run (or Space) to start training';
  return (
    <section className="chart-card" data-testid={`ppo.col.${mechanism}`} aria-label={`${MECHANISM_TITLES[mechanism]} training`}>
      <header>
        <h3>{MECHANISM_TITLES[mechanism]}</h3>
        <span className="caption" data-testid={`ppo.col.${mechanism}.status`}>
          {STATUS[record.status] ?? record.status}
          {last ? ` · ${Math.round(last.x!).toLocaleString()} auctions` : ''}
        </span>
      </header>
      <p className="caption">
        {multiUnitMechanisms[mechanism].rule}
        {mechanism === 'vcg' && ' Truthful bidding is optimal for true demand; with only two steps the best bid widens the high tier a little, which reads as a negative DRI.'}
      </p>
      <div className="cards" style={{ gridTemplateColumns: 'repeat(3, 1fr)', marginBottom: 6 }}>
        <Figure k="DRI" v={fmt(last?.dri, 2)} was={truthful?.dri} testId={`ppo.col.${mechanism}.dri`} />
        <Figure k="revenue / auction" v={fmt(last?.revenue, 1)} was={truthful?.revenue} testId={`ppo.col.${mechanism}.revenue`} />
        <Figure k="efficiency" v={fmt(last?.efficiency, 3)} was={truthful?.efficiency} testId={`ppo.col.${mechanism}.efficiency`} />
      </div>
      <h4 className="mini">Demand reduction</h4>
      <LineChartView
        rows={rows}
        x="x"
        xLabel="auctions played per firm"
        xInteger
        yLabel="DRI (bid shading)"
        lines={[{ key: 'dri', name: 'learned bids', color }]}
        references={truthful ? [{ y: truthful.dri, label: 'truthful bids', color: THEORY_COLOR }] : []}
        yDomain={domains.dri}
        xDomain={xDomain}
        height={190}
        emptyHint={empty}
      />
      <h4 className="mini">Revenue and clearing price</h4>
      <LineChartView
        rows={rows}
        x="x"
        xLabel="auctions played per firm"
        xInteger
        yLabel="revenue (per auction)"
        rightLabel="price (per permit)"
        lines={[
          { key: 'revenue', name: 'revenue', color },
          { key: 'clearingPrice', name: 'price (right)', color: '#59a14f', axis: 'right' },
          ...(truthful ? [{ key: 'price', name: 'truthful price', color: '#59a14f', dashed: true, axis: 'right', width: 1.5, data: priceRef } satisfies LineSpec] : []),
        ]}
        references={truthful ? [{ y: truthful.revenue, label: 'truthful revenue', color: THEORY_COLOR }] : []}
        yDomain={domains.revenue}
        rightDomain={domains.price}
        xDomain={xDomain}
        height={190}
        emptyHint={empty}
      />
      <h4 className="mini">Allocative efficiency</h4>
      <LineChartView
        rows={rows}
        x="x"
        xLabel="auctions played per firm"
        xInteger
        yLabel="efficiency (1 = best)"
        lines={[{ key: 'efficiency', name: 'learned bids', color }]}
        references={truthful ? [{ y: truthful.efficiency, label: 'truthful bids', color: THEORY_COLOR }] : []}
        yDomain={domains.efficiency}
        xDomain={xDomain}
        height={170}
        emptyHint={empty}
      />
      <h4 className="mini">Bids now, for a firm of average type</h4>
      <BidsChart showcase={run.showcase} />
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
    </section>
  );
});

function BidsChart({ showcase }: { showcase: TrainingRun['showcase'] }) {
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
}

function Figure({ k, v, was, testId }: { k: string; v: string; was: number | undefined; testId: string }) {
  return (
    <div className="card" data-testid={testId}>
      <div className="k">{k}</div>
      <div className="v" style={{ fontSize: 17 }}>{v}</div>
      <div className="t">truthful {fmt(tidy(was), 2)}</div>
    </div>
  );
}
