import { dismissNotice, useLabStore } from '../state/store';

/** Messages for the user: bad links (what was wrong, what was used), failed runs. */
export function NoticeBanner() {
  const notices = useLabStore((s) => s.notices);
  return (
    <>
      {notices.map((n) => (
        <div key={n.id} className={`banner ${n.level}`} role={n.level === 'error' ? 'alert' : 'status'} data-testid="banner">
          <p>{n.text}</p>
          <button onClick={() => dismissNotice(n.id)} aria-label="Dismiss message">
            ✕
          </button>
        </div>
      ))}
    </>
  );
}
