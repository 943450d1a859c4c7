import { selectSeed } from '../../../state/selectors';
import { memo, useDeferredValue, useEffect, useEffectEvent, useState, type ReactElement } from 'react';
import { aboveOptimumNote, referenceRevenue } from '../../../core/labs/optimalAuction/run';
import { studyKey, type StudyRecord } from '../../../core/labs/optimalAuction/study';
import type { OptimalAuctionConfig } from '../../../core/labs/optimalAuction/schema';
import { loadSavedStudy } from '../../../state/optimalAuctionStudies';
import { setField, useLabStore } from '../../../state/store';
import { startChecked } from '../../controls/startChecked';
import { useStaggered } from '../../charts/useStaggered';
import { fmt } from '../../format';
import { MetricCard as Card } from '../../MetricCard';
import { ImitationChart, PRESS_RUN, RegretChart, RevenueChart } from './charts';
import { Heatmap } from './Heatmap';
import { StudyPanel } from './StudyPanel';
import { useOptimalAuctionData, type OptimalAuctionData } from './useOptimalAuctionData';
import { Explainer } from '../../Explainer';

const num = (x: unknown) => (typeof x === 'number' ? x : NaN);

const MetricCards = memo(function MetricCards({ data }: { data: OptimalAuctionData }) {
  const f = data.main?.final;
  const b = data.theory?.baselines;
  const lastEval = data.evals.at(-1);
  const lastTrain = data.train.at(-1);
  const revenue = f ? num(f.revenue) : (lastEval?.revenue ?? lastTrain?.revenue);
  const ref = b ? referenceRevenue(b) : null;
  const note = b && Number.isFinite(revenue) ? aboveOptimumNote(b, num(revenue), f ? num(f.regret) : (lastEval?.regret ?? NaN), data.theory?.meanValue ?? NaN) : null;
  return (
    <div className="cards" aria-label="Key figures">
      <Card testId="metric.revenue" k="revenue / auction" v={fmt(revenue)} t={ref ? (note ?? `${ref.name} ${fmt(ref.revenue, 4)}; ${fmt((100 * (num(revenue) - ref.revenue)) / ref.revenue, 2)} %`) : f ? '' : 'final evaluation after the run'} />
      <Card testId="metric.regret" k="regret (evaluation)" v={fmt(f ? num(f.regret) : lastEval?.regret, 4)} t={f ? `worst bidder ${fmt(num(f.regretMax), 4)}; ${fmt(num(f.relativeRegret), 2)} × the mean value` : 'mean over bidders; below 10⁻³ × the mean value is near-truthful'} />
      <Card testId="metric.efficiency" k="efficiency" v={fmt(f ? num(f.efficiency) : lastEval?.efficiency)} t="E[Σ a_i v_i] / E[max v]" />
      <Card testId="metric.ir" k="IR violations" v={f ? String(f.irViolations) : '—'} t="0 by construction (pay ≤ bid)" />
      <Card testId="metric.monotonicity" k="monotonicity violations" v={f ? String(f.monotonicityViolations) : '—'} t={f ? `of ${f.monotonicityPairs} grid steps` : 'a_i must rise with own bid'} />
      <Card testId="metric.sps" k="speed" v={f ? fmt(num(f.stepsPerSecond), 1) : fmt((data.main?.snapshots.progress as { unitsPerSecond?: number } | undefined)?.unitsPerSecond, 1)} t={f ? `steps/s on ${String(f.backend)}` : 'steps per second'} />
    </div>
  );
});

