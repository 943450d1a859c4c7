import { encodeExperiment } from '../presets/urlCodec';
import { loadFromHash, useLabStore } from './store';

/** The shareable link of the current experiment. */
export function experimentLink(): string {
  const { lab, config, seed } = useLabStore.getState();
  const base = typeof location !== 'undefined' ? `${location.origin}${location.pathname}` : '';
  return `${base}#${encodeExperiment({ lab, config, seed })}`;
}

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
      history.replaceState(null, '', `#${hash}`);
    }
  };
  write();
  const unsubscribe = useLabStore.subscribe((s, prev) => {
    if (s.lab !== prev.lab || s.config !== prev.config || s.seed !== prev.seed) write();
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
    unsubscribe();
    window.removeEventListener('hashchange', onHash);
  };
}
