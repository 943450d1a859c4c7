/** Widest viewport (CSS px) laid out as one column with the results under the Run panel: a phone. */
export const NARROW_SCREEN_PX = 640;

/**
 * On a narrow screen, bring the lab's results (its view, below the title and introduction) to the top of the screen, so the
 * curves a tap on Run starts are in view rather than below the settings. Does nothing on wider screens.
 */
export function showResultsOnNarrowScreen(): void {
  if (typeof window === 'undefined' || !window.matchMedia(`(max-width: ${NARROW_SCREEN_PX}px)`).matches) return;
  // After the frame that draws the new run (narrow screens turn scroll anchoring off in styles.css, so the
  // results growing below their top afterwards leave them where this puts them).
  requestAnimationFrame(() =>
    requestAnimationFrame(() => (document.getElementById('lab-results') ?? document.getElementById('lab-panel'))?.scrollIntoView({ block: 'start', behavior: 'auto' })),
  );
}
