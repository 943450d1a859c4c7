import type { FirmType } from '../labs/permitAuction/fields';
import { drawRound, parseBid } from '../labs/permitAuction/play';
import type { BatchedMlp } from '../learning/mlp';
import type { PpoPolicySnapshot } from '../learning/ppoAgents';
import type { MultiUnitMechanismId } from '../mechanisms/multiUnit';
import type { FirmPrior } from '../priors/firms';
import { aggregateBidSteps, clearRound, summarize, trueDemandCurve, type MarketFirm, type RoundClearing } from './market';
import { networksOf, ppoBids, readPolicies } from './ppoSeats';
import type { ErrorCode, HostCommand, Phase, RoomSettings, RoundReveal, RoundSummary, StudentResult } from './protocol';

/**
 * The room state machine of a classroom session, pure: every change is an event (`RoomEvent`, plain JSON, the
 * lines of the room's log) applied by `applyEvent`; commands (`hostCommand`, `joinRoom`, `submitBid`, `tick`)
 * check the current state and return the events to apply, or an error for the sender. Time comes in as `now`
 * (epoch ms) and randomness as values already drawn (codes, tokens), so replaying the log rebuilds the same room.
 */

/** One line of a room's log. `t` is the server time (epoch ms) the event happened. */
export type RoomEvent =
  | { e: 'create'; t: number; code: string; secret: string; settings: RoomSettings; seed: number }
  | { e: 'join'; t: number; seat: number; token: string; name: string | null }
  | { e: 'rename'; t: number; seat: number; name: string | null }
  | { e: 'bid'; t: number; seat: number; round: number; bid: number[] }
  | { e: 'deal'; t: number; round: number; drawIndex: number; mechanism: MultiUnitMechanismId }
  | { e: 'mechanism'; t: number; mechanism: MultiUnitMechanismId }
  | { e: 'open'; t: number; closesAt: number | null }
  | { e: 'close'; t: number }
  | { e: 'reveal'; t: number }
  | { e: 'pause'; t: number }
  | { e: 'resume'; t: number; closesAt: number | null }
  | { e: 'policies'; t: number; policies: PpoPolicySnapshot }
  | { e: 'end'; t: number };

/** A refusal, for the sender only. */
export interface RoomError {
  code: ErrorCode;
  message: string;
}
export type Decision = { events: RoomEvent[]; error?: undefined } | { events?: undefined; error: RoomError };

/** A seated student. `name` is verbatim user text (or null: anonymous). */
export interface Student {
  seat: number;
  token: string;
  name: string | null;
}

/** A dealt round. */
export interface Round {
  round: number;
  drawIndex: number;
  mechanism: MultiUnitMechanismId;
  /** Every seat's type this round (students first, then PPO seats). */
  firms: FirmType[];
  /** The PPO seats' mean bids (index = seat − studentSeats), or null without policies. */
  ppoBids: number[][] | null;
  /** Students' accepted bids by seat. */
  bids: Map<number, number[]>;
  openedAt: number | null;
  closedAt: number | null;
  clearing: RoundClearing | null;
  summary: RoundSummary | null;
  reveal: RoundReveal | null;
  /** Each bidding student's result (seat → result), filled at the close. */
  results: Map<number, StudentResult>;
  revealed: boolean;
}

/** The late-bid message students see. */
export const LATE_BID_MESSAGE = 'The round closed before your bid arrived; it was not counted.';

/** A room. Mutated only by `applyEvent`. */
export class Room {
  readonly code: string;
  readonly secret: string;
  readonly createdAt: number;
  readonly settings: RoomSettings;
  readonly seed: number;
  readonly prior: FirmPrior;
  phase: Phase = 'lobby';
  /** Mechanism of the current round (or of the next one dealt). */
  mechanism: MultiUnitMechanismId;
  policies: PpoPolicySnapshot | null = null;
  net: BatchedMlp | null = null;
  readonly students: Student[] = [];
  readonly byToken = new Map<string, number>();
  readonly rounds: Round[] = [];
  closesAt: number | null = null;
  paused = false;
  pausedRemainingMs: number | null = null;
  /** Every event applied, in order (what the log holds). */
  readonly events: RoomEvent[] = [];

