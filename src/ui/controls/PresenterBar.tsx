import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { aggregateProgress, currentRuns } from '../../state/selectors';
import { pauseRuns, resumeRuns, useLabStore } from '../../state/store';
import { startChecked } from './startChecked';
import { fmtDuration } from '../format';

/**
 * Presenter mode's only control (the sidebar is hidden): one large Start / Pause / Resume button and the progress
 * in words. Space still starts and pauses (RunControls stays mounted, only hidden); Escape leaves presenter mode.
 * Entering it moves the focus to the Start button (to Leave in a lab without runs), so it never falls to the page.
 */
export function PresenterBar({ onExit, manual }: { onExit: () => void; manual: boolean }) {
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
    <div className="presenter-bar" data-testid="presenter.bar">
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
      <span className="spacer" />
      <button ref={exitRef} onClick={onExit} data-testid="presenter.exit" title="Escape">
        Leave presenter mode
      </button>
    </div>
  );
}
