import { startTransition, useEffect, useState } from 'react';

/**
 * Returns `value`, but updates it `slot × STAGGER_MS` after it changes, each chart in its own macrotask.
 * Several charts fed from one store update then re-render one per task instead of all in one long task, so
 * the page stays responsive while a run streams (DESIGN rule 5: no main-thread task over 50 ms).
 */
export const STAGGER_MS = 40;

export function useStaggered<T>(value: T, slot: number): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (shown === value) return;
    // A transition render is time-sliced: React yields to the browser every few milliseconds.
    const t = setTimeout(() => startTransition(() => setShown(value)), slot * STAGGER_MS);
    return () => clearTimeout(t);
  }, [value, slot, shown]);
  return shown;
}
