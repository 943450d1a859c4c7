import { useEffect, useRef, useState } from 'react';
import type { ClientMessage, ServerMessage } from '../../core/session/protocol';
import { SessionConnection, sessionUrl, type ConnectionState } from './connection';

/**
 * A session connection for the lifetime of a component: the latest `onMessage` and `onOpen` are called (no stale
 * closures), `send` says whether the message went out. `enabled` false holds no connection.
 */
export function useConnection(
  onMessage: (m: ServerMessage) => void,
  onOpen: () => void,
  { enabled = true, retryWhenUnreachable = true }: { enabled?: boolean; retryWhenUnreachable?: boolean } = {},
): { state: ConnectionState; send: (m: ClientMessage) => boolean } {
  const [state, setState] = useState<ConnectionState>('connecting');
  const conn = useRef<SessionConnection | null>(null);
  const handlers = useRef({ onMessage, onOpen });
  useEffect(() => {
    handlers.current = { onMessage, onOpen };
  });
  useEffect(() => {
    if (!enabled) return;
    setState('connecting');
    const c = new SessionConnection(
      sessionUrl(),
      {
        onMessage: (m) => handlers.current.onMessage(m),
        onOpen: () => handlers.current.onOpen(),
        onState: setState,
      },
      retryWhenUnreachable,
    );
    conn.current = c;
    return () => {
      c.close();
      if (conn.current === c) conn.current = null;
    };
  }, [enabled, retryWhenUnreachable]);
  const send = useRef((m: ClientMessage) => conn.current?.send(m) ?? false).current;
  return { state, send };
}

/**
 * Milliseconds left on a round clock, counted down locally from the arrival of the message that carried it
 * (`closesAt − serverNow` at arrival, so a phone's clock skew does not matter); null without a running timer.
 */
export function useCountdown(clock: { serverNow: number; closesAt: number | null; paused: boolean; pausedRemainingMs: number | null } | null): number | null {
  const [arrived, setArrived] = useState(() => performance.now());
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    setArrived(performance.now());
  }, [clock]);
  const running = !!clock && !clock.paused && clock.closesAt !== null;
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(t);
  }, [running]);
  if (!clock) return null;
  if (clock.paused) return clock.pausedRemainingMs;
  if (clock.closesAt === null) return null;
  return Math.max(0, clock.closesAt - clock.serverNow - Math.max(0, now - arrived));
}

/** Seconds left as "1:05". */
export function clockText(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
