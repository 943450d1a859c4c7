import type { WebSocket } from 'ws';
import { randomRoomCode, randomSecret, sameSecret, type RandomBytes } from '../core/session/codes';
import { MAX_MESSAGE_CHARS, MAX_UPLOAD_CHARS, parseClientMessage, type ClientMessage, type ErrorCode, type ServerMessage } from '../core/session/protocol';
import { applyAll, createEvent, hostCommand, joinRoom, Room, submitBid, tick, type RoomEvent } from '../core/session/room';
import { sessionCsv, sessionExport } from '../core/session/sessionExport';
import { hostView, studentView } from '../core/session/views';
import { TokenBucket, WrongCodeLimiter } from './rateLimit';
import { loadRooms, logPath, RoomLog } from './roomLog';

/**
 * The authoritative rooms of one server process and the connections to them: parses every frame
 * (`parseClientMessage`), applies the room state machine (`core/session/room.ts`), appends each event to the
 * room's log before anyone is told, runs the round timers and sends each client its own view.
 */

/** Limits of the hub (defaults in `DEFAULT_LIMITS`). */
export interface HubLimits {
  /** Rooms not yet ended one server holds (ended rooms stay readable: rejoin, export). */
  maxRooms: number;
  /** Messages per second per connection (sustained) and the burst allowed. */
  messagesPerSecond: number;
  messageBurst: number;
  /** The same for a connection that proved the host secret (an instructor clicks in bursts: open, close, reveal). */
  hostMessagesPerSecond: number;
  hostMessageBurst: number;
  /** Wrong room codes per connection within `wrongCodeWindowMs` before joins are refused. */
  maxWrongCodes: number;
  wrongCodeWindowMs: number;
}

export const DEFAULT_LIMITS: HubLimits = { maxRooms: 200, messagesPerSecond: 10, messageBurst: 30, hostMessagesPerSecond: 50, hostMessageBurst: 100, maxWrongCodes: 5, wrongCodeWindowMs: 60_000 };

export interface HubOptions {
  logDir: string;
  now: () => number;
  randomBytes: RandomBytes;
  limits?: Partial<HubLimits>;
  warn?: (message: string) => void;
  onCreate?: (code: string) => void;
}

type Role = { kind: 'host'; code: string } | { kind: 'student'; code: string; seat: number } | null;

interface Conn {
  ws: WebSocket;
  bucket: TokenBucket;
  wrong: WrongCodeLimiter;
  role: Role;
}

interface Entry {
  room: Room;
  log: RoomLog;
  hosts: Set<Conn>;
  /** seat → its open connections (a student may have two tabs). */
  students: Map<number, Set<Conn>>;
  timer: ReturnType<typeof setTimeout> | null;
  countsTimer: ReturnType<typeof setTimeout> | null;
  viewTimer: ReturnType<typeof setTimeout> | null;
}

/** Milliseconds between two live `counts` to the hosts, and between two full host views while students bid. */
const COUNTS_MS = 150;
const HOST_VIEW_MS = 1000;

export class SessionHub {
  private readonly rooms = new Map<string, Entry>();
  private readonly conns = new Set<Conn>();
  private readonly limits: HubLimits;
  private readonly warn: (message: string) => void;

  constructor(private readonly opts: HubOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.warn = opts.warn ?? (() => {});
    for (const room of loadRooms(opts.logDir, this.warn)) {
      const entry = this.entryOf(room);
      // A round whose timer ran out while the server was down closes at its deadline.
      this.commit(entry, tick(room, opts.now()));
      this.schedule(entry);
    }
  }

  /** Codes of the rooms held that have not ended. */
  activeRooms(): string[] {
    return [...this.rooms.values()].filter((e) => e.room.phase !== 'ended').map((e) => e.room.code);
  }

  private entryOf(room: Room): Entry {
    const entry: Entry = { room, log: new RoomLog(logPath(this.opts.logDir, room.code)), hosts: new Set(), students: new Map(), timer: null, countsTimer: null, viewTimer: null };
    this.rooms.set(room.code, entry);
    return entry;
  }

  /** Attach a new WebSocket connection. */
  connect(ws: WebSocket): void {
    const now = this.opts.now();
    const conn: Conn = { ws, bucket: new TokenBucket(this.limits.messagesPerSecond, this.limits.messageBurst, now), wrong: new WrongCodeLimiter(this.limits.maxWrongCodes, this.limits.wrongCodeWindowMs), role: null };
    this.conns.add(conn);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return this.error(conn, 'invalid-message', 'send JSON text frames');
      this.receive(conn, (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8'));
    });
    ws.on('close', () => this.disconnect(conn));
    ws.on('error', () => this.disconnect(conn));
  }

