import { ChartCard } from '../../../charts/ChartCard';
import { LineChartView, type LineSpec } from '../../../charts/LineChartView';
import { bidderColor, THEORY_COLOR } from '../../../charts/palette';
import { fmt } from '../../../format';
import type { TrainingRun } from './useTrainingData';

/**
 * N sweep: the demand reduction each N's firms end with (their last evaluation, live while training), against the
 * benchmark for symmetric linear supply schedules under the uniform price, a withheld share of 1/(N − 1)
 * (Ausubel, Cramton, Pycia, Rostek & Weretka 2014, "Demand Reduction and Inefficiency in Multi-Unit Auctions").
 */
export function SweepView({ runs }: { runs: TrainingRun[] }) {
  const points = runs
    .map((r) => ({ r, last: r.rows.at(-1) }))
    .filter((p) => p.last)
    .map(({ r, last }) => ({ n: r.config.firms.length, dri: last!.dri, driQuantity: last!.driQuantity, truthfulQ: r.truthful?.driQuantity ?? NaN }));
  const ns = runs.map((r) => r.config.firms.length);
  const lo = Math.min(...ns);
  const hi = Math.max(...ns);
  const theory = Array.from({ length: 41 }, (_, k) => lo + ((hi - lo) * k) / 40).map((n) => ({ n, t: 1 / (n - 1) }));
  const lines: LineSpec[] = [
    { key: 'dri', name: 'DRI (bid shading)', color: '#e15759', dots: true, data: points },
    { key: 'driQuantity', name: 'withheld share at the competitive price', color: '#4e79a7', dots: true, data: points },
    { key: 'truthfulQ', name: 'withheld share, truthful two-tier bids', color: '#9aa3ae', dashed: true, dots: true, data: points },
    { key: 't', name: 'linear-schedule theory 1/(N − 1)', color: THEORY_COLOR, dashed: true, width: 1.5, data: theory },
  ];
  const mech = runs[0]?.config.mechanism ?? 'uniform';
  return (
    <>
      <ChartCard
        id="ppo-sweep"
        title={`Demand reduction against the number of firms (${mech})`}
        caption="Each point is one training run (the latest evaluation while it trains). With more competitors a firm’s shading moves the price less, so it shades less. Two-tier bids cannot follow the linear theory exactly; look at the trend."
      >
        <LineChartView rows={[]} x="n" xInteger xLabel="number of firms N" yLabel="share (0 = truthful)" lines={lines} xDomain={[lo, hi]} height={300} emptyHint="Points appear as each N finishes an evaluation" />
      </ChartCard>
      <ChartCard id="ppo-sweep-curves" title="DRI over training, one line per N" caption="All runs share the seed; supply is scaled to keep the permits per firm fixed.">
        <LineChartView
          rows={[]}
          x="x"
          xInteger
          xLabel="auctions played per firm"
          yLabel="DRI (bid shading)"
          lines={runs.map((r, i) => ({ key: 'dri', name: `N = ${r.config.firms.length}`, color: bidderColor(i), data: r.rows }))}
          height={300}
          emptyHint="Press Run (or Space) to start the sweep"
        />
      </ChartCard>
      <table className="history" data-testid="ppo.sweep.table">
        <thead>
          <tr>
            <th scope="col">N</th>
            <th scope="col">DRI</th>
            <th scope="col">withheld share</th>
            <th scope="col">theory 1/(N − 1)</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const last = r.rows.at(-1);
            const n = r.config.firms.length;
            return (
              <tr key={r.record.id}>
                <td className="num">{n}</td>
                <td className="num">{fmt(last?.dri, 3)}</td>
                <td className="num">{fmt(last?.driQuantity, 3)}</td>
                <td className="num">{fmt(1 / (n - 1), 3)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
