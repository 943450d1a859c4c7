import { encodeExperiment } from '../presets/urlCodec';
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
 * defaults with a banner), write it on every change (replaceState: no history spam), and reload when the
 * user pastes another link into the address bar.
 */
export function startUrlSync(): () => void {
  loadFromHash(location.hash);
  let written = location.hash.replace(/^#/, '');
  const write = () => {
    const hash = encodeExperiment(visibleExperiment(useLabStore.getState()));
    if (hash !== written) {
      written = hash;
      try {
        history.replaceState(null, '', `#${hash}`);
      } catch {
        // Some browsers throttle replaceState (e.g. ~100 calls in 30 s); the next change writes again.
      }
    }
  };
  write();
  // Sliders fire many changes a second: write the hash once they settle.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = useLabStore.subscribe((s, prev) => {
    const now = activeSlot(s);
    const before = activeSlot(prev);
    if (s.lab !== prev.lab || now.config !== before.config || now.seed !== before.seed) {
      if (timer) clearTimeout(timer);
      timer = setTimeout(write, URL_WRITE_DELAY_MS);
    }
  });
  const onHash = () => {
    const hash = location.hash.replace(/^#/, '');
    if (hash !== written) {
      written = hash;
      loadFromHash(hash);
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
