import { useOverlayLines } from '../../charts/overlayLines';
import { ChartCard } from '../../charts/ChartCard';
import { LineChartView, type LineSpec, type ReferenceSpec } from '../../charts/LineChartView';
import { bidderColor, THEORY_COLOR } from '../../charts/palette';
import { fmt } from '../../format';
import type { OptimalAuctionData } from './useOptimalAuctionData';

export const PRESS_RUN = 'Press Run (or Space) to train the auction';

/** Dashed theory lines: Myerson and Vickrey on the evaluation draws, and the E[max v] bound. */
export function revenueReferences(data: OptimalAuctionData): ReferenceSpec[] {
  const b = data.theory?.baselines;
  if (!b) return [];
  const refs: ReferenceSpec[] = [];
  if (b.myerson !== null) refs.push({ y: b.myerson, label: `Myerson ${fmt(b.myerson)}`, color: THEORY_COLOR });
  refs.push({ y: b.vickrey, label: `Vickrey ${fmt(b.vickrey)}`, color: '#e15759' });
  refs.push({ y: b.maxValue, label: `upper bound E[max v] ${fmt(b.maxValue)}`, color: '#9aa3ae' });
  return refs;
}

/** Whole step range (phase 1 + phase 2) while a run is going or done. */
function stepDomain(data: OptimalAuctionData): [number, number] | undefined {
  const r = data.main;
  if (!r || r.status === 'failed' || r.status === 'cancelled') return undefined;
  const c = data.runConfig;
  const cached = typeof r.final?.warmStart === 'string' && r.final.warmStart.includes('cached');
  const phase1 = c.warmStart === 'none' || cached ? 0 : c.imitationSteps;
  return [0, phase1 + c.steps];
}

export function RevenueChart({ data }: { data: OptimalAuctionData }) {
  const lines: LineSpec[] = [
    { key: 'revenue', name: 'revenue (training batch)', color: bidderColor(0), width: 1.5 },
    { key: 'evalRevenue', name: 'revenue (evaluation)', color: bidderColor(2), width: 2.5, dots: true, data: data.evals.map((r) => ({ step: r.step, evalRevenue: r.revenue })) },
  ];
  lines.push(...useOverlayLines());
  if (data.evals.length) lines.push({ key: 'efficiency', name: 'efficiency (evaluation, right axis)', color: '#9aa3ae', width: 1.5, axis: 'right', dots: true, data: data.evals.map((r) => ({ step: r.step, efficiency: r.efficiency })) });
  return (
    <ChartCard
      id="revenue"
      title="Revenue per auction over training"
      caption={`${data.runConfig.warmStart === 'none' ? 'No warm start: from a random network, training' : 'Phase 1 imitates the classic auction; phase 2'} maximizes revenue under a regret penalty. Dashed: Myerson’s optimal auction and Vickrey on the same evaluation draws, and E[max v], which no auction that respects IR can beat. Grey (right axis): allocative efficiency; reserve prices trade it for revenue. A learned revenue above Myerson’s with i.i.d. values is only possible with regret.`}
    >
      <LineChartView rows={data.train} x="step" xLabel="training step (phase 1 + phase 2)" yLabel="revenue per auction (value units)" rightLabel="efficiency E[Σ a_i v_i] / E[max v]" rightDomain={[0, 1]} lines={lines} references={revenueReferences(data)} xDomain={stepDomain(data)} emptyHint={PRESS_RUN} />
    </ChartCard>
  );
}

export function RegretChart({ data }: { data: OptimalAuctionData }) {
  const lines: LineSpec[] = [
    { key: 'regret', name: 'regret, mean over bidders (training search)', color: bidderColor(1), width: 1.5 },
    { key: 'regretMax', name: 'regret, worst bidder (training search)', color: bidderColor(3), width: 1 },
    { key: 'evalRegret', name: 'regret (stronger evaluation search)', color: bidderColor(2), width: 2.5, dots: true, data: data.evals.map((r) => ({ step: r.step, evalRegret: r.regret })) },
  ];
  // Phase-1 rows carry revenue only: regret is measured from phase 2 on.
  const rows = data.train.filter((r) => r.regret !== undefined);
  if (rows.length) lines.push({ key: 'lambda', name: 'λ, mean multiplier (right axis)', color: '#9aa3ae', width: 1, axis: 'right' });
  const hint = data.main && data.main.status !== 'done' ? 'Regret is measured from phase 2 on, after the imitation steps.' : PRESS_RUN;
  const target = data.theory?.regretTarget ?? null;
  const references: ReferenceSpec[] = target !== null ? [{ y: target, label: `regret target ${fmt(target, 4)}`, color: THEORY_COLOR }] : [];
  return (
    <ChartCard
      id="regret"
      title="Regret over training"
      caption={`Regret: how much a bidder could gain, on average, by misreporting its value (0 = truthful bidding is best). Training estimates it with a quick misreport search; the evaluation search (more starting points and ascent steps) is stronger, so it reads higher when the quick one misses gains.${target !== null ? ' Dashed: the training’s regret target (the budget × the mean value); λ rises while the training regret is above it and falls while below.' : ' λ rises while regret stays positive.'}`}
    >
      <LineChartView rows={rows} x="step" xLabel="training step (phase 1 + phase 2)" yLabel="regret per auction (value units)" rightLabel="λ (revenue per unit regret)" lines={lines} references={references} xDomain={stepDomain(data)} emptyHint={hint} />
    </ChartCard>
  );
}

export function ImitationChart({ data }: { data: OptimalAuctionData }) {
  const warm = data.theory?.warmStart;
  const name = warm === 'myerson' ? 'Myerson' : warm === 'vickrey' ? 'Vickrey' : 'the classic auction';
  const cached = typeof data.main?.final?.warmStart === 'string' && data.main.final.warmStart.includes('cached');
  return (
    <ChartCard
      id="imitation"
      title="Phase 1: imitating the classic auction"
      caption={`Supervised warm start: cross-entropy of who wins plus the squared error of the payment share, toward ${name}. Cached per distribution: a second run with the same settings skips it.`}
    >
      <LineChartView
        rows={data.imitation}
        x="step"
        xLabel="imitation step"
        yLabel="imitation loss (nats)"
        lines={[{ key: 'loss', name: 'imitation loss', color: bidderColor(0), width: 1.5 }]}
        emptyHint={cached ? 'Phase 1 came from the cache (same prior, network and seed as an earlier run).' : warm === 'none' ? 'No warm start: the network starts random.' : PRESS_RUN}
      />
    </ChartCard>
  );
}
