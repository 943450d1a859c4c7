import { lazy, Suspense } from 'react';
import type { SessionRoute } from './route';

const StudentPage = lazy(() => import('./StudentPage'));
const HostPage = lazy(() => import('./HostPage'));

/** A class-session page instead of the lab (see `route.ts`), loaded on demand. */
export function SessionRoot({ route }: { route: SessionRoute }) {
  return (
    <Suspense fallback={<p className="session">Loading…</p>}>{route.page === 'student' ? <StudentPage rawCode={route.code} /> : <HostPage rawCode={route.code} />}</Suspense>
  );
}
