import { parseServerMessage, SESSION_PATH, type ClientMessage, type ServerMessage } from '../../core/session/protocol';

/**
 * One browser tab's WebSocket to the classroom session server (`SESSION_PATH` on the page's own origin, which the
 * Content-Security-Policy's `connect-src 'self'` allows), reconnecting by itself: after a dropped connection (a
 * server restart, a phone that slept) it retries with capped exponential backoff and calls `onOpen` again so the
 * page can resume its role (`host-resume` or `join` with the seat token). Every frame received is parsed with the
 * protocol's `parseServerMessage`; one that does not parse never reaches the page as it was sent.
 */

/**
 * `connecting`: first attempt; `open`; `reconnecting`: was open (or has failed before), retrying;
 * `unreachable`: the first attempt failed without ever opening (no session server at this address: the static app);
 * `closed`: closed by the page.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unreachable' | 'closed';

export interface ConnectionHandlers {
  onMessage(message: ServerMessage): void;
  onState(state: ConnectionState): void;
  /** Called on every open (first and after each reconnect). */
  onOpen(): void;
  /** A frame from the server that did not parse (reason as one line). */
  onBadFrame?(reason: string): void;
}

/** First retry delay and its cap (ms). Backoff doubles per failed attempt: 0.5, 1, 2, 4, 4, … s. */
export const RETRY_FIRST_MS = 500;
export const RETRY_MAX_MS = 4000;

/** The session endpoint of the page's origin: `ws://host/session`, or `wss:` under https. */
export function sessionUrl(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${SESSION_PATH}`;
}

export class SessionConnection {
  private socket: WebSocket | null = null;
  private retryMs = RETRY_FIRST_MS;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private everOpened = false;
  private stopped = false;
  private state: ConnectionState = 'connecting';

  constructor(
    private readonly url: string,
    private readonly handlers: ConnectionHandlers,
    /** Keep retrying after a first failure (student pages); the launcher stops at `unreachable`. */
    private readonly retryWhenUnreachable = true,
  ) {
    this.connect();
  }

  /** The connection state now. */
  get current(): ConnectionState {
    return this.state;
  }

  /** Send a message; false when the socket is not open (the caller says so; nothing is queued). */
  send(message: ClientMessage): boolean {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Close for good (no reconnect). */
  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close();
    this.setState('closed');
  }

  private setState(s: ConnectionState): void {
    if (s === this.state) return;
    this.state = s;
    this.handlers.onState(s);
  }

  private connect(): void {
    if (this.stopped) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.failed();
      return;
    }
    this.socket = ws;
    ws.onopen = () => {
      this.everOpened = true;
      this.retryMs = RETRY_FIRST_MS;
      this.setState('open');
      this.handlers.onOpen();
    };
    ws.onmessage = (e: MessageEvent) => {
      if (typeof e.data !== 'string') return this.handlers.onBadFrame?.('a binary frame');
      const r = parseServerMessage(e.data);
      if (r.ok) this.handlers.onMessage(r.message);
      else this.handlers.onBadFrame?.(r.reason);
    };
    ws.onclose = () => {
      if (this.socket === ws) this.socket = null;
      this.failed();
    };
  }

  private failed(): void {
    if (this.stopped) return;
    if (!this.everOpened && !this.retryWhenUnreachable) {
      this.setState('unreachable');
      return;
    }
    this.setState(this.everOpened ? 'reconnecting' : this.state === 'connecting' ? 'unreachable' : this.state);
    this.timer = setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
  }
}
