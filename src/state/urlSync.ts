import { encodeExperiment } from '../presets/urlCodec';
import { historyWriteFor, initialHistoryPolicy, strongerWrite, type ExperimentChange, type HistoryWrite } from './historyPolicy';
import { activeSlot, loadFromHash, useLabStore, type LabState } from './store';

/** The experiment the visible lab shows: what the URL describes. */
function visibleExperiment(s: LabState): { lab: string; config: Record<string, unknown>; seed: number } {
  const { config, seed } = activeSlot(s);
  return { lab: s.lab, config, seed };
}

/** The shareable link of the current experiment. */
export function experimentLink(): string {
  const base = typeof location !== 'undefined' ? `${location.origin}${location.pathname}` : '';
  return `${base}#${encodeExperiment(visibleExperiment(useLabStore.getState()))}`;
}

/** Delay before the URL hash follows a change (ms). */
export const URL_WRITE_DELAY_MS = 150;

/**
 * Keep the URL hash and the experiment in step: read the hash once at start (bad links fall back to
 * defaults with a banner), write it on every change, and load the experiment the address names when it
 * changes (Back, Forward, a pasted link). Switching lab, choosing a preset and each burst of settings edits
 * get their own browser-history entry (`historyPolicy.ts`), so Back returns to the previous experiment.
 */
export function startUrlSync(now: () => number = () => performance.now()): () => void {
  const policy = initialHistoryPolicy();
  let restoring = false;
  const restore = (hash: string) => {
    restoring = true;
    try {
      loadFromHash(hash);
    } finally {
      restoring = false;
    }
    historyWriteFor('restore', now(), policy);
  };
  restore(location.hash);
  let written = location.hash.replace(/^#/, '');
  let pending: HistoryWrite | null = null;
  const write = () => {
    const mode = pending ?? 'replace';
    pending = null;
    const hash = encodeExperiment(visibleExperiment(useLabStore.getState()));
    if (hash === written) return;
    written = hash;
    try {
      if (mode === 'push') history.pushState(null, '', `#${hash}`);
      else history.replaceState(null, '', `#${hash}`);
    } catch {
      // Some browsers throttle history writes (e.g. ~100 calls in 30 s); the next change writes again.
    }
  };
  write();
  // Sliders fire many changes a second: write the hash once they settle.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = useLabStore.subscribe((s, prev) => {
    const current = activeSlot(s);
    const before = activeSlot(prev);
    if (s.lab === prev.lab && current.config === before.config && current.seed === before.seed) return;
    const change: ExperimentChange = restoring
      ? 'restore'
      : s.lab !== prev.lab
        ? 'lab'
        : current.presetId !== null && current.presetId !== before.presetId
          ? 'preset'
          : 'settings';
    pending = strongerWrite(pending, historyWriteFor(change, now(), policy));
    if (timer) clearTimeout(timer);
    timer = setTimeout(write, URL_WRITE_DELAY_MS);
  });
  const onHash = () => {
    const hash = location.hash.replace(/^#/, '');
    if (hash !== written) {
      written = hash;
      restore(hash);
      // What the address named may read back normalised (clamped fields): rewrite it in place.
      pending = 'replace';
      write();
    }
  };
  window.addEventListener('hashchange', onHash);
  return () => {
    if (timer) clearTimeout(timer);
    unsubscribe();
    window.removeEventListener('hashchange', onHash);
  };
}
