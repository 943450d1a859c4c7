import { truthfulTwoTier } from '../valuations/abatement';
import type { HostView, StudentResult, StudentView } from './protocol';
import type { Room } from './room';

/**
 * What each side sees of a room (`HostView`, `StudentView` in `protocol.ts`). A student's view is built from its
 * own seat only: no other seat's type, bid or result is read into it.
 */

/** Who is connected now (seat numbers), kept by the server; the views only count and flag them. */
export type Presence = ReadonlySet<number>;

function clock(room: Room, now: number) {
  return { serverNow: now, closesAt: room.closesAt, pausedRemainingMs: room.pausedRemainingMs, paused: room.paused };
}

/** Students with a bid in the current round. */
export function bidsIn(room: Room): number {
  return room.current?.bids.size ?? 0;
}

/** The instructor's view. */
export function hostView(room: Room, now: number, connected: Presence): HostView {
  const cur = room.current;
  const revealed = room.rounds.filter((r) => r.revealed);
  return {
    type: 'host',
    code: room.code,
    settings: room.settings,
    phase: room.phase,
    round: cur?.round ?? 0,
    mechanism: room.mechanism,
    ...clock(room, now),
    joined: room.students.length,
    connected: connected.size,
    bidsIn: bidsIn(room),
    policiesLoaded: room.policies !== null,
    roster: room.students.map((s) => ({ seat: s.seat, name: s.name, connected: connected.has(s.seat), hasBid: cur?.bids.has(s.seat) ?? false })),
    history: revealed.map((r) => r.summary!),
    lastReveal: revealed.at(-1)?.reveal ?? null,
  };
}

/** A student's own view of the room. */
export function studentView(room: Room, seat: number, now: number): StudentView {
  const cur = room.current;
  const firm = cur ? cur.firms[seat] : null;
  const results: StudentResult[] = [];
  for (const r of room.rounds) {
    const res = r.revealed ? r.results.get(seat) : undefined;
    if (res) results.push(res);
  }
  return {
    type: 'student',
    code: room.code,
    seat,
    name: room.students[seat]?.name ?? null,
    phase: room.phase,
    round: cur?.round ?? 0,
    mechanism: room.mechanism,
    priceRule: room.settings.priceRule,
    supply: room.settings.supply,
    reserve: room.settings.reserve,
    ...clock(room, now),
    firm: firm ? { c: firm.c, e: firm.e } : null,
    truthfulBid: firm ? [...truthfulTwoTier(firm)] : null,
    bid: cur?.bids.get(seat) ?? null,
    result: cur?.revealed ? (cur.results.get(seat) ?? null) : null,
    results,
  };
}