  private disconnect(conn: Conn): void {
    if (!this.conns.delete(conn)) return;
    this.leave(conn);
  }

  /** The connection becomes a host of `entry`'s room (its rate limit becomes the host's). */
  private becomeHost(conn: Conn, entry: Entry, now: number): void {
    this.leave(conn);
    conn.role = { kind: 'host', code: entry.room.code };
    conn.bucket = new TokenBucket(this.limits.hostMessagesPerSecond, this.limits.hostMessageBurst, now);
    entry.hosts.add(conn);
  }

  /** Drop the connection from the room it was in (presence changes). */
  private leave(conn: Conn): void {
    const role = conn.role;
    if (!role) return;
    const entry = this.rooms.get(role.code);
    if (!entry) return;
    if (role.kind === 'host') entry.hosts.delete(conn);
    else {
      const set = entry.students.get(role.seat);
      set?.delete(conn);
      if (set && set.size === 0) entry.students.delete(role.seat);
      this.liveCounts(entry);
    }
    conn.role = null;
  }

  private send(conn: Conn, msg: ServerMessage): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(msg));
  }

  private error(conn: Conn, code: ErrorCode, message: string): void {
    this.send(conn, { type: 'error', code, message });
  }

  /** Handle one text frame. */
  receive(conn: Conn, text: string): void {
    const now = this.opts.now();
    if (!conn.bucket.take(now)) return this.error(conn, 'rate-limited', `too many messages; at most ${this.limits.messagesPerSecond} per second`);
    const parsed = parseClientMessage(text, conn.role?.kind === 'host' ? MAX_UPLOAD_CHARS : MAX_MESSAGE_CHARS);
    if (!parsed.ok) return this.send(conn, parsed.error);
    try {
      this.dispatch(conn, parsed.message, now);
    } catch (e) {
      // A defect must not take every room down with it: the sender is told, the server goes on.
      this.warn(`message ${parsed.message.type} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      this.error(conn, 'invalid-message', 'the server could not handle this message');
    }
  }

  /** The room of a code, or null after answering `no-such-room` (counted as a wrong code). */
  private lookup(conn: Conn, code: string, now: number): Entry | null {
    const entry = this.rooms.get(code);
    if (entry) return entry;
    conn.wrong.recordWrong(now);
    this.error(conn, 'no-such-room', 'no such room: check the code');
    return null;
  }

  private dispatch(conn: Conn, msg: ClientMessage, now: number): void {
    if (msg.type === 'create') return this.create(conn, msg.settings, now);
    if (msg.type === 'bid') return this.bid(conn, msg.round, msg.bid, now);
    const blocked = conn.wrong.blockedFor(now);
    if (blocked > 0) return this.error(conn, 'rate-limited', `too many wrong room codes; try again in ${Math.ceil(blocked / 1000)} s`);
    const entry = this.lookup(conn, msg.code, now);
    if (!entry) return;
    const room = entry.room;
    if (msg.type === 'join') {
      const decision = joinRoom(room, { name: msg.name, seatToken: msg.seatToken }, now, randomSecret(this.opts.randomBytes));
      if (decision.error) return this.error(conn, decision.error.code, decision.error.message);
      this.commit(entry, decision.events);
      const seat = decision.seat!;
      this.leave(conn);
      conn.role = { kind: 'student', code: room.code, seat };
      let set = entry.students.get(seat);
      if (!set) entry.students.set(seat, (set = new Set()));
      set.add(conn);
      this.send(conn, { type: 'joined', code: room.code, seat, seatToken: room.students[seat].token });
      this.send(conn, studentView(room, seat, now));
      this.liveCounts(entry);
      return;
    }
    if (!sameSecret(msg.secret, room.secret)) return this.error(conn, 'not-host', 'wrong host secret: only the instructor controls this room');
    if (conn.role?.kind !== 'host' || conn.role.code !== room.code) this.becomeHost(conn, entry, now);
    if (msg.type === 'host-resume') return this.send(conn, hostView(room, now, this.presence(entry)));
    const decision = hostCommand(room, msg.command, now);
    if (decision.error) return this.error(conn, decision.error.code, decision.error.message);
    this.commit(entry, decision.events);
    if (msg.command.kind === 'export') {
      const session = sessionExport(room);
      return this.send(conn, { type: 'export', session, csv: sessionCsv(session) });
    }
    this.broadcast(entry, now);
    this.schedule(entry);
  }

  private create(conn: Conn, settings: Room['settings'], now: number): void {
    if (this.activeRooms().length >= this.limits.maxRooms) return this.error(conn, 'room-full', `the server holds its most rooms (${this.limits.maxRooms}); end one first`);
    let code = randomRoomCode(this.opts.randomBytes);
    while (this.rooms.has(code)) code = randomRoomCode(this.opts.randomBytes);
    const secret = randomSecret(this.opts.randomBytes);
    const seedBytes = this.opts.randomBytes(4);
    const seed = ((seedBytes[0] << 23) | (seedBytes[1] << 15) | (seedBytes[2] << 7) | (seedBytes[3] >> 1)) >>> 0;
    const ev = createEvent(settings, now, code, secret, seed);
    const room = new Room(ev);
    const entry = this.entryOf(room);
    entry.log.append([ev]);
    this.becomeHost(conn, entry, now);
    this.send(conn, { type: 'created', code, secret });
    this.opts.onCreate?.(code);
    this.send(conn, hostView(room, now, this.presence(entry)));
  }

  private bid(conn: Conn, round: number, fields: readonly (string | number)[], now: number): void {
    const role = conn.role;
    if (role?.kind !== 'student') return this.error(conn, 'not-joined', 'join a room before bidding');
    const entry = this.rooms.get(role.code);
    if (!entry) return this.error(conn, 'not-joined', 'join a room before bidding');
    const decision = submitBid(entry.room, role.seat, round, fields, now);
    if (decision.error) return this.error(conn, decision.error.code, decision.error.message);
    this.commit(entry, decision.events);
    const bid = entry.room.current!.bids.get(role.seat)!;
    for (const c of entry.students.get(role.seat) ?? []) {
      if (c === conn) this.send(c, { type: 'bid-accepted', round, bid });
      this.send(c, studentView(entry.room, role.seat, now));
    }
    this.liveCounts(entry);
  }

  /** Log, then apply (the log is ahead of every view). */
  private commit(entry: Entry, events: readonly RoomEvent[]): void {
    if (events.length === 0) return;
    entry.log.append(events);
    applyAll(entry.room, events);
  }

  private presence(entry: Entry): Set<number> {
    return new Set(entry.students.keys());
  }

  /** Every host gets the host view, every student connection its own view. */
  private broadcast(entry: Entry, now: number): void {
    const hv = hostView(entry.room, now, this.presence(entry));
    for (const c of entry.hosts) this.send(c, hv);
    for (const [seat, set] of entry.students) {
      const text = JSON.stringify(studentView(entry.room, seat, now));
      for (const c of set) if (c.ws.readyState === c.ws.OPEN) c.ws.send(text);
    }
  }

  /** Throttled `counts` (and, less often, the full host view with its roster) after joins, bids and departures. */
  private liveCounts(entry: Entry): void {
    if (!entry.countsTimer) {
      entry.countsTimer = setTimeout(() => {
        entry.countsTimer = null;
        const room = entry.room;
        const msg: ServerMessage = { type: 'counts', round: room.current?.round ?? 0, joined: room.students.length, connected: entry.students.size, bidsIn: room.current?.bids.size ?? 0 };
        for (const c of entry.hosts) this.send(c, msg);
      }, COUNTS_MS);
    }
    if (!entry.viewTimer) {
      entry.viewTimer = setTimeout(() => {
        entry.viewTimer = null;
        const hv = hostView(entry.room, this.opts.now(), this.presence(entry));
        for (const c of entry.hosts) this.send(c, hv);
      }, HOST_VIEW_MS);
    }
  }

  /** (Re)arm the room's round timer. */
  private schedule(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    const closesAt = entry.room.closesAt;
    if (closesAt === null || entry.room.phase !== 'open') return;
    entry.timer = setTimeout(() => {
      entry.timer = null;
      const now = this.opts.now();
      const events = tick(entry.room, now);
      if (events.length === 0) return this.schedule(entry);
      this.commit(entry, events);
      this.broadcast(entry, now);
    }, Math.max(0, closesAt - this.opts.now()));
  }

  /** Stop every timer and close every log (connections are closed by the server). */
  close(): void {
    for (const entry of this.rooms.values()) {
      for (const t of [entry.timer, entry.countsTimer, entry.viewTimer]) if (t) clearTimeout(t);
      entry.log.close();
    }
    this.rooms.clear();
  }
}
