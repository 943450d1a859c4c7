import { useEffect } from 'react';
import { aggregateProgress, currentRuns, selectConfig } from '../../state/selectors';
import { cancelAll, pauseRuns, resumeRuns, setPace, useLabStore } from '../../state/store';
import { showResultsOnNarrowScreen } from './showResults';
import { startChecked } from './startChecked';
import { useShallow } from 'zustand/react/shallow';
import { fmtDuration, fmtInt } from '../format';
import { progressCount } from './progressText';
import { findLab, labs } from '../../core/labs/registry';

const PACES = [
  { value: 0, label: 'Full speed' },
  { value: 2000, label: '2,000 steps/s' },
  { value: 500, label: '500 steps/s' },
  { value: 100, label: '100 steps/s (watch it move)' },
  { value: 25, label: '25 steps/s (slow motion)' },
];

/**
 * Run / Pause / Resume / Cancel, the pace selector (so a class can watch the curve at a readable speed),
 * and a progress bar with steps/s and ETA. Keyboard: Space pauses and resumes when focus is not in a field.
 */
export function RunControls() {
  const runs = useLabStore(useShallow(currentRuns));
  const pace = useLabStore((s) => s.pace);
  const lab = useLabStore((s) => findLab(s.lab) ?? labs[0]);
  const config = useLabStore(selectConfig);
  // What the progress counts (steps, auctions, designs …) and whether the display pace applies to this job.
  const unit = lab.progressUnit(config);
  const paced = lab.paced?.(config) ?? true;
  const p = aggregateProgress(runs);
  const fraction = p.total ? p.done / p.total : 0;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.code !== 'Space' || (t && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(t.tagName))) return;
      e.preventDefault();
      const s = aggregateProgress(currentRuns(useLabStore.getState()));
      if (s.paused) resumeRuns();
      else if (s.active) pauseRuns();
      else startChecked();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="panel run-panel" aria-label="Run">
      <h2>Run</h2>
      <div className="run-controls">
        <button className="primary" data-testid="run.start" onClick={() => { startChecked(); showResultsOnNarrowScreen(); }} title="Start (Space)">
          {p.active ? 'Restart' : 'Run'}
        </button>
        {p.paused ? (
          <button data-testid="run.resume" onClick={resumeRuns}>
            Resume
          </button>
        ) : (
          <button data-testid="run.pause" onClick={pauseRuns} disabled={!p.active}>
            Pause
          </button>
        )}
        <button data-testid="run.cancel" onClick={cancelAll} disabled={!p.active}>
          Cancel
        </button>
      </div>
      {paced && <div className="field" style={{ marginTop: 10 }}>
        <label htmlFor="pace">
          <span>Pace</span>
          <span className="unit">display speed, not the result</span>
        </label>
        <select id="pace" data-testid="run.pace" value={pace} onChange={(e) => setPace(Number(e.target.value))}>
          {PACES.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>}
      <span className="visually-hidden" aria-live="polite">
        {p.status === 'idle' ? '' : `Run ${p.status}`}
      </span>
      <div className="progress" data-testid="run.progress" data-status={p.status}>
        <div
          className="progress-bar"
          role="progressbar"
          aria-label="Training progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(fraction * 100)}
        >
          <div style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
        </div>
        <div className="stats">
          <span>
            {p.status === 'idle'
              ? 'Press Run (or Space) to start'
              : progressCount(p, unit)}
          </span>
          <span>
            {p.status === 'running' && `${fmtInt(p.rate)} ${unit}/s · ETA ${fmtDuration(p.etaSeconds)}`}
            {p.status === 'paused' && 'paused'}
            {p.status === 'done' && 'done'}
            {p.status === 'cancelled' && 'cancelled'}
            {p.status === 'failed' && 'failed'}
          </span>
        </div>
      </div>
    </section>
  );
}
