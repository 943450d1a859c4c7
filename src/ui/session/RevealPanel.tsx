import { multiUnitMechanismIds, multiUnitMechanisms } from '../../core/mechanisms/multiUnitRegistry';
import type { RoundReveal, RoundSummary } from '../../core/session/protocol';
import { ChartCard } from '../charts/ChartCard';
import { LineChartView, type LineSpec } from '../charts/LineChartView';
import { THEORY_COLOR } from '../charts/palette';
import { fmt } from '../format';
import { MetricCard } from '../MetricCard';

type Pt = { q: number; p: number };

/**
 * The reveal's merged bid steps `[price, cumulative permits]` (highest price first) as a step line: at prices in
 * (p_{k+1}, p_k] the class asks for Q_k permits; it ends at Q_last down to price 0.
 */
export function revealStepLine(steps: readonly (readonly [number, number])[]): Pt[] {
  const pts: Pt[] = [];
  let q = 0;
  for (const [p, cum] of steps) {
    pts.push({ q, p }, { q: cum, p });
    q = cum;
  }
  if (pts.length) pts.push({ q, p: 0 });
  return pts;
}

/** True demand's breakpoints `[price, permits]` as points of the line (quantity on x, price on y). */
export const demandLine = (d: readonly (readonly [number, number])[]): Pt[] => d.map(([p, q]) => ({ q, p }));

/** A demand-reduction share as a percentage ("12 %"), or "—" when that class had no bidder. */
export const pct = (x: number | null): string => (x === null ? '—' : `${fmt(100 * x, 0).replace('-', '−')} %`);

const MECH_COLORS: Record<string, string> = { uniform: '#e15759', discriminatory: '#f28e2b', vcg: '#4e79a7' };
/** Lighter tints of the same hues for the trained firms (a dashed stroke would dash the dots of single rounds too). */
const PPO_COLORS: Record<string, string> = { uniform: '#f0a1a2', discriminatory: '#f7c08f', vcg: '#9fbcdb' };

/**
 * The projector's view of a revealed round: every bid of the market merged into one anonymous step line against
 * the vertical supply and the true demand, the clearing price, and the round's figures next to what truthful
 * bidding by the same firms would have given; demand reduction of the students, the trained firms and truthful bids.
 */
export function RevealPanel({ reveal, priceRule, current }: { reveal: RoundReveal; priceRule: string; current: boolean }) {
  const s = reveal.summary;
  const steps = revealStepLine(reveal.bidSteps);
  const demand = demandLine(reveal.trueDemand);
  const top = Math.max(1e-9, ...steps.map((x) => x.p), ...demand.map((x) => x.p));
  const lines: LineSpec[] = [
    { key: 'p', name: 'bids (whole class, anonymous)', color: '#1d4ed8', width: 3, data: steps },
    { key: 'p', name: 'true demand', color: THEORY_COLOR, width: 2, dashed: true, data: demand },
    { key: 'p', name: `supply ${fmt(reveal.supply, 0)}`, color: '#888', width: 2, data: [{ q: reveal.supply, p: 0 }, { q: reveal.supply, p: top }] },
  ];
  const priceName = s.mechanism === 'uniform' ? `clearing price (${priceRule === 'last-accepted' ? 'last accepted bid' : 'first rejected bid'})` : 'stop-out price';
  return (
    <section className="host-reveal" aria-label={`Round ${s.round} revealed`} data-testid="host.reveal-panel" data-round={s.round}>
      <ChartCard id={`class-round-${s.round}`} title={`Round ${s.round}: ${multiUnitMechanisms[s.mechanism].shortTitle}${current ? '' : ' (last revealed)'}`} testId="host.reveal-chart" level={2}>
        <LineChartView
          rows={[]}
          x="q"
          xLabel="permits (units)"
          yLabel="price (per permit)"
          lines={lines}
          references={[
            { y: s.clearingPrice, label: `${priceName} ${fmt(s.clearingPrice, 2)}`, color: '#e15759' },
            { y: s.competitivePrice, label: `competitive price ${fmt(s.competitivePrice, 2)}`, color: '#59a14f' },
          ]}
          xDomain={[0, 'auto']}
          yDomain={[0, 'auto']}
          height={360}
        />
      </ChartCard>
      <div className="host-figures" data-testid="host.figures">
        <div className="card dri" data-testid="host.dri">
          <div className="k">demand withheld at the competitive price</div>
          <div className="dri-row">
            <span>
              students <b data-testid="host.dri.humans">{pct(s.dri.humans)}</b>
            </span>
            <span>
              trained firms <b data-testid="host.dri.ppo">{pct(s.dri.ppo)}</b>
            </span>
            <span>
              truthful <b data-testid="host.dri.truthful">{pct(s.dri.truthful)}</b>
            </span>
          </div>
          <div className="t">
            {s.humanBids} student bids, {s.bidders} firms in the market
          </div>
        </div>
        <MetricCard k={priceName} v={fmt(s.clearingPrice, 2)} t={`truthful ${fmt(s.truthful.clearingPrice, 2)} · competitive ${fmt(s.competitivePrice, 2)}`} testId="host.price" />
        <MetricCard k="revenue" v={fmt(s.revenue, 0)} t={`truthful ${fmt(s.truthful.revenue, 0)}`} testId="host.revenue" />
        <MetricCard k="efficiency" v={fmt(s.efficiency, 3)} t={`truthful ${fmt(s.truthful.efficiency, 3)}`} testId="host.efficiency" />
        <MetricCard k="permits sold" v={fmt(s.unitsSold, 1)} t={`of ${fmt(reveal.supply, 0)} for sale`} testId="host.sold" />
      </div>
    </section>
  );
}

/**
 * The class's demand reduction over the revealed rounds, one colour per mechanism: students in its full hue, trained
 * firms in a light tint, truthful bidding (the benchmark, near 0) grey. Rounds under the same rule are joined by a line.
 */
export function DriHistoryChart({ history }: { history: readonly RoundSummary[] }) {
  const lines: LineSpec[] = [];
  for (const m of multiUnitMechanismIds) {
    const of = history.filter((s) => s.mechanism === m);
    if (!of.length) continue;
    const name = multiUnitMechanisms[m].shortTitle;
    const humans = of.flatMap((s) => (s.dri.humans === null ? [] : [{ round: s.round, dri: 100 * s.dri.humans }]));
    const ppo = of.flatMap((s) => (s.dri.ppo === null ? [] : [{ round: s.round, dri: 100 * s.dri.ppo }]));
    if (humans.length) lines.push({ key: 'dri', name: `students · ${name}`, color: MECH_COLORS[m] ?? '#333', width: 3, dots: true, data: humans });
    if (ppo.length) lines.push({ key: 'dri', name: `trained firms · ${name}`, color: PPO_COLORS[m] ?? '#999', width: 3, dots: true, data: ppo });
  }
  lines.push({ key: 'dri', name: 'truthful bids', color: '#9aa3ae', width: 2, dots: true, data: history.map((s) => ({ round: s.round, dri: 100 * s.dri.truthful })) });
  return (
    <ChartCard id="class-dri-by-round" title="Demand reduction by round and mechanism" testId="host.history" level={2}>
      <LineChartView rows={[]} x="round" xInteger xLabel="round" yLabel="demand withheld (%)" lines={lines} height={280} xDomain={[0, Math.max(...history.map((s) => s.round)) + 1]} />
    </ChartCard>
  );
}
