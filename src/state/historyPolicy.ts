/**
 * When a change of the experiment gets its own browser-history entry (so Back returns to the previous experiment)
 * and when it only rewrites the current one.
 *
 * - Switching lab and choosing a preset: a new entry each.
 * - Editing settings: one entry per burst of edits. An edit that comes at least {@link SETTINGS_PAUSE_MS} after
 *   the previous edit starts a new entry; the edits that follow it closely (typing, dragging a slider) rewrite it.
 * - Restoring an experiment from the address (Back, Forward, a pasted link): never a new entry.
 */

/** What changed the experiment. */
export type ExperimentChange = 'lab' | 'preset' | 'settings' | 'restore';

/** How the URL follows: a new history entry, or the current one rewritten. */
export type HistoryWrite = 'push' | 'replace';

/** Quiet time after which a settings edit starts a new history entry (ms). */
export const SETTINGS_PAUSE_MS = 1000;

/** The history policy's memory: when the last settings edit came (ms on the caller's clock). */
export interface HistoryPolicyState {
  lastSettingsAt: number;
}

export const initialHistoryPolicy = (): HistoryPolicyState => ({ lastSettingsAt: -Infinity });

/**
 * How the URL should follow `change` at time `now` (ms, any monotone clock); mutates `state`.
 */
export function historyWriteFor(change: ExperimentChange, now: number, state: HistoryPolicyState): HistoryWrite {
  switch (change) {
    case 'lab':
    case 'preset':
      state.lastSettingsAt = -Infinity;
      return 'push';
    case 'restore':
      state.lastSettingsAt = -Infinity;
      return 'replace';
    case 'settings': {
      const fresh = now - state.lastSettingsAt >= SETTINGS_PAUSE_MS;
      state.lastSettingsAt = now;
      return fresh ? 'push' : 'replace';
    }
  }
}

/** The stronger of two pending writes (several changes may fold into one URL write). */
export const strongerWrite = (a: HistoryWrite | null, b: HistoryWrite): HistoryWrite => (a === 'push' || b === 'push' ? 'push' : 'replace');
