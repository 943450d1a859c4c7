import { memo, useContext, useDeferredValue, type ReactElement } from 'react';
import { useStaggered } from '../../charts/useStaggered';
import type { SeriesRow } from '../../../core/labs/types';
import { fmt } from '../../format';
import { BidFunctionChart, RevenueChart, runTarget, SweepChart, UtilityChart, UtilityLossChart, WChart } from './charts';
import { useLearnToBidData, type LearnToBidData } from './useLearnToBidData';
import { MetricCard as Card } from '../../MetricCard';
import { Explainer } from '../../Explainer';
import { PresenterContext } from '../../presenterContext';

/** Sweep figures: how many runs finished and how far the farthest final slope is from its (N − 1)/N. */
function SweepCards({ data }: { data: LearnToBidData }) {
  const finished = data.runs.filter((r) => r.final?.w);
  const gaps = finished.flatMap((r) => {
    const t = runTarget(r.config);
    return t === null ? [] : (r.final!.w as number[]).map((w) => Math.abs(w - t));
  });
  return (
    <div className="cards" aria-label="Key figures">
      <Card testId="metric.sweepRuns" k="runs finished" v={`${finished.length} / ${data.runs.length || '—'}`} t="one run per N" />
      <Card testId="metric.gap" k="max |w − theory|" v={fmt(gaps.length ? Math.max(...gaps) : NaN)} t="over finished runs and bidders" />
    </div>
  );
}

const MetricCards = memo(function MetricCards({ data }: { data: LearnToBidData }) {
  const { main, theory } = data;
  if (data.runs.length > 1) return <SweepCards data={data} />;
  const linear = (main?.config.policy ?? data.config.policy) === 'linear';
  const last: SeriesRow | undefined = main?.series.train?.at(-1);
  const n = Number(main?.config.bidders ?? data.config.bidders);
  const ws = last ? Array.from({ length: n }, (_, i) => last[`w${i}`]).filter((x): x is number => x !== undefined) : [];
  const wMean = ws.length ? ws.reduce((a, b) => a + b, 0) / ws.length : NaN;
  const gap = theory.target !== null && ws.length ? Math.max(...ws.map((w) => Math.abs(w - theory.target!))) : NaN;
  const final = main?.final;
  const lossRow = main?.series.utilityLoss?.at(-1);
  const loss = typeof final?.utilityLoss === 'number' ? final.utilityLoss : lossRow?.loss;
  const lossRelative = typeof final?.utilityLossRelative === 'number' ? final.utilityLossRelative : lossRow?.relative;
  const sps = (final?.stepsPerSecond as number | undefined) ?? (main?.snapshots.progress as { unitsPerSecond?: number } | undefined)?.unitsPerSecond;
  return (
    <div className="cards" aria-label="Key figures">
      {linear && <Card testId="metric.w" k="mean slope w" v={fmt(wMean)} t={theory.target !== null ? `theory ${fmt(theory.target)}` : 'no linear equilibrium'} />}
      {linear && <Card testId="metric.gap" k="max |w − theory|" v={fmt(gap)} t="< 0.02 counts as converged" />}
      <Card testId="metric.l2" k="distance to equilibrium" v={fmt(last?.l2 ?? (final?.l2ToEquilibrium))} t="RMS over values (value units)" />
      <Card
        testId="metric.utilityLoss"
        k="utility loss"
        v={fmt(loss)}
        t={lossRelative === undefined ? 'gain from a best response (value units)' : `gain from a best response: ${fmt(100 * lossRelative, 2)} % of its utility`}
      />
      <Card testId="metric.revenue" k="revenue / auction" v={fmt((final?.revenue) ?? last?.revenue)} t={theory.revenue !== null ? `theory ${fmt(theory.revenue)}` : undefined} />
      <Card testId="metric.efficiency" k="efficiency" v={fmt((final?.efficiency) ?? last?.efficiency)} t={final ? 'final evaluation, 20,000 auctions' : '1 = highest value always wins'} />
      <Card testId="metric.sps" k="speed" v={sps ? `${Math.round(sps).toLocaleString()}` : '—'} t={final ? 'training steps per second (unpaced)' : 'steps per second now (paced for display)'} />
    </div>
  );
});

/** One chart whose data arrives in its own task (`slot` orders them). */
function Staggered({ slot, data, Chart }: { slot: number; data: LearnToBidData; Chart: (p: { data: LearnToBidData }) => ReactElement }) {
  const shown = useStaggered(data, slot);
  return <MemoChart Chart={Chart} data={shown} />;
}
const MemoChart = memo(function MemoChart({ Chart, data }: { Chart: (p: { data: LearnToBidData }) => ReactElement; data: LearnToBidData }) {
  return <Chart data={data} />;
});

/** Sweep: the N picture and the slopes over training. One run: slopes (linear only), bids, utility, revenue. */
function Charts({ data, sweep }: { data: LearnToBidData; sweep: boolean }) {
  const linear = (data.main?.config.policy ?? data.config.policy) === 'linear';
  if (sweep)
    return (
      <div className="charts">
        <Staggered slot={0} data={data} Chart={SweepChart} />
        <Staggered slot={1} data={data} Chart={WChart} />
      </div>
    );
  return (
    <div className="charts">
      {linear && <Staggered slot={0} data={data} Chart={WChart} />}
      <Staggered slot={1} data={data} Chart={BidFunctionChart} />
      <Staggered slot={2} data={data} Chart={UtilityChart} />
      <Staggered slot={3} data={data} Chart={RevenueChart} />
      <Staggered slot={4} data={data} Chart={UtilityLossChart} />
    </div>
  );
}

/** The learn-to-bid lab: key figures, then the charts (sweep chart first when running an N sweep). */
export default function LearnToBidView() {
  // Charts render from a deferred copy, each in its own task (see useStaggered): the page stays responsive.
  const data = useDeferredValue(useLearnToBidData());
  const sweep = data.runs.length > 1 || data.config.sweep === 'bidders';
  // On the projector an N sweep shows its chart first, whole, above the key figures.
  const chartsFirst = useContext(PresenterContext) && sweep;
  return (
    <>
      <Explainer hideInPresenter>
        Every step, each of N bidders draws a private value v, bids b = w·v (or a neural b(v)), and nudges its strategy up the gradient of a
        smoothed utility, where P(win) ≈ σ(β·(b − highest rival bid)). Press Run and watch the bids approach the Bayes–Nash equilibrium.
      </Explainer>
      {!chartsFirst && <MetricCards data={data} />}
      <Charts data={data} sweep={sweep} />
      {chartsFirst && <MetricCards data={data} />}
    </>
  );
}
