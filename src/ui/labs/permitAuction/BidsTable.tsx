import { selectConfig, selectFieldIssues } from '../../../state/selectors';
import { useEffect, useRef, useState } from 'react';
import type { FirmType, Schedule } from '../../../core/labs/permitAuction/fields';
import { setField, useLabStore } from '../../../state/store';
import { NumberCell } from './BidCell';

/** Low-tier shading s = 1 − pL / (truthful pL), in [0, 1]. */
export function lowTierShading(schedule: Schedule, truthful: Schedule): number {
  const t = truthful[1]?.[0] ?? 0;
  const p = schedule[1]?.[0] ?? 0;
  return t > 0 ? Math.min(1, Math.max(0, 1 - p / t)) : 0;
}

/**
 * Each firm's two-tier bid [pH, qH, pL, qL], editable; "Truthful" restores every firm's true mean marginal
 * values; the slider shades the low-tier price (100% = bid 0 for it). Invalid bids (pL > pH, negative) are
 * reported and not applied. `compact` (presenter mode) keeps the firm and its shading slider only.
 */
export function BidsTable({ firms, schedules, truthful, compact = false }: { firms: FirmType[]; schedules: Schedule[]; truthful: Schedule[]; compact?: boolean }) {
  const issue = useLabStore((s) => selectFieldIssues(s).bids);
  // When a rejected entry is resolved, re-mount the cells so none keeps showing rejected text.
  const [version, setVersion] = useState(0);
  const hadIssue = useRef(false);
  useEffect(() => {
    if (hadIssue.current && !issue) setVersion((v) => v + 1);
    hadIssue.current = !!issue;
  }, [issue]);
  const isTruthful = useLabStore((s) => (selectConfig(s).bids as unknown[]).length === 0);
  const commit = (i: number, t: number, col: 0 | 1, text: string) => {
    const next = schedules.map((s) => s.map<[number, number]>((step) => [...step]));
    while (next[i].length <= t) next[i].push([0, 0]);
    next[i][t][col] = text.trim() === '' ? NaN : Number(text);
    setField('bids', next);
  };
  /** Low-tier price = (1 − s) × its truthful mean value; a withheld (zero) quantity comes back at its truthful size. */
  const shade = (i: number, s: number) => {
    const next = schedules.map((x) => x.map<[number, number]>((step) => [...step]));
    const pL = (truthful[i][1]?.[0] ?? 0) * (1 - s);
    const qL = next[i][1]?.[1] || (truthful[i][1]?.[1] ?? 0);
    next[i][1] = [Math.min(pL, next[i][0][0]), qL];
    setField('bids', next);
  };
  return (
    <section className="panel" aria-label="Bids">
      <h2>{compact ? 'Low-tier shading' : 'Bids (two tiers per firm)'}</h2>
      <p className="lab-intro presenter-hidden" style={{ marginTop: 0 }}>
        Tier H: the first permits a firm wants; tier L: the rest. Truthful = each tier at its true mean marginal value.{' '}
        {isTruthful ? <b>All firms bid truthfully.</b> : null}
      </p>
      <table className="history">
        <thead>
          <tr>
            <th scope="col">firm</th>
            {!compact && <th scope="col">pH (per permit)</th>}
            {!compact && <th scope="col">qH (permits)</th>}
            {!compact && <th scope="col">pL (per permit)</th>}
            {!compact && <th scope="col">qL (permits)</th>}
            <th scope="col">low-tier shading</th>
          </tr>
        </thead>
        <tbody>
          {firms.map((_, i) => {
            const s = schedules[i] ?? [];
            const sh = lowTierShading(s, truthful[i] ?? []);
            return (
              <tr key={`${i}:${version}`}>
                <td>{i + 1}</td>
                {!compact && <td><NumberCell alwaysCommit={!!issue} value={s[0]?.[0] ?? 0} label={`firm ${i + 1} high-tier price`} testId={`permit.bid.${i}.pH`} onCommit={(t) => commit(i, 0, 0, t)} /></td>}
                {!compact && <td><NumberCell alwaysCommit={!!issue} value={s[0]?.[1] ?? 0} label={`firm ${i + 1} high-tier quantity`} testId={`permit.bid.${i}.qH`} onCommit={(t) => commit(i, 0, 1, t)} /></td>}
                {!compact && <td><NumberCell alwaysCommit={!!issue} value={s[1]?.[0] ?? 0} label={`firm ${i + 1} low-tier price`} testId={`permit.bid.${i}.pL`} onCommit={(t) => commit(i, 1, 0, t)} /></td>}
                {!compact && <td><NumberCell alwaysCommit={!!issue} value={s[1]?.[1] ?? 0} label={`firm ${i + 1} low-tier quantity`} testId={`permit.bid.${i}.qL`} onCommit={(t) => commit(i, 1, 1, t)} /></td>}
                <td>
                  <input
                    type="range"
                    min={0}
                    max={1}
                    step={0.05}
                    value={sh}
                    aria-label={`firm ${i + 1} low-tier shading`}
                    aria-valuetext={`${(sh * 100).toFixed(0)} % below the truthful low-tier price`}
                    data-testid={`permit.shade.${i}`}
                    onChange={(e) => shade(i, Number(e.target.value))}
                  />{' '}
                  {(sh * 100).toFixed(0)}%
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {issue && (
        <p className="issue" role="alert" data-testid="issue.bids" style={{ color: 'var(--err-line)' }}>
          {issue} — the last valid bids are still in use.
        </p>
      )}
      <div className="run-controls" style={{ marginTop: 8 }}>
        <button data-testid="permit.truthful" onClick={() => setField('bids', [])}>
          Truthful bids
        </button>
      </div>
    </section>
  );
}
