import { multiUnitMechanisms } from '../../../../core/mechanisms/multiUnitRegistry';
import { Explainer } from '../../../Explainer';
import { tidy } from './MechanismColumn';

/** Fixed decimals (a table column reads best aligned), round-off shown as 0, '—' when missing. */
const fixed = (x: unknown, digits: number) => (typeof x === 'number' && Number.isFinite(x) ? tidy(x)!.toFixed(digits) : '—');
import type { TrainingRun } from './useTrainingData';

const COLUMNS = [
  { key: 'efficiency', sd: 'efficiencySd', label: 'efficiency', digits: 3 },
  { key: 'dri', sd: 'driSd', label: 'DRI', digits: 3 },
  { key: 'revenue', sd: 'revenueSd', label: 'revenue / auction', digits: 2 },
  { key: 'meanProfit', sd: 'meanProfitSd', label: 'profit / firm', digits: 2 },
] as const;

/**
 * Mechanism × (efficiency, DRI, revenue, mean profit) at the latest evaluation: mean ± standard deviation over the
 * held-out auctions, with truthful bidding on the same auctions underneath.
 */
export function SummaryTable({ runs }: { runs: TrainingRun[] }) {
  const done = runs.every((r) => r.record.status === 'done');
  return (
    <section className="panel" aria-label="Summary" data-testid="ppo.summary">
      <h2>{done ? 'Summary after training' : 'Summary so far'}</h2>
      <Explainer hideInPresenter>
        Mean ± standard deviation over the {runs[0]?.config.evalAuctions.toLocaleString() ?? ''} held-out auctions (the same draws for every
        mechanism), with the firms’ mean (deterministic) bids; below each, truthful two-tier bidding on the same auctions.
      </Explainer>
      <table className="history">
        <thead>
          <tr>
            <th scope="col">mechanism</th>
            {COLUMNS.map((c) => (
              <th scope="col" key={c.key}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const last = r.record.final ?? r.rows.at(-1);
            return (
              <tr key={r.record.id} data-testid={`ppo.summary.${r.mechanism}`}>
                <th scope="row">{multiUnitMechanisms[r.mechanism].shortTitle}</th>
                {COLUMNS.map((c) => (
                  <td className="num" key={c.key}>
                    {last ? `${fixed(last[c.key], c.digits)} ± ${fixed(last[c.sd], c.digits)}` : '—'}
                    <div className="caption summary-truthful">truthful {fixed(r.truthful?.[c.key], c.digits)}</div>
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
