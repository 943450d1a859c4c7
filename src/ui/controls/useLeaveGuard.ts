import { useEffect } from 'react';

/**
 * While `active` (a run in progress in any lab), reloading or closing the tab asks first: the browser shows its
 * own "leave site?" prompt (the text cannot be chosen; `preventDefault` on `beforeunload` asks for it).
 */
export function useLeaveGuard(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Chromium before 119 asked only when returnValue was set.
      e.returnValue = 'A run is in progress.';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [active]);
}
