import { selectOverlayIds } from '../state/selectors';
import { useEffect } from 'react';
import { runsToCsv, runsToJson, finalMetricsToCsv } from '../state/exportRuns';
import { importRuns, loadFromHistory, refreshHistory, removeFromHistory, toggleOverlay, useLabStore } from '../state/store';
import { downloadText } from './charts/exportChart';
import { fmt } from './format';

/**
 * Finished runs of this lab, kept across reloads (IndexedDB): overlay on the charts, load back into the form,
 * delete, export as CSV (training series, final figures) or JSON.
 */
export function HistoryPanel() {
  const history = useLabStore((s) => s.history);
  const unreadable = useLabStore((s) => s.unreadable);
  const overlayIds = useLabStore(selectOverlayIds);
  const lab = useLabStore((s) => s.lab);
  useEffect(() => {
    void refreshHistory();
  }, [lab]);
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
            <button onClick={() => downloadText(runsToCsv(history), `${lab}-series-${stamp()}.csv`, 'text/csv')} data-testid="history.csv">
              Export series CSV
            </button>
            <button onClick={() => downloadText(finalMetricsToCsv(history), `${lab}-final-${stamp()}.csv`, 'text/csv')}>Export final figures CSV</button>
            <button onClick={() => downloadText(runsToJson(history), `${lab}-runs-${stamp()}.json`, 'application/json')} data-testid="history.json">
              Export JSON
            </button>
          </div>
          <table className="history">
            <thead>
              <tr>
                <th scope="col">overlay</th>
                <th scope="col">run</th>
                <th scope="col">status</th>
                <th scope="col">backend</th>
                <th scope="col">final w</th>
                <th scope="col">revenue</th>
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
                      disabled={r.config.policy !== undefined && r.config.policy !== 'linear'}
                      title={r.config.policy !== undefined && r.config.policy !== 'linear' ? 'Only linear runs draw a slope curve to overlay' : 'Draw this run’s mean slope on the w chart'}
                    />
                  </td>
                  <td>
                    {r.label}
                    <div className="help">{new Date(r.finishedAt ?? r.startedAt).toLocaleString()}</div>
                  </td>
                  <td className={`status-${r.status}`}>{r.status}{r.error ? `: ${r.error}` : ''}</td>
                  <td>{r.backend}</td>
                  <td className="num">{Array.isArray(r.final?.w) ? (r.final.w).map((w) => fmt(w, 3)).join(', ') : '—'}</td>
                  <td className="num">{fmt(r.final?.revenue)}</td>
                  <td>
                    <button onClick={() => loadFromHistory(r.id)} aria-label={`Load settings of ${r.label}`}>Load</button>{' '}
                    <button onClick={() => void removeFromHistory(r.id)} aria-label={`Delete ${r.label}`}>Delete</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
