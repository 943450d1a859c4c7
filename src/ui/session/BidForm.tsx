import { useState } from 'react';
import { parseBid } from '../../core/labs/permitAuction/play';
import type { FirmType } from '../../core/labs/permitAuction/fields';
import type { StudentView } from '../../core/session/protocol';

const FIELDS = [
  { key: 'pH', label: 'High tier price', unit: 'per permit' },
  { key: 'qH', label: 'High tier quantity', unit: 'permits' },
  { key: 'pL', label: 'Low tier price', unit: 'per permit' },
  { key: 'qL', label: 'Low tier quantity', unit: 'permits' },
] as const;

/** A number as the form pre-fills it: at most 2 decimals, plain digits (never "3.8 × 10⁻⁴", which would not parse back). */
const typed = (x: number): string => String(Math.round(x * 100) / 100);

/**
 * The student's two-tier bid [pH, qH, pL, qL], checked exactly as the lab's "Play against trained firms" form
 * checks it (`parseBid` of the permit lab: prices must not increase from the high to the low tier, quantities within
 * the firm's emissions, finite numbers) before it is sent; the server checks it again with the same function.
 * Pre-filled with the accepted bid (so a reload shows it) or the truthful bid; "Fill truthful" restores that.
 */
export function BidForm({ view, firm, truthful, sending, onBid }: {
  view: StudentView;
  firm: FirmType;
  truthful: readonly number[];
  sending: boolean;
  onBid: (values: string[]) => void;
}) {
  const [text, setText] = useState<string[] | null>(null);
  const [issue, setIssue] = useState<string | null>(null);
  const values = text ?? (view.bid ?? truthful).map(typed);
  const open = view.phase === 'open' && !view.paused;
  const status = sending ? 'sending' : view.bid ? 'accepted' : 'none';
  const submit = () => {
    const r = parseBid(values, firm);
    if (r.issue !== undefined) {
      setIssue(r.issue);
      return;
    }
    setIssue(null);
    onBid(values.map((x) => x.trim()));
    setText(null);
  };
  return (
    <section className="student-card" aria-label="Your bid">
      <h2>Your bid</h2>
      <form
        className="bid-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {FIELDS.map((f, i) => (
          <label key={f.key}>
            <span>
              {f.label} <small>({f.key}, {f.unit})</small>
            </span>
            <input
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={values[i]}
              disabled={!open}
              aria-label={`${f.label} (${f.unit})`}
              data-testid={`student.bid.${f.key}`}
              onChange={(e) => setText(values.map((v, j) => (j === i ? e.target.value : v)))}
            />
          </label>
        ))}
        <div className="bid-actions">
          <button type="button" className="big" disabled={!open} onClick={() => setText(truthful.map(typed))} data-testid="student.truthful">
            Fill truthful
          </button>
          <button type="submit" className="primary big" disabled={!open || sending} data-testid="student.submit">
            {view.bid ? 'Change bid' : 'Submit bid'}
          </button>
        </div>
      </form>
      <p className="caption">
        Truthful: each tier at its mean true value, [{truthful.map(typed).join(', ')}]. The high tier is the first permits you want; its price must be at least the low tier’s.
      </p>
      {issue && (
        <p role="alert" className="session-problem" data-testid="student.bid-issue">
          {issue} — nothing was sent.
        </p>
      )}
      <p className="bid-status" data-testid="student.bid-status" data-state={status} aria-live="polite">
        {sending
          ? 'Sending…'
          : view.bid
            ? `Bid in: [${view.bid.map(typed).join(', ')}]${text !== null ? ' (you have edited the form: press Change bid to send the new one)' : ''}.`
            : view.phase === 'open'
              ? 'No bid in yet: without one you sit this round out.'
              : ''}
      </p>
    </section>
  );
}
