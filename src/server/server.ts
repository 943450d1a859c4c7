import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { warmUpClearing } from '../core/session/market';
import { MAX_UPLOAD_CHARS, SESSION_PATH } from '../core/session/protocol';
import { SessionHub, type HubLimits } from './hub';
import { serveStatic } from './staticFiles';

/**
 * One Node process, one port: the built app over HTTP and the classroom session over WebSocket at `SESSION_PATH`.
 */

export interface ServerOptions {
  /** Port to listen on (0: any free port). */
  port: number;
  /** Interface to listen on ('0.0.0.0' for the LAN, '127.0.0.1' for tests). */
  host: string;
  /** Folder of the room logs (created if absent); replayed on start. */
  logDir: string;
  /** Folder of the built app. */
  distDir: string;
  limits?: Partial<HubLimits>;
  now?: () => number;
  warn?: (message: string) => void;
  /** Clear a synthetic 300-firm market under each mechanism before listening (default true; tests skip it). */
  warmUp?: boolean;
  /** Called with the code of each room created (the terminal prints its join link). */
  onCreate?: (code: string) => void;
}

export interface RunningServer {
  port: number;
  hub: SessionHub;
  /** Stop accepting, close every connection and log. */
  close(): Promise<void>;
}

/** Heartbeat: a connection that answers no ping within this interval is closed. */
const PING_MS = 30_000;

export function startServer(opts: ServerOptions): Promise<RunningServer> {
  if (opts.warmUp !== false) warmUpClearing();
  const hub = new SessionHub({ logDir: opts.logDir, now: opts.now ?? Date.now, randomBytes: (n) => randomBytes(n), limits: opts.limits, warn: opts.warn, onCreate: opts.onCreate });
  const http = createServer((req, res) => serveStatic(opts.distDir, req, res));
  // UTF-8 needs up to 3 bytes per UTF-16 unit; the character limits are checked on the decoded text.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 3 * MAX_UPLOAD_CHARS });
  const alive = new WeakMap<object, boolean>();
  http.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== SESSION_PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      hub.connect(ws);
    });
  });
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) ws.terminate();
      else {
        alive.set(ws, false);
        ws.ping();
      }
    }
  }, PING_MS);
  heartbeat.unref();
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port, opts.host, () => {
      const address = http.address();
      const port = typeof address === 'object' && address ? address.port : opts.port;
      resolve({
        port,
        hub,
        close: () =>
          new Promise<void>((done) => {
            clearInterval(heartbeat);
            for (const ws of wss.clients) ws.terminate();
            wss.close();
            hub.close();
            http.closeAllConnections();
            http.close(() => done());
          }),
      });
    });
  });
}
