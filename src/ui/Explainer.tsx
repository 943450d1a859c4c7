import { useContext, type ReactNode } from 'react';
import { PresenterContext } from './presenterContext';

/**
 * An explanatory paragraph. On a laptop it is a plain paragraph; in presenter mode it collapses to its first
 * line (a `<details>` whose summary is the text, clipped with an ellipsis), so the charts and numbers the room
 * reads fit on the projector, and a click or Enter on the line expands it.
 */
export function Explainer({ children, testId }: { children: ReactNode; testId?: string }) {
  const presenting = useContext(PresenterContext);
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