  constructor(create: Extract<RoomEvent, { e: 'create' }>) {
    this.code = create.code;
    this.secret = create.secret;
    this.createdAt = create.t;
    this.settings = create.settings;
    this.seed = create.seed;
    this.mechanism = create.settings.mechanism;
    const p = create.settings.prior;
    this.prior = { cMin: p.cMin, cMax: p.cMax, eMin: p.eMin, eMax: p.eMax };
    this.events.push(create);
  }

  /** Seats for students (the first ones); the rest are PPO seats. */
  get studentSeats(): number {
    return this.settings.seats - this.settings.ppoSeats;
  }

  /** The current round (the last dealt), or null in the lobby. */
  get current(): Round | null {
    return this.rounds.at(-1) ?? null;
  }

  /** Rebuild a room from its log. Throws when the first event is not `create`. */
  static fromEvents(events: readonly RoomEvent[]): Room {
    const first = events[0];
    if (!first || first.e !== 'create') throw new Error('a room log starts with its create event');
    const room = new Room(first);
    for (const ev of events.slice(1)) applyEvent(room, ev);
    return room;
  }
}

const refuse = (code: ErrorCode, message: string): Decision => ({ error: { code, message } });

/** The create event of a new room (code, secret and seed drawn by the caller from its CSPRNG). */
export function createEvent(settings: RoomSettings, now: number, code: string, secret: string, randomSeed: number): Extract<RoomEvent, { e: 'create' }> {
  return { e: 'create', t: now, code, secret, settings, seed: settings.seed ?? randomSeed };
}

/** Apply one event (assumed decided by the commands below, or read from the room's own log). */
export function applyEvent(room: Room, ev: RoomEvent): void {
  room.events.push(ev);
  const cur = room.current;
  switch (ev.e) {
    case 'create':
      throw new Error('create starts a room; it is not applied to one');
    case 'join': {
      room.students[ev.seat] = { seat: ev.seat, token: ev.token, name: ev.name };
      room.byToken.set(ev.token, ev.seat);
      return;
    }
    case 'rename':
      room.students[ev.seat].name = ev.name;
      return;
    case 'bid':
      cur!.bids.set(ev.seat, ev.bid);
      return;
    case 'deal': {
      const firms = drawRound(room.prior, room.settings.seats, room.seed, ev.drawIndex);
      const ppo = firms.slice(room.studentSeats);
      room.rounds.push({
        round: ev.round,
        drawIndex: ev.drawIndex,
        mechanism: ev.mechanism,
        firms,
        ppoBids: room.net && ppo.length > 0 ? ppoBids(room.net, ppo, room.prior, room.settings.reserve) : null,
        bids: new Map(),
        openedAt: null,
        closedAt: null,
        clearing: null,
        summary: null,
        reveal: null,
        results: new Map(),
        revealed: false,
      });
      room.mechanism = ev.mechanism;
      room.phase = 'ready';
      return;
    }
    case 'mechanism':
      room.mechanism = ev.mechanism;
      if (cur && room.phase === 'ready') cur.mechanism = ev.mechanism;
      return;
    case 'open':
      cur!.openedAt = ev.t;
      room.closesAt = ev.closesAt;
      room.phase = 'open';
      return;
    case 'pause':
      room.paused = true;
      room.pausedRemainingMs = room.closesAt === null ? null : Math.max(0, room.closesAt - ev.t);
      room.closesAt = null;
      return;
    case 'resume':
      room.paused = false;
      room.pausedRemainingMs = null;
      room.closesAt = ev.closesAt;
      return;
    case 'close':
      closeRound(room, cur!, ev.t);
      return;
    case 'reveal':
      cur!.revealed = true;
      room.phase = 'revealed';
      return;
    case 'policies': {
      room.policies = ev.policies;
      room.net = networksOf(ev.policies);
      return;
    }
    case 'end':
      room.phase = 'ended';
      room.closesAt = null;
      room.paused = false;
      room.pausedRemainingMs = null;
      return;
  }
}

