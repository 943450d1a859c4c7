import { ChartCard } from '../../../charts/ChartCard';
import { LineChartView, type LineSpec } from '../../../charts/LineChartView';
import { bidderColor, THEORY_COLOR } from '../../../charts/palette';
import { fmt } from '../../../format';
import { driBenchmark } from '../../../../core/labs/permitAuction/benchmark';
import type { TrainingRun } from './useTrainingData';

/**
 * N sweep: the headline demand reduction (`core/metrics/demandReduction.ts`) each N's firms end with (their last
 * evaluation, live while training), against the mechanism's own benchmark (`driBenchmark`): under the uniform price
 * the linear supply-function equilibrium's withheld share 1/(N − 1) (Ausubel, Cramton, Pycia, Rostek & Weretka 2014,
 * "Demand Reduction and Inefficiency in Multi-Unit Auctions"), under VCG 0; the raw withheld share and the
 * price-based tier index are drawn as labelled secondary measures.
 */
export function SweepView({ runs }: { runs: TrainingRun[] }) {
  const points = runs
    .map((r) => ({ r, last: r.rows.at(-1) }))
    .filter((p) => p.last)
    .map(({ r, last }) => ({
      n: r.config.firms.length,
      dri: last!.dri,
      driQuantity: last!.driQuantity,
      driTierShading: last!.driTierShading,
      truthfulQ: r.truthful?.driQuantity ?? NaN,
    }));
  const ns = runs.map((r) => r.config.firms.length);
  const lo = Math.min(...ns);
  const hi = Math.max(...ns);
  const mech = runs[0]?.config.mechanism ?? 'uniform';
  const benchmark = (n: number) => driBenchmark(mech, n);
  const theory = Array.from({ length: 41 }, (_, k) => lo + ((hi - lo) * k) / 40).flatMap((n) => {
    const t = benchmark(n);
    return t === null ? [] : [{ n, t }];
  });
  const lines: LineSpec[] = [
    { key: 'dri', name: 'DRI: withheld share, steps read at the units they cover (truthful = 0)', color: '#e15759', dots: true, data: points },
    { key: 'driQuantity', name: 'secondary: raw withheld share at the competitive price', color: '#4e79a7', dots: true, data: points },
    { key: 'truthfulQ', name: 'secondary: raw withheld share, truthful two-tier bids', color: '#9aa3ae', dashed: true, dots: true, data: points },
    { key: 'driTierShading', name: 'secondary: tier shading s_L − s_H', color: '#b07aa1', dots: true, data: points },
    ...(theory.length
      ? [{ key: 't', name: mech === 'vcg' ? 'VCG theory: 0 (truthful is dominant)' : 'linear-schedule theory 1/(N − 1)', color: THEORY_COLOR, dashed: true, width: 1.5, data: theory }]
      : []),
  ];
  return (
    <>
      <ChartCard
        id="ppo-sweep"
        title={`Demand reduction against the number of firms (${mech})`}
        caption="Each point is one training run (the latest evaluation while it trains). With more competitors a firm’s withholding moves the price less, so it withholds less. The DRI reads each bid step at the units it covers, so truthful two-tier bids read 0 and the linear theory is comparable."
      >
        <LineChartView rows={[]} x="n" xInteger xLabel="number of firms N" yLabel="share (0 = truthful)" lines={lines} xDomain={[lo, hi]} height={300} emptyHint="Points appear as each N finishes an evaluation" />
      </ChartCard>
      <ChartCard id="ppo-sweep-curves" title="DRI over training, one line per N" caption="All runs share the seed; supply is scaled to keep the permits per firm fixed.">
        <LineChartView
          rows={[]}
          x="x"
          xInteger
          xLabel="auctions played per firm"
          yLabel="DRI (withheld share)"
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
            <th scope="col">truthful DRI</th>
            <th scope="col">raw withheld share</th>
            <th scope="col">{mech === 'vcg' ? 'theory (VCG)' : 'theory 1/(N − 1)'}</th>
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
                <td className="num">{fmt(r.truthful?.dri, 3)}</td>
                <td className="num">{fmt(last?.driQuantity, 3)}</td>
                <td className="num">{fmt(benchmark(n), 3)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
