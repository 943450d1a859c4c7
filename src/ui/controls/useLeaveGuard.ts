import { useEffect } from 'react';
import { checkpointActiveRuns } from '../../state/store';

/**
 * While `active` (a run in progress in any lab), reloading or closing the tab asks first: the browser shows its
 * own "leave site?" prompt (the text cannot be chosen; `preventDefault` on `beforeunload` asks for it). When the
 * page is hidden or closed anyway, the runs' latest curves are written to the run history, where they are kept as
 * interrupted.
 */
export function useLeaveGuard(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Chromium before 119 asked only when returnValue was set.
      e.returnValue = 'A run is in progress.';
    };
    const save = () => checkpointActiveRuns();
    window.addEventListener('beforeunload', ask);
    window.addEventListener('pagehide', save);
    return () => {
      window.removeEventListener('beforeunload', ask);
      window.removeEventListener('pagehide', save);
    };
  }, [active]);
}