/** The market of a round at its close: students with a bid (seat order), then the PPO seats (when they bid). */
export function marketOf(room: Room, r: Round): MarketFirm[] {
  const market: MarketFirm[] = [];
  for (const [seat, bid] of [...r.bids].sort((a, b) => a[0] - b[0])) market.push({ seat, kind: 'student', firm: r.firms[seat], bid });
  r.ppoBids?.forEach((bid, i) => {
    const seat = room.studentSeats + i;
    market.push({ seat, kind: 'ppo', firm: r.firms[seat], bid });
  });
  return market;
}

function closeRound(room: Room, r: Round, t: number): void {
  r.closedAt = t;
  room.phase = 'closed';
  room.closesAt = null;
  room.paused = false;
  room.pausedRemainingMs = null;
  const market = marketOf(room, r);
  const rules = { mechanism: r.mechanism, supply: room.settings.supply, reserve: room.settings.reserve, priceRule: room.settings.priceRule };
  const clearing = clearRound(rules, market, room.seed + r.round);
  r.clearing = clearing;
  r.summary = summarize(clearing, r.round, r.drawIndex, r.mechanism);
  r.reveal = {
    summary: r.summary,
    supply: room.settings.supply,
    bidSteps: aggregateBidSteps(market.map((m) => m.bid)),
    trueDemand: trueDemandCurve(market.map((m) => m.firm)),
  };
  market.forEach((m, j) => {
    const alone = clearing.alone[j];
    if (m.kind !== 'student' || !alone) return;
    r.results.set(m.seat, {
      round: r.round,
      mechanism: r.mechanism,
      bid: [...m.bid],
      permits: clearing.outcome.allocation[j],
      payment: clearing.outcome.payments[j],
      profit: clearing.outcome.profits[j],
      truthfulPermits: alone.permits,
      truthfulPayment: alone.payment,
      truthfulProfit: alone.profit,
      clearingPrice: clearing.outcome.price,
    });
  });
}

/** Events of dealing the next round: a fresh draw, or (`replay`) the last round's draw again. */
function deal(room: Room, now: number, replay: boolean, mechanism = room.mechanism): RoomEvent {
  const cur = room.current;
  const maxDraw = room.rounds.reduce((m, r) => Math.max(m, r.drawIndex), 0);
  return { e: 'deal', t: now, round: (cur?.round ?? 0) + 1, drawIndex: replay && cur ? cur.drawIndex : maxDraw + 1, mechanism };
}

function openEvent(room: Room, now: number): RoomEvent {
  const s = room.settings.timerSeconds;
  return { e: 'open', t: now, closesAt: s > 0 ? now + s * 1000 : null };
}

/**
 * Decide an instructor command (the secret is checked by the caller, `checkHost`). `export` decides no events.
 * See `HostCommand` in `protocol.ts` for each command's meaning.
 */
export function hostCommand(room: Room, cmd: HostCommand, now: number): Decision {
  const phase = room.phase;
  if (phase === 'ended' && cmd.kind !== 'export') return refuse('ended', 'the session has ended');
  const cur = room.current;
  switch (cmd.kind) {
    case 'export':
      return { events: [] };
    case 'next':
      if (phase === 'lobby' || phase === 'revealed') return { events: [deal(room, now, false)] };
      return refuse('bad-phase', phase === 'ready' ? `round ${cur!.round} is already dealt; open it` : phase === 'open' ? 'close the open round first' : 'reveal the closed round first');
    case 'open':
      if (phase === 'ready') return { events: [openEvent(room, now)] };
      if (phase === 'lobby' || phase === 'revealed') return { events: [deal(room, now, false), openEvent(room, now)] };
      return refuse('bad-phase', phase === 'open' ? 'the round is already open' : 'reveal the closed round first');
    case 'close':
      if (phase === 'open') return { events: [{ e: 'close', t: now }] };
      return refuse('bad-phase', 'no round is open');
    case 'reveal':
      if (phase === 'closed') return { events: [{ e: 'reveal', t: now }] };
      return refuse('bad-phase', phase === 'open' ? 'close the round before revealing it' : 'no closed round to reveal');
    case 'pause':
      if (phase === 'open' && !room.paused) return { events: [{ e: 'pause', t: now }] };
      return refuse('bad-phase', room.paused ? 'the round is already paused' : 'only an open round can be paused');
    case 'resume':
      if (phase === 'open' && room.paused) return { events: [{ e: 'resume', t: now, closesAt: room.pausedRemainingMs === null ? null : now + room.pausedRemainingMs }] };
      return refuse('bad-phase', 'the round is not paused');
    case 'switch':
      if (phase === 'lobby' || phase === 'ready') return { events: [{ e: 'mechanism', t: now, mechanism: cmd.mechanism }] };
      if (phase === 'revealed') return { events: [deal(room, now, true, cmd.mechanism)] };
      return refuse('bad-phase', phase === 'open' ? 'switch the mechanism between rounds, not while one is open' : 'reveal the closed round first');
    case 'end': {
      const events: RoomEvent[] = [];
      if (phase === 'open') events.push({ e: 'close', t: now });
      if (phase === 'open' || phase === 'closed') events.push({ e: 'reveal', t: now });
      events.push({ e: 'end', t: now });
      return { events };
    }
    case 'upload-policies': {
      const r = readPolicies(cmd.policies);
      if (!r.ok) return refuse('policies-invalid', r.reason);
      return { events: [{ e: 'policies', t: now, policies: r.policies }] };
    }
  }
}

