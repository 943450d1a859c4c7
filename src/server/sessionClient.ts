import * as v from 'valibot';
import { WebSocket } from 'ws';
import { ServerMessage } from '../core/session/protocol';

/**
 * A plain WebSocket client of the session endpoint, for the integration tests and the load test: it keeps what
 * arrives and hands out the next message of a type, within a bounded wait. Frames are read as a header first
 * (type, round, phase); the full protocol parse runs only on the messages asked for (or on every one with
 * `validateAll`), so one process can play hundreds of phones.
 */

type Msg = ServerMessage;
type Of<T extends Msg['type']> = Extract<Msg, { type: T }>;

const Header = v.looseObject({ type: v.string(), round: v.optional(v.number()), phase: v.optional(v.string()), code: v.optional(v.string()), message: v.optional(v.string()) });
type Header = v.InferOutput<typeof Header>;

export interface ClientOptions {
  /** Parse every incoming message with the protocol's schema (throws on one that does not parse). */
  validateAll?: boolean;
  /** Throw on an `error` message instead of keeping it. */
  throwOnError?: boolean;
  /** Longest wait for one message (ms). */
  waitMs?: number;
}

/** `raw` parsed with the protocol's schema when it is a message of `type`, else null. */
function parseAs<T extends Msg['type']>(type: T, raw: unknown): Of<T> | null {
  const r = v.safeParse(ServerMessage, raw);
  return r.success && r.output.type === type ? (r.output as Of<T>) : null;
}

/** Most messages kept unclaimed per client. */
const BACKLOG = 200;

export class SessionClient {
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  private backlog: { h: Header; raw: unknown }[] = [];
  private waiters: { pred: (h: Header, raw: unknown) => boolean; resolve: (raw: unknown) => void; timer: ReturnType<typeof setTimeout> }[] = [];
  private readonly waitMs: number;

  constructor(port: number, private readonly opts: ClientOptions = {}) {
    this.waitMs = opts.waitMs ?? 60_000;
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/session`);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (data) => this.receive(String(data)));
  }

  private receive(text: string): void {
    const raw: unknown = JSON.parse(text);
    const h = v.parse(Header, raw);
    if (this.opts.validateAll) v.parse(ServerMessage, raw);
    if (h.type === 'error' && this.opts.throwOnError) throw new Error(`server error: ${h.code}: ${h.message}`);
    const i = this.waiters.findIndex((w) => w.pred(h, raw));
    if (i < 0) {
      this.backlog.push({ h, raw });
      if (this.backlog.length > BACKLOG) this.backlog.shift();
      return;
    }
    const [w] = this.waiters.splice(i, 1);
    clearTimeout(w.timer);
    w.resolve(raw);
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** The next message matching (a kept one counts; it and those before it are dropped), within the wait. */
  private wait(pred: (h: Header, raw: unknown) => boolean, what: string): Promise<unknown> {
    const i = this.backlog.findIndex((b) => pred(b.h, b.raw));
    if (i >= 0) {
      const { raw } = this.backlog[i];
      this.backlog = this.backlog.slice(i + 1);
      return Promise.resolve(raw);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} message within ${this.waitMs} ms`)), this.waitMs);
      this.waiters.push({ pred, resolve, timer });
    });
  }

  /** Resolves when a message of `type` (and `round`, `phase` where given) arrives; reads only its header. */
  async notice(type: Msg['type'], round?: number, phase?: string): Promise<void> {
    await this.wait((h) => h.type === type && (round === undefined || h.round === round) && (phase === undefined || h.phase === phase), type);
  }

  /** The next message of `type` for which `pred` holds, parsed with the protocol's schema. */
  async next<T extends Msg['type']>(type: T, pred: (m: Of<T>) => boolean = () => true): Promise<Of<T>> {
    // One parse per message looked at: the predicate's parse is kept for the message it accepts.
    let accepted: Of<T> | null = null;
    await this.wait((h, r) => {
      if (h.type !== type) return false;
      const m = parseAs(type, r);
      if (m === null || !pred(m)) return false;
      accepted = m;
      return true;
    }, type);
    if (!accepted) throw new Error(`a ${type} message does not parse`);
    return accepted;
  }

  /**
   * The next message of `type` whose header has this `round` and `phase`, parsed with the protocol's schema; the
   * messages before it are matched on their header alone (the load test's phones wait this way, so one process
   * can play hundreds of them without parsing every view they are sent).
   */
  async nextAt<T extends Msg['type']>(type: T, round: number, phase: string): Promise<Of<T>> {
    const raw = await this.wait((h) => h.type === type && h.round === round && h.phase === phase, type);
    const m = parseAs(type, raw);
    if (!m) throw new Error(`a ${type} message does not parse`);
    return m;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
