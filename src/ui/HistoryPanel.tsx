import { selectOverlayIds } from '../state/selectors';
import { useEffect } from 'react';
import { runsToCsv, runsToJson, finalMetricsToCsv } from '../state/exportRuns';
import { importRuns, loadFromHistory, refreshHistory, removeFromHistory, toggleOverlay, useLabStore } from '../state/store';
import { findLab, labs } from '../core/labs/registry';
import { downloadText } from './charts/exportChart';
import { canOverlay } from './charts/overlayLines';
import { fmt } from './format';

/** A history cell: numbers to 3 significant places, lists comma-joined, text as text, a dash for none. */
function cell(v: number | readonly number[] | string | null): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return fmt(v);
  return v.map((x) => fmt(x, 3)).join(', ');
}

/**
 * Finished runs of this lab, kept across reloads (IndexedDB): overlay on the charts, load back into the form,
 * delete, export as CSV (training series, final figures) or JSON.
 */
export function HistoryPanel() {
  const history = useLabStore((s) => s.history);
  const unreadable = useLabStore((s) => s.unreadable);
  const overlayIds = useLabStore(selectOverlayIds);
  const lab = useLabStore((s) => s.lab);
  const definition = findLab(lab) ?? labs[0];
  useEffect(() => {
    void refreshHistory();
  }, [lab]);
  // One export per series this lab declares and its runs recorded (an empty CSV is never offered).
  const exportable = definition.streams.series.filter((sp) => history.some((r) => (r.series[sp.name]?.length ?? 0) > 0));
  const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const importFile = (file: File | undefined) => {
    if (file) void file.text().then(importRuns);
  };
  return (
    <section className="panel" aria-label="Run history" data-testid="history">
      <h2>Run history ({history.length})</h2>
      <label className="button-like">
        Import runs (JSON)
        <input
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          data-testid="history.import"
          onChange={(e) => {
            importFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </label>
      {unreadable.length > 0 && (
        <div className="banner warn" role="status" data-testid="history.unreadable">
          <p>
            {unreadable.length} stored run{unreadable.length === 1 ? '' : 's'} could not be read and {unreadable.length === 1 ? 'is' : 'are'} not shown:
          </p>
          <ul>
            {unreadable.map((u) => (
              <li key={String(u.key)}>
                {String(u.key)}: {u.reason}{' '}
                <button onClick={() => void removeFromHistory(u.key)} aria-label={`Delete unreadable run ${String(u.key)}`}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {history.length === 0 ? (
        <p className="lab-intro">Finished runs appear here and stay after a reload. Tick one to overlay it on the charts.</p>
      ) : (
        <>
          <div className="run-controls" style={{ marginBottom: 8 }}>
            {exportable.map((sp) => (
              <button key={sp.name} onClick={() => downloadText(runsToCsv(history, sp.name), `${lab}-${sp.name}-${stamp()}.csv`, 'text/csv')} data-testid={`history.csv.${sp.name}`}>
                Export {sp.title} CSV
              </button>
            ))}
            <button onClick={() => downloadText(finalMetricsToCsv(history), `${lab}-final-${stamp()}.csv`, 'text/csv')}>Export final figures CSV</button>
            <button onClick={() => downloadText(runsToJson(history), `${lab}-runs-${stamp()}.json`, 'application/json')} data-testid="history.json">
              Export JSON
            </button>
          </div>
          <div className="table-scroll">
          <table className="history">
            <thead>
              <tr>
                <th scope="col">overlay</th>
                <th scope="col">run</th>
                <th scope="col">status</th>
                <th scope="col">backend</th>
                {definition.historyColumns.map((c) => (
                  <th scope="col" key={c.label}>
                    {c.label}
                  </th>
                ))}
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {history.map((r) => (
                <tr key={r.id} data-testid="history.row">
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Overlay ${r.label}`}
                      checked={overlayIds.includes(r.id)}
                      onChange={() => toggleOverlay(r.id)}
                      disabled={!canOverlay(r)}
                      title={canOverlay(r) ? `Draw this run’s ${definition.overlay.label} on the main chart` : `This run recorded no ${definition.overlay.label} to draw`}
                    />
                  </td>
                  <td>
                    {r.label}
                    <div className="help">{new Date(r.finishedAt ?? r.startedAt).toLocaleString()}</div>
                  </td>
                  <td className={`status-${r.status}`}>{r.status}{r.error ? `: ${r.error}` : ''}</td>
                  <td>{r.backend}</td>
                  {definition.historyColumns.map((c) => (
                    <td className="num" key={c.label}>
                      {cell(c.value(r.final))}
                    </td>
                  ))}
                  <td>
                    <button onClick={() => loadFromHistory(r.id)} aria-label={`Load settings of ${r.label}`}>Load</button>{' '}
                    <button onClick={() => void removeFromHistory(r.id)} aria-label={`Delete ${r.label}`}>Delete</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </>
      )}
    </section>
  );
}
