import { useContext, type ReactNode } from 'react';
import { PresenterContext } from './presenterContext';

/**
 * An explanatory paragraph. On a laptop it is a plain paragraph; in presenter mode it collapses to its first
 * line (a `<details>` whose summary is the text, clipped with an ellipsis), so the charts and numbers the room
 * reads fit on the projector, and a click or Enter on the line expands it; `hideInPresenter` leaves it out there.
 */
export function Explainer({ children, testId, hideInPresenter = false }: { children: ReactNode; testId?: string; hideInPresenter?: boolean }) {
  const presenting = useContext(PresenterContext);
  // A second explanation under the lab's own gives the projector's height to the charts instead.
  if (presenting && hideInPresenter) return null;
  if (!presenting) {
    return (
      <p className="lab-intro" data-testid={testId}>
        {children}
      </p>
    );
  }
  return (
    <details className="lab-intro explainer" data-testid={testId}>
      <summary title="Show the whole explanation">{children}</summary>
    </details>
  );
}
