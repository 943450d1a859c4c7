import type { ConnectionState } from './connection';

/** A line saying when the page is not connected to the session server (nothing while connected). */
export function ConnectionNote({ state, testId, unreachable }: { state: ConnectionState; testId: string; /** What to do when no server answers. */ unreachable: string }) {
  const text =
    state === 'connecting'
      ? 'Connecting to the session server…'
      : state === 'reconnecting'
        ? 'Connection lost. Reconnecting… (nothing you sent before is lost)'
        : state === 'unreachable'
          ? `Cannot reach the session server. Retrying… ${unreachable}`
          : null;
  return (
    <p className={text ? 'session-connection' : 'visually-hidden'} role="status" data-testid={testId} data-state={state}>
      {text ?? 'Connected.'}
    </p>
  );
}
