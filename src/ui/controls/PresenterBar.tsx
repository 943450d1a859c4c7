import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { aggregateProgress, currentRuns, selectPresetId } from '../../state/selectors';
import type { Preset } from '../../core/labs/types';
import { applyPreset, pauseRuns, resumeRuns, useLabStore } from '../../state/store';
import { startChecked } from './startChecked';
import { fmtDuration } from '../format';

/**
 * Presenter mode's controls (the sidebar is hidden): one large Start / Pause / Resume button, the progress in
 * words and a compact preset picker. Space still starts and pauses (RunControls stays mounted, only hidden); Escape leaves presenter mode.
 * Entering it moves the focus to the Start button (to Leave in a lab without runs), so it never falls to the page.
 */
export function PresenterBar({ onExit, manual, presets }: { onExit: () => void; manual: boolean; presets: readonly Preset[] }) {
  const presetId = useLabStore(selectPresetId);
  const runs = useLabStore(useShallow(currentRuns));
  const p = aggregateProgress(runs);
  const startRef = useRef<HTMLButtonElement>(null);
  const exitRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    (startRef.current ?? exitRef.current)?.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onExit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onExit]);
  const label = p.paused ? 'Resume' : p.active ? 'Pause' : p.status === 'idle' ? 'Start' : 'Start again';
  const act = () => (p.paused ? resumeRuns() : p.active ? pauseRuns() : startChecked());
  return (
    <section className="presenter-bar" data-testid="presenter.bar" aria-label="Presenter controls">
      {!manual && (
        <button ref={startRef} className="primary presenter-start" data-testid="presenter.start" onClick={act} title="Space">
          {label}
        </button>
      )}
      {!manual && (
        <span className="presenter-progress" aria-live="polite">
          {p.status === 'idle' ? 'Press Start or Space' : p.status === 'running' ? `${Math.round((100 * p.done) / Math.max(1, p.total))}% · ${fmtDuration(p.etaSeconds)} left` : p.status}
        </span>
      )}
      {presets.length > 0 && (
        <select
          className="presenter-preset"
          aria-label="Preset"
          data-testid="presenter.preset"
          value={presetId ?? ''}
          onChange={(e) => e.target.value && applyPreset(e.target.value)}
        >
          {presetId === null && <option value="">Custom settings</option>}
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      )}
      <span className="spacer" />
      <button ref={exitRef} onClick={onExit} data-testid="presenter.exit" title="Escape">
        Leave presenter mode
      </button>
    </section>
  );
}
