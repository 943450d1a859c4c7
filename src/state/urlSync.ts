import { encodeExperiment } from '../presets/urlCodec';
import { loadFromHash, useLabStore } from './store';

/** The shareable link of the current experiment. */
export function experimentLink(): string {
  const { lab, config, seed } = useLabStore.getState();
  const base = typeof location !== 'undefined' ? `${location.origin}${location.pathname}` : '';
  return `${base}#${encodeExperiment({ lab, config, seed })}`;
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
    const { lab, config, seed } = useLabStore.getState();
    const hash = encodeExperiment({ lab, config, seed });
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
    if (s.lab !== prev.lab || s.config !== prev.config || s.seed !== prev.seed) {
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
