import { selectAnyRunInProgress, selectConfig, selectPresetId } from '../state/selectors';
import { Suspense, useEffect, useState, type KeyboardEvent } from 'react';
import { findLab, labs } from '../core/labs/registry';
import { selectLab, useLabStore } from '../state/store';
import { BackendChip, BackendPicker } from '../ui/controls/BackendControl';
import { ConfigForm } from '../ui/controls/ConfigForm';
import { CopyLinkButton } from '../ui/controls/CopyLinkButton';
import { PresenterBar } from '../ui/controls/PresenterBar';
import { PresetList } from '../ui/controls/PresetList';
import { RunControls } from '../ui/controls/RunControls';
import { useLeaveGuard } from '../ui/controls/useLeaveGuard';
import { HistoryPanel } from '../ui/HistoryPanel';
import { Explainer } from '../ui/Explainer';
import { PresenterContext } from '../ui/presenterContext';
import { labViews } from '../ui/labs/registry';
import { NoticeBanner } from '../ui/NoticeBanner';
import { ErrorBoundary } from './ErrorBoundary';

/** The shell: lab picker, settings and run controls on the left, the lab's view and run history on the right. */
export function App() {
  const labId = useLabStore((s) => s.lab);
  const lab = findLab(labId) ?? labs[0];
  const view = labViews[lab.id];
  const presetId = useLabStore(selectPresetId);
  const config = useLabStore(selectConfig);
  const shown = labs.filter((l) => labViews[l.id]);
  // WAI-ARIA tabs: arrow keys move between labs, Home/End jump to the ends.
  const onTabKey = (e: KeyboardEvent<HTMLElement>) => {
    const i = shown.findIndex((l) => l.id === lab.id);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? shown.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const target = shown[(next + shown.length) % shown.length];
    selectLab(target.id);
    requestAnimationFrame(() => document.getElementById(`tab-${target.id}`)?.focus());
  };
  const preset = lab.presets.find((p) => p.id === presetId);
  // Presenter mode (for a class): large type, the sidebar and history hidden, one Start button. The sidebar stays
  // mounted (hidden by CSS) so Space keeps starting and pausing through RunControls.
  const [presenting, setPresenting] = useState(false);
  useLeaveGuard(useLabStore(selectAnyRunInProgress));
  useEffect(() => {
    document.body.classList.toggle('presenter', presenting);
  }, [presenting]);
  const manual = !!view?.manual?.(config);
  // Leaving presenter mode gives the focus back to the button that entered it (it is drawn again first).
  const leavePresenter = () => {
    setPresenting(false);
    requestAnimationFrame(() => document.getElementById('presenter-enter')?.focus());
  };
  return (
    <>
      <header className="app-header">
        <h1>Auction Lab</h1>
        <nav className="lab-tabs" aria-label="Labs" role="tablist" onKeyDown={onTabKey}>
          {shown.map((l) => (
            <button
              key={l.id}
              id={`tab-${l.id}`}
              role="tab"
              aria-selected={l.id === lab.id}
              aria-controls="lab-panel"
              tabIndex={l.id === lab.id ? 0 : -1}
              data-testid={`lab.${l.id}`}
              onClick={() => selectLab(l.id)}
              title={l.summary}
            >
              {l.title}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        {!manual && <BackendChip />}
        <CopyLinkButton />
        {!presenting && (
          <button id="presenter-enter" onClick={() => setPresenting(true)} data-testid="presenter.enter" title="Large type, controls hidden, one Start button (Escape leaves)">
            Presenter mode
          </button>
        )}
      </header>
      {presenting && <PresenterBar manual={manual} presets={lab.presets} onExit={leavePresenter} />}
      <NoticeBanner />
      <div className="layout">
        <aside className="sidebar">
          {!view?.manual?.(config) && <RunControls />}
          <PresetList presets={lab.presets} />
          <section className="panel" aria-label="Settings">
            <h2>Settings</h2>
            <ConfigForm schema={lab.schema} hidden={[...lab.inapplicable(config), ...(view?.editedInView?.(config) ?? [])]} />
            {!view?.manual?.(config) && <BackendPicker />}
          </section>
        </aside>
        <main className="main">
          <PresenterContext.Provider value={presenting}>
          <div className="lab-panel" id="lab-panel" role="tabpanel" aria-labelledby={`tab-${lab.id}`}>
            <div>
              <h2 className="lab-title">{preset ? preset.title : lab.title}</h2>
              <Explainer testId="lab.description">{preset ? preset.description : lab.summary}</Explainer>
            </div>
            <ErrorBoundary key={lab.id}>
              <div id="lab-results" className="lab-results">
                <Suspense fallback={<div className="panel">Loading the lab…</div>}>{view ? <view.View /> : <p>This lab has no view yet.</p>}</Suspense>
              </div>
            </ErrorBoundary>
            {!manual && !presenting && <HistoryPanel />}
          </div>
          </PresenterContext.Provider>
        </main>
      </div>
    </>
  );
}