/**
 * A student joins (`seatToken` absent) or rejoins (`seatToken` of an earlier join: same seat, type and bid; the
 * name changes only when a new one is given). `newToken` is a fresh seat token from the caller's CSPRNG.
 * Returns the events and the seat.
 */
export function joinRoom(room: Room, req: { name?: string; seatToken?: string }, now: number, newToken: string): (Decision & { seat?: number }) {
  const name = req.name === undefined || req.name === '' ? null : req.name;
  if (req.seatToken !== undefined) {
    const seat = room.byToken.get(req.seatToken);
    if (seat === undefined) return refuse('bad-seat-token', 'this seat token is not from this room; join again without it');
    const events: RoomEvent[] = req.name !== undefined && name !== room.students[seat].name ? [{ e: 'rename', t: now, seat, name }] : [];
    return { events, seat };
  }
  if (room.phase === 'ended') return refuse('ended', 'the session has ended');
  if (room.students.length >= room.studentSeats) return refuse('room-full', `all ${room.studentSeats} seats are taken`);
  if (room.byToken.has(newToken)) return refuse('room-full', 'could not issue a seat; try again');
  const seat = room.students.length;
  return { events: [{ e: 'join', t: now, seat, token: newToken, name }], seat };
}

/**
 * A student's bid for round `round`, fields as typed ([pH, qH, pL, qL]), validated exactly as the lab's form
 * (`parseBid` against the student's own type). Refused when the round is not open (late bids after the close,
 * with `LATE_BID_MESSAGE`), paused, past its deadline, or for another round.
 */
export function submitBid(room: Room, seat: number, round: number, fields: readonly (string | number)[], now: number): Decision {
  const cur = room.current;
  if (room.phase === 'ended') return refuse('ended', 'the session has ended');
  if (!cur || round > cur.round) return refuse('bad-phase', 'bidding has not opened for this round yet');
  if (round < cur.round) return refuse('late-bid', LATE_BID_MESSAGE);
  if (room.phase === 'ready') return refuse('bad-phase', 'bidding has not opened for this round yet');
  if (room.phase !== 'open') return refuse('late-bid', LATE_BID_MESSAGE);
  if (room.closesAt !== null && now >= room.closesAt) return refuse('late-bid', LATE_BID_MESSAGE);
  if (room.paused) return refuse('bad-phase', 'the instructor paused the round; bids are taken again when it resumes');
  const r = parseBid(fields.map((f) => (typeof f === 'number' ? String(f) : f)), cur.firms[seat]);
  if (r.issue !== undefined) return refuse('bid-invalid', r.issue);
  return { events: [{ e: 'bid', t: now, seat, round, bid: r.bid }] };
}

/** The timer: the close of an open, unpaused round whose deadline has passed (at the deadline's time), else nothing. */
export function tick(room: Room, now: number): RoomEvent[] {
  if (room.phase === 'open' && !room.paused && room.closesAt !== null && now >= room.closesAt) return [{ e: 'close', t: room.closesAt }];
  return [];
}

/** Apply a decision's events to the room; returns them (for the log). */
export function applyAll(room: Room, events: readonly RoomEvent[]): readonly RoomEvent[] {
  for (const ev of events) applyEvent(room, ev);
  return events;
}