/** Learned mechanism against the baselines on the same evaluation draws. */
function BaselineTable({ data }: { data: OptimalAuctionData }) {
  const b = data.theory?.baselines;
  const f = data.main?.final;
  if (!b) return null;
  const note = f ? aboveOptimumNote(b, num(f.revenue), num(f.regret), data.theory?.meanValue ?? NaN) : null;
  const rows: [string, number | null, string, string][] = [
    ['Learned auction', f ? num(f.revenue) : null, f ? fmt(num(f.regret), 4) : '—', f ? fmt(num(f.efficiency)) : '—'],
    ['Myerson (optimal for independent values)', b.myerson, b.myerson === null ? 'n/a (correlated values)' : '0', '—'],
    ['Vickrey (second price, no reserve)', b.vickrey, '0', '1.000'],
    ['Upper bound E[max v] (full surplus)', b.maxValue, '—', '1.000'],
  ];
  return (
    <section className="chart-card" aria-label="Learned vs baselines" data-testid="oa.table" style={{ marginTop: 16 }}>
      <header><h3>Learned vs baselines (same {data.runConfig.evalDraws.toLocaleString()} evaluation draws)</h3></header>
      {note && <p className="caption" data-testid="oa.aboveOptimum">{note}</p>}
      <table className="history">
        <thead>
          <tr><th>auction</th><th>revenue / auction</th><th>closed form</th><th>regret</th><th>efficiency</th></tr>
        </thead>
        <tbody>
          {rows.map(([name, rev, regret, eff], j) => (
            <tr key={name}>
              <td>{name}</td>
              <td className="num">{fmt(rev ?? NaN, 4)}</td>
              <td className="num">{j === 1 ? fmt(b.myersonClosedForm ?? NaN, 4) : j === 2 ? fmt(b.vickreyClosedForm ?? NaN, 4) : j === 3 ? fmt(b.maxValueClosedForm ?? NaN, 4) : ''}</td>
              <td className="num">{regret}</td>
              <td className="num">{eff}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Heatmaps({ data }: { data: OptimalAuctionData }) {
  const [bidder, setBidder] = useState<0 | 1>(0);
  if (data.runConfig.bidders !== 2) return null;
  const hint = data.main && !data.main.final ? 'Drawn at the first evaluation (start of phase 2), then updated ten times.' : PRESS_RUN;
  return (
    <>
      <label style={{ display: 'inline-flex', gap: 6, alignItems: 'center', margin: '16px 0 8px' }}>
        Heatmaps for
        <select value={bidder} onChange={(e) => setBidder(Number(e.target.value) as 0 | 1)} data-testid="oa.heatmapBidder">
          <option value={0}>bidder 1</option>
          <option value={1}>bidder 2</option>
        </select>
      </label>
      <div className="charts">
        <Heatmap id="heat-alloc" title={`Who gets the item: P(bidder ${bidder + 1} wins)`} caption="Darker = more likely to win, for each pair of values (v1, v2); redrawn at every evaluation during training. Myerson: the higher value wins once it clears the reserve; below both reserves nobody gets the item." snap={data.heatmap} theory={data.theory} kind="alloc" bidder={bidder} emptyHint={hint} />
        <Heatmap id="heat-pay" title={`What bidder ${bidder + 1} pays`} caption="Expected payment at each (v1, v2). In Myerson’s auction the winner pays the smallest bid that would still win: max(reserve, other bid)." snap={data.heatmap} theory={data.theory} kind="pay" bidder={bidder} emptyHint={hint} />
      </div>
    </>
  );
}

function Staggered({ slot, data, Chart }: { slot: number; data: OptimalAuctionData; Chart: (p: { data: OptimalAuctionData }) => ReactElement }) {
  const shown = useStaggered(data, slot);
  return <MemoChart Chart={Chart} data={shown} />;
}
const MemoChart = memo(function MemoChart({ Chart, data }: { Chart: (p: { data: OptimalAuctionData }) => ReactElement; data: OptimalAuctionData }) {
  return <Chart data={data} />;
});

/** The study saved in this browser for the config and seed (re-read when a run ends), or undefined. */
function useSavedStudy(config: OptimalAuctionConfig, seed: number, enabled: boolean, runStatus: string | undefined): StudyRecord | undefined {
  const [saved, setSaved] = useState<StudyRecord | undefined>(undefined);
  const key = enabled ? studyKey(config, seed) : '';
  const load = useEffectEvent(() => loadSavedStudy(config, seed));
  useEffect(() => {
    if (!key) {
      setSaved(undefined);
      return;
    }
    let live = true;
    void load().then((r) => live && setSaved(r));
    return () => {
      live = false;
    };
    // `key` stands for config and seed; a finished run changes `runStatus` and re-reads the record.
  }, [key, runStatus]);
  return saved;
}

/** Grow the study's target by `more` finished trials and start its workers. */
function addTrials(finished: number, more: number): void {
  setField('study', finished + more);
  startChecked();
}

/** The optimal-auction lab: a training (curves, heatmaps, table) or a tuning study. */
export default function OptimalAuctionView() {
  const data = useDeferredValue(useOptimalAuctionData());
  const seed = useLabStore(selectSeed);
  const studyMode = data.runConfig.study > 0 || (!data.main && data.config.study > 0);
  const saved = useSavedStudy(data.config, seed, studyMode && data.config.study > 0, data.main?.status);
  const running = data.runs.some((r) => r.status === 'running' || r.status === 'queued' || r.status === 'paused');
  const study = (running ? data.study : null) ?? (saved ? { ...saved, target: data.config.study } : data.study);
  return (
    <>
      <Explainer>
        The auctioneer learns an auction: a neural network maps the bids to who gets the item (a softmax over the bidders and “no sale”, so
        it can learn reserve prices) and to payments. Each payment is a share in [0, 1] of the bidder’s bid times its chance of winning, so
        no bidder ever pays more than the item is worth to it: individual rationality holds by construction. Phase 1 imitates a classic
        auction; phase 2 raises revenue while a penalty on regret (the gain from lying about one’s value) keeps bidding truthful.
      </Explainer>
      {studyMode ? (
        <StudyPanel study={study} config={running ? data.runConfig : data.config} seed={running ? (data.main?.seed ?? seed) : seed} running={running} onAddTrials={addTrials} />
      ) : (
        <>
          <MetricCards data={data} />
          <div className="charts">
            <Staggered slot={0} data={data} Chart={RevenueChart} />
            <Staggered slot={1} data={data} Chart={RegretChart} />
          </div>
          <BaselineTable data={data} />
          <Heatmaps data={data} />
          {data.runConfig.warmStart !== 'none' && (
            <div className="charts" style={{ marginTop: 16 }}>
              <Staggered slot={2} data={data} Chart={ImitationChart} />
            </div>
          )}
        </>
      )}
    </>
  );
}
