import { selectFieldIssues, selectSeed } from '../../../state/selectors';
import { randomFirms } from '../../../core/priors/firms';
import type { FirmType } from '../../../core/labs/permitAuction/fields';
import { FIRMS_MAX, FIRMS_MIN } from '../../../core/labs/permitAuction/fields';
import { setField, useLabStore } from '../../../state/store';
import { NumberCell } from './BidCell';

/** Default prior for "randomize (seeded)": c ~ U[0.5, 3] per unit², e ~ U[4, 20] units. */
export const RANDOMIZE_PRIOR = { cMin: 0.5, cMax: 3, eMin: 4, eMax: 20 };

/** The firms' private types, editable; adding or removing a firm resets the bids to truthful. */
export function FirmsTable({ firms }: { firms: FirmType[] }) {
  const seed = useLabStore(selectSeed);
  const issue = useLabStore((s) => selectFieldIssues(s).firms);
  const update = (i: number, key: 'c' | 'e', text: string) => setField('firms', firms.map((f, j) => (j === i ? { ...f, [key]: Number(text) } : f)));
  const resize = (n: number) => {
    const next = n > firms.length ? [...firms, ...randomFirms(seed + n, n - firms.length, RANDOMIZE_PRIOR)] : firms.slice(0, n);
    setField('bids', []);
    setField('firms', next);
  };
  return (
    <section className="panel" aria-label="Firms">
      <h2>Firms (private types)</h2>
      <table className="history">
        <thead>
          <tr>
            <th scope="col">firm</th>
            <th scope="col" title="abatement cost slope: abating a units costs c·a²/2">c (cost slope)</th>
            <th scope="col" title="baseline emissions: permits needed to abate nothing">e (emissions, permits)</th>
            <th scope="col" title="marginal value of the first permit, c·e">c·e</th>
          </tr>
        </thead>
        <tbody>
          {firms.map((f, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td><NumberCell alwaysCommit={!!issue} value={f.c} label={`firm ${i + 1} cost slope c`} testId={`permit.firm.${i}.c`} onCommit={(t) => update(i, 'c', t)} /></td>
              <td><NumberCell alwaysCommit={!!issue} value={f.e} label={`firm ${i + 1} emissions e`} testId={`permit.firm.${i}.e`} onCommit={(t) => update(i, 'e', t)} /></td>
              <td className="num">{(f.c * f.e).toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {issue && (
        <p role="alert" data-testid="issue.firms" style={{ color: 'var(--err-line)' }}>
          {issue} — the last valid firms are still in use.
        </p>
      )}
      <div className="run-controls" style={{ marginTop: 8 }}>
        <button onClick={() => resize(firms.length + 1)} disabled={firms.length >= FIRMS_MAX} data-testid="permit.addFirm">Add firm</button>
        <button onClick={() => resize(firms.length - 1)} disabled={firms.length <= FIRMS_MIN} data-testid="permit.removeFirm">Remove last</button>
        <button
          data-testid="permit.randomize"
          title="Draw new firm types from c ~ U[0.5, 3], e ~ U[4, 20] with the seed"
          onClick={() => {
            setField('bids', []);
            setField('firms', randomFirms(seed, firms.length, RANDOMIZE_PRIOR));
          }}
        >
          Randomize (seed {seed})
        </button>
      </div>
    </section>
  );
}
