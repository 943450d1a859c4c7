import { currentRuns } from '../state/selectors';
import {
  activeSlot, cancelAll, checkpointsOf, crashWorkerOf, heartbeatsOf, killWorkerOf, loadFromHash, pauseRuns, resumeRuns, setBackend, setField, setPace, startRun, useLabStore,
  type BackendRequest,
} from '../state/store';

/**
 * `window.__lab`: a typed test API for Playwright (built only with VITE_TEST_BRIDGE=1). Tests read state
 * through it instead of pixels, and drive the same actions the buttons call.
 */
export function installTestBridge(): void {
  Object.assign(window, { __lab: makeApi() });
}

/** The test API (mirrored by e2e/support/labPage.ts). */
function makeApi() {
  return {
    state() {
      const s = useLabStore.getState();
      const slot = activeSlot(s);
      return {
        lab: s.lab,
        config: slot.config,
        seed: slot.seed,
        backend: s.backend,
        notices: s.notices.map((n) => n.text),
        fieldIssues: slot.fieldIssues,
        historyCount: s.history.length,
        history: s.history.map((h) => ({ id: h.id, status: h.status, rows: (h.series.train ?? Object.values(h.series)[0])?.length ?? 0 })),
        runs: currentRuns(s).map((r) => ({
          id: r.id,
          status: r.status,
          backend: r.backend,
          backendReason: r.backendReason,
          // The lab's main series: `train` (learn-to-bid) or else the first one it streams (e.g. `eval`).
          rows: (r.series.train ?? Object.values(r.series)[0])?.length ?? 0,
          lastRow: (r.series.train ?? Object.values(r.series)[0])?.at(-1) ?? null,
          final: r.final ?? null,
          error: r.error ?? null,
          progress: r.snapshots.progress ?? null,
          bidFunctions: r.snapshots.bidFunctions ?? null,
        })),
      };
    },
    start: startRun,
    pause: pauseRuns,
    resume: resumeRuns,
    cancel: cancelAll,
    setField,
    setBackend: (b: BackendRequest) => setBackend(b),
    setPace,
    crashWorkerOf,
    killWorkerOf,
    heartbeatsOf,
    checkpointsOf,
    loadHash: loadFromHash,
  };
}

