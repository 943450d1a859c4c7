import type { StudentResult as Result } from '../../core/session/protocol';
import { multiUnitMechanisms } from '../../core/mechanisms/multiUnitRegistry';
import { fmt } from '../format';

/** A profit difference as "+3.2", "−1.0" or "±0.0" (U+2212 minus). */
export function signed(d: number, digits = 1): string {
  if (Math.abs(d) < 0.5 * 10 ** -digits) return `±${(0).toFixed(digits)}`;
  return `${d > 0 ? '+' : '−'}${fmt(Math.abs(d), digits)}`;
}

/** The student's own result of a revealed round they bid in, next to what bidding truthfully would have given (a student who sat the round out has none: `StudentPage` says so). */
export function RoundResult({ result: r }: { result: Result }) {
  const d = r.profit - r.truthfulProfit;
  return (
    <section className="student-card result" aria-label="Your result" data-testid="student.result" data-round={r.round}>
      <h2>Your result, round {r.round}</h2>
      <p data-testid="student.result.line">
        You won <b data-testid="student.result.permits">{fmt(r.permits, 2)}</b> permits and paid <b data-testid="student.result.payment">{fmt(r.payment, 2)}</b>: profit{' '}
        <b data-testid="student.result.profit">{fmt(r.profit, 2)}</b>.
      </p>
      <p>
        Bidding truthfully (everyone else unchanged) you would have won {fmt(r.truthfulPermits, 2)} permits for {fmt(r.truthfulPayment, 2)}: profit {fmt(r.truthfulProfit, 2)}.
      </p>
      {/* Coloured only when the shown difference is not ±0.00 (round-off stays neutral). */}
      <p className={`result-diff ${d >= 0.005 ? 'up' : d <= -0.005 ? 'down' : ''}`} data-testid="student.result.diff">
        {signed(d, 2)} against truthful bidding
      </p>
      <p className="caption">{multiUnitMechanisms[r.mechanism].shortTitle}: clearing price {fmt(r.clearingPrice, 2)} per permit.</p>
    </section>
  );
}

/** Every revealed round this student bid in: permits, payment, profit and the truthful profit. */
export function StudentResults({ results }: { results: readonly Result[] }) {
  const total = results.reduce((s, r) => s + r.profit, 0);
  const truthful = results.reduce((s, r) => s + r.truthfulProfit, 0);
  return (
    <section className="student-card" aria-label="Your rounds">
      <h2>Your rounds</h2>
      <table className="history" data-testid="student.results">
        <thead>
          <tr>
            <th scope="col">round</th>
            <th scope="col">permits</th>
            <th scope="col">paid</th>
            <th scope="col">profit</th>
            <th scope="col">truthful</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.round}>
              <td>
                {r.round} <small>{multiUnitMechanisms[r.mechanism].shortTitle}</small>
              </td>
              <td className="num">{fmt(r.permits, 2)}</td>
              <td className="num">{fmt(r.payment, 1)}</td>
              <td className="num">{fmt(r.profit, 1)}</td>
              <td className="num">{fmt(r.truthfulProfit, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="caption">
        In all: profit {fmt(total, 1)}; truthful bidding would have made {fmt(truthful, 1)} ({signed(total - truthful)}).
      </p>
    </section>
  );
}
