import { useDeferredValue, useEffect, useState } from 'react';
import { theoryBestW, theoryRevenue } from '../../../core/labs/allPayDesign/theory';
import { useStaggered } from '../../charts/useStaggered';
import { fmt } from '../../format';
import { DesignChart } from './DesignChart';
import { BidFunctionChart, LearningCurveChart } from './DesignDetailCharts';
import { useAllPayDesignData, type AllPayDesignData } from './useAllPayDesignData';
import { MetricCard as Card } from '../../MetricCard';

const READINGS = {
  'prize-split': {
    name: 'Prize split',
    text: 'a unit prize: the highest bidder gets share w, the second-highest 1 − w, the rest nothing; every bidder pays its own bid.',
  },
  'payment-split': {
    name: 'Payment split',
    text: 'the highest bidder wins the item and pays w × its bid, the second-highest pays (1 − w) × its bid, the rest pay nothing.',
  },
} as const;

const LEARNERS: Record<string, string> = {
  'fictitious-play': 'fictitious play',
  bandit: 'an ε-greedy bandit per value',
  ppo: 'independent PPO (Gaussian policy over a latent, bid = top bid × σ(latent))',
};

/** Which reading of (w, 1 − w, 0) the charts show, in words (the literature uses both). */
function ReadingNote({ data }: { data: AllPayDesignData }) {
  const r = READINGS[data.runConfig.reading] ?? READINGS['prize-split'];
  return (
    <p className="lab-intro" data-testid="reading">
      <strong>On screen: {r.name}</strong> — {r.text} Values are private, i.i.d.{' '}
      {data.runConfig.values === 'uniform' ? 'U[0, 1]' : 'integers 0–9 (scaled to [0, 1])'}; {data.runConfig.bidders} bidders learn by{' '}
      {LEARNERS[data.runConfig.learner] ?? data.runConfig.learner}.
    </p>
  );
}

function MetricCards({ data }: { data: AllPayDesignData }) {
  const { fit, samples, designRuns, runConfig } = data;
  const done = designRuns.filter((r) => r.status === 'done').length;
  const expl = designRuns.flatMap((r) => (typeof r.final?.exploitability === 'number' ? [r.final.exploitability] : []));
  const tBest = theoryBestW(runConfig);
  const tAt = fit ? theoryRevenue(runConfig, fit.ascentW) : null;
  const best = samples.length ? samples.reduce((a, b) => (b.revenue > a.revenue ? b : a)) : null;
  return (
    <div className="cards" aria-label="Key figures">
      <Card testId="metric.designs" k="designs simulated" v={designRuns.length ? `${done} / ${designRuns.length}` : '—'} t={`${runConfig.rounds} rounds each`} />
      <Card testId="metric.bestW" k="best design w*" v={fit ? (fit.bestW === null ? 'flat within noise: every w is optimal' : fit.bestW.toFixed(3)) : '—'} t={tBest !== null ? `theory ${tBest}` : runConfig.values === 'uniform' ? 'theory: every w earns the same' : 'gradient ascent on R̂'} />
      <Card testId="metric.bestRevenue" k={fit && fit.bestW === null ? 'R̂ (flat)' : 'R̂(w*)'} v={fmt(fit?.bestRevenue)} t={tAt !== null ? `theory at w*: ${fmt(tAt)}` : 'fitted revenue per contest'} />
      <Card testId="metric.bestSample" k="best sampled design" v={best ? `w = ${best.w.toFixed(3)}` : '—'} t={best ? `R = ${fmt(best.revenue)} ± ${fmt(best.sd)}` : 'highest mean revenue'} />
      <Card testId="metric.exploitability" k="mean exploitability" v={fmt(expl.length ? expl.reduce((a, b) => a + b, 0) / expl.length : NaN)} t={`best-response gain; ≤ ${runConfig.tolerance} = converged`} />
    </div>
  );
}

/** Pick which design's bids and learning curve to show (keyboard: a native select). */
function DesignPicker({ data, selected, onSelect }: { data: AllPayDesignData; selected: string | null; onSelect: (id: string) => void }) {
  const options = data.designRuns.filter((r) => r.series.learning?.length);
  if (data.designRuns.length < 2) return null;
  return (
    <label className="design-picker">
      Design shown below:{' '}
      <select data-testid="design.select" value={selected ?? ''} onChange={(e) => onSelect(e.target.value)} disabled={!options.length}>
        {!options.length && <option value="">(waiting for the first design)</option>}
        {options.map((r) => (
          <option key={r.id} value={r.id}>
            w = {Number(r.config.w).toFixed(3)}
            {typeof r.final?.revenue === 'number' ? ` · R = ${fmt(r.final.revenue)}` : ` · ${r.status}`}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The design nearest to w* once the fit exists, else the latest design with a curve. */
function defaultDesign(data: AllPayDesignData): string | null {
  const withCurve = data.designRuns.filter((r) => r.series.learning?.length);
  if (!withCurve.length) return null;
  if (data.fit) {
    const w = data.fit.ascentW;
    return withCurve.reduce((a, b) => (Math.abs(Number(b.config.w) - w) < Math.abs(Number(a.config.w) - w) ? b : a)).id;
  }
  return (withCurve.find((r) => r.status === 'running') ?? withCurve.at(-1)!).id;
}

/** The all-pay design lab: the Fig. 4 picture, then one design's bid function and learning curve. */
export default function AllPayDesignView() {
  const data = useDeferredValue(useAllPayDesignData());
  const [picked, setPicked] = useState<string | null>(null);
  const ids = data.designRuns.map((r) => r.id).join();
  useEffect(() => setPicked(null), [ids]);
  const selectedId = picked && data.designRuns.some((r) => r.id === picked) ? picked : defaultDesign(data);
  const selected = data.designRuns.find((r) => r.id === selectedId) ?? null;
  const design = useStaggered(data, 0);
  const detail = useStaggered(selected, 1);
  return (
    <>
      <ReadingNote data={data} />
      <MetricCards data={data} />
      <div className="charts">
        <DesignChart data={design} />
      </div>
      <DesignPicker data={data} selected={selectedId} onSelect={setPicked} />
      <div className="charts">
        <BidFunctionChart run={detail} />
        <LearningCurveChart run={detail} />
      </div>
    </>
  );
}
