import type { FirmType, Schedule } from '../../../core/labs/permitAuction/fields';
import type { PermitOutcome } from '../../../core/labs/permitAuction/clearAll';
import { ChartCard } from '../../charts/ChartCard';
import { LineChartView, type LineSpec } from '../../charts/LineChartView';
import { bidderColor, THEORY_COLOR } from '../../charts/palette';
import { fmt } from '../../format';
import { aggregateBidSteps, aggregateTrueDemand, marginalValueLine, supplyLine } from './curves';
import { multiUnitMechanisms } from '../../../core/mechanisms/multiUnitRegistry';

/** Every firm's marginal abatement cost (= marginal value of a permit) and the aggregate true demand vs supply. */
export function MarginalCostChart({ firms, supply, competitivePrice }: { firms: FirmType[]; supply: number; competitivePrice: number }) {
  const top = Math.max(...firms.map((f) => f.c * f.e));
  const lines: LineSpec[] = firms.map((f, i) => ({ key: 'p', name: `firm ${i + 1}`, color: bidderColor(i), data: marginalValueLine(f) }));
  lines.push({ key: 'p', name: 'all firms: true demand', color: THEORY_COLOR, width: 2.5, data: aggregateTrueDemand(firms) });
  lines.push({ key: 'p', name: `supply S = ${fmt(supply, 1)}`, color: '#888', dashed: true, data: supplyLine(supply, top) });
  return (
    <ChartCard
      id="mac"
      title="Marginal abatement cost and true demand"
      caption={`A permit saves its holder one unit of abatement: the q-th permit is worth c·(e − q). Where true demand meets supply is the competitive price, ${fmt(competitivePrice, 2)} per permit.`}
    >
      <LineChartView rows={[]} x="q" xLabel="permits (units)" yLabel="price (per permit)" lines={lines} references={[{ y: competitivePrice, label: `competitive price ${fmt(competitivePrice, 2)}`, color: '#b07aa1' }]} height={260} />
    </ChartCard>
  );
}

/** One mechanism's clearing: aggregate bids vs supply, the price, per-firm outcome, efficiency, DRI, revenue. */
export function ClearingColumn({
  id, rule, outcome, truthful, schedules, supply, firms, priceRule, compareLabel = 'vs all truthful', compact = false,
}: {
  /** Presenter mode: the bids chart and the clearing price and DRI only, so the three rules fit one projector screen. */
  compact?: boolean;
  /** Header of the profit-difference column (what `truthful` is). */
  compareLabel?: string;
  priceRule: string;
  id: 'uniform' | 'discriminatory' | 'vcg';
  rule: string;
  outcome: PermitOutcome;
  truthful: PermitOutcome;
  schedules: Schedule[];
  supply: number;
  firms: FirmType[];
}) {
  const bidSteps = aggregateBidSteps(schedules);
  const top = Math.max(1e-9, ...bidSteps.map((p) => p.p));
  const lines: LineSpec[] = [
    { key: 'p', name: 'bids (all firms)', color: '#4e79a7', data: bidSteps },
    { key: 'p', name: 'supply', color: '#888', dashed: true, data: supplyLine(supply, top) },
  ];
  const priceLabel = id === 'uniform' ? `clearing price (${priceRule === 'last-accepted' ? 'last accepted bid' : 'first rejected bid'})` : 'stop-out price (lowest accepted bid)';
  const chart = (
    <LineChartView rows={[]} x="q" xLabel="permits (units)" yLabel={compact ? 'price' : 'bid price (per permit)'} lines={lines} references={[{ y: outcome.price, label: `${priceLabel} ${fmt(outcome.price, 2)}`, color: '#e15759' }]} height={compact ? 270 : 220} />
  );
  if (compact) {
    return (
      <ChartCard
        id={`clearing-${id}`}
        testId={`permit.col.${id}`}
        title={multiUnitMechanisms[id].shortTitle}
        before={
          <div className="cards two stack">
            <Figure k="price" v={fmt(outcome.price, 2)} was={truthful.price} testId={`permit.col.${id}.price`} />
            <Figure k="DRI" v={fmt(outcome.dri, 2)} was={truthful.dri} testId={`permit.col.${id}.dri`} />
          </div>
        }
      >
        {chart}
      </ChartCard>
    );
  }
  return (
    <ChartCard
      id={`clearing-${id}`}
      testId={`permit.col.${id}`}
      title={multiUnitMechanisms[id].shortTitle}
      caption={rule}
      after={
        <>
          <div className="cards" style={{ gridTemplateColumns: 'repeat(2, 1fr)', marginTop: 6 }}>
            <Figure k={priceLabel} v={fmt(outcome.price, 2)} was={truthful.price} testId={`permit.col.${id}.price`} />
            <Figure k="revenue" v={fmt(outcome.revenue, 1)} was={truthful.revenue} testId={`permit.col.${id}.revenue`} />
            <Figure k="efficiency" v={fmt(outcome.efficiency, 3)} was={truthful.efficiency} testId={`permit.col.${id}.efficiency`} />
            <Figure k="demand reduction (DRI)" v={fmt(outcome.dri, 2)} was={truthful.dri} testId={`permit.col.${id}.dri`} />
            <Figure k="permits sold" v={fmt(outcome.unitsSold, 2)} was={truthful.unitsSold} testId={`permit.col.${id}.sold`} />
            <Figure k="total abatement cost" v={fmt(outcome.totalAbatementCost, 1)} was={truthful.totalAbatementCost} testId={`permit.col.${id}.abatement`} />
          </div>
          <p className="caption" style={{ marginTop: 4 }} title="DRI: share of true demand at the competitive price the bids leave out, each step read at the units it covers (truthful two-tier bids read 0). Secondary: the raw share read off the steps (two steps only approximate the demand line, so truthful bids show some), and the price-based tier shading s_L − s_H (0 when both tiers are shaded alike).">
            Secondary: raw withheld share {fmt(outcome.driQuantity, 2)} (truthful {fmt(truthful.driQuantity, 2)}) · tier shading s_L − s_H {fmt(outcome.driTierShading, 2)}
          </p>
          <table className="history" style={{ marginTop: 6 }}>
            <thead>
              <tr>
                <th scope="col">firm</th>
                <th scope="col">permits</th>
                <th scope="col">pays</th>
                <th scope="col">profit</th>
                <th scope="col" title="profit minus this firm's profit in the truthful comparison outcome, under this rule">{compareLabel}</th>
              </tr>
            </thead>
            <tbody>
              {firms.map((_, i) => {
                const d = outcome.profits[i] - truthful.profits[i];
                return (
                  <tr key={i} data-testid={`permit.col.${id}.firm.${i}`}>
                    <td>{i + 1}</td>
                    <td className="num">{fmt(outcome.allocation[i], 2)}</td>
                    <td className="num">{fmt(outcome.payments[i], 1)}</td>
                    <td className="num">{fmt(outcome.profits[i], 1)}</td>
                    <td className="num" style={{ color: d > 1e-9 ? 'var(--ok)' : d < -1e-9 ? 'var(--err-line)' : undefined }}>
                      {Math.abs(d) < 0.05 ? '—' : `${d > 0 ? '+' : ''}${fmt(d, 1)}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      }
    >
      {chart}
    </ChartCard>
  );
}

function Figure({ k, v, was, testId }: { k: string; v: string; was: number; testId: string }) {
  return (
    <div className="card compact" data-testid={testId}>
      <div className="k">{k}</div>
      <div className="v">{v}</div>
      <div className="t">truthful {fmt(was, 2)}</div>
    </div>
  );
}
