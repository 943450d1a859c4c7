import type { SeriesRow } from '../../../core/labs/types';
import { ChartCard } from '../../charts/ChartCard';
import { LineChartView } from '../../charts/LineChartView';
import { BIDDER_COLORS, THEORY_COLOR } from '../../charts/palette';
import type { RunRecord } from '../../../state/runRecord';

/** Latest `bidFunction` snapshot of a design run (see `runSimulateDesign`). */
interface BidSnapshot {
  values: number[];
  bids: number[];
  equilibrium: number[] | null;
}

/** What an empty detail chart says: press Run, or wait for this design's first round. */
const hint = (run: RunRecord | null) => (run ? 'Appears when round 1 of this design has finished' : 'Press Run (or Space); then pick a design to see its bids and learning');

/** Learned mean bid per value (averaged over bidders and rounds) against the closed-form equilibrium b(v). */
export function BidFunctionChart({ run }: { run: RunRecord | null }) {
  const snap = run?.snapshots.bidFunction as BidSnapshot | undefined;
  const rows: SeriesRow[] = snap ? snap.values.map((v, i) => ({ v, learned: snap.bids[i], ...(snap.equilibrium ? { eq: snap.equilibrium[i] } : {}) })) : [];
  const w = run ? Number(run.config.w).toFixed(3) : '—';
  return (
    <ChartCard
      id="bids"
      title={`Bid function at w = ${w}`}
      caption={
        snap && !snap.equilibrium
          ? 'Mean learned bid per value level, averaged over bidders and rounds. Integer values have no closed-form equilibrium here.'
          : 'Mean learned bid per value level (averaged over bidders and rounds) against the equilibrium bid b(v) for continuous U[0, 1] values (dashed). The highest value cells sit below the curve: with finitely many value types the top types mix over bids.'
      }
    >
      <LineChartView
        rows={rows}
        x="v"
        xLabel="value v (value units)"
        yLabel="bid (value units)"
        xDomain={[0, 1]}
        lines={[
          { key: 'learned', name: 'learned bid', color: BIDDER_COLORS[0], dots: true },
          ...(snap?.equilibrium ? [{ key: 'eq', name: 'equilibrium b(v)', color: THEORY_COLOR, dashed: true, width: 1.5 }] : []),
        ]}
        emptyHint={hint(run)}
      />
    </ChartCard>
  );
}

/** The first round's learning curve: revenue and exploitability (best-response gain) over iterations. */
export function LearningCurveChart({ run }: { run: RunRecord | null }) {
  // Log axis: floor at 1e-5 (an exact best response reports 0).
  const rows = (run?.series.learning ?? []).map((r) => ({
    ...r,
    exploitability: Math.max(r.exploitability ?? 0, 1e-5),
    strategyChange: Math.max(r.strategyChange ?? 0, 1e-5),
  }));
  const eqRevenue = run?.final?.equilibriumRevenue;
  return (
    <ChartCard
      id="learning"
      title={`Learning curve at w = ${run ? Number(run.config.w).toFixed(3) : '—'} (round 1)`}
      caption="Revenue per contest under the bidders' current strategies (left). Right axis, log: the exploitability — the most any bidder could gain by best-responding to the others (value units; below 0.01 counts as converged) — and the strategy change per iteration (L1 distance between successive strategies, 0–2)."
    >
      <LineChartView
        rows={rows}
        x="iteration"
        xLabel="learner iteration"
        yLabel="revenue (value units)"
        rightLabel="exploitability · strategy change (log)"
        rightScale="log"
        lines={[
          { key: 'revenue', name: 'revenue', color: BIDDER_COLORS[0] },
          { key: 'exploitability', name: 'exploitability (right)', color: BIDDER_COLORS[3], axis: 'right', width: 1.5 },
          { key: 'strategyChange', name: 'strategy change (right)', color: BIDDER_COLORS[4], axis: 'right', width: 1 },
        ]}
        references={typeof eqRevenue === 'number' ? [{ y: eqRevenue, label: 'equilibrium revenue', color: THEORY_COLOR }] : []}
        emptyHint={hint(run)}
      />
    </ChartCard>
  );
}
