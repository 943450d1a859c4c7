import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { clearAll } from '../labs/permitAuction/clearAll';
import { agentBids, parseBid, playRound, policyNetworks } from '../labs/permitAuction/play';
import { paramCount } from '../learning/mlp';
import type { PpoPolicySnapshot } from '../learning/ppoAgents';
import { createRng } from '../math/rng';
import { truthfulTwoTier } from '../valuations/abatement';
import { randomRoomCode, randomSecret, sameSecret } from './codes';
import { labConfigOf } from './market';
import { parseClientMessage, ROOM_CODE_ALPHABET, Secret, ServerMessage, type RoomSettings } from './protocol';
import { applyAll, createEvent, hostCommand, joinRoom, LATE_BID_MESSAGE, Room, submitBid, tick, type Decision } from './room';
import { sessionCsv, sessionExport } from './sessionExport';
import { hostView, studentView } from './views';

/** A seeded stand-in for the CSPRNG (tests only). */
function fakeRandom(seed: number) {
  const rng = createRng(seed);
  return (n: number) => Uint8Array.from({ length: n }, () => rng.int(256));
}

const SETTINGS: RoomSettings = {
  mechanism: 'uniform',
  priceRule: 'first-rejected',
  supply: 12,
  reserve: 0,
  prior: { cMin: 0.5, cMax: 1.5, eMin: 4, eMax: 8 },
  seats: 5,
  ppoSeats: 2,
  timerSeconds: 60,
  seed: 7,
};

/** Policies of 2 firms with random weights (a trained-like network; the test only needs it deterministic). */
function policies(agents = 2, hidden = 4): PpoPolicySnapshot {
  const rng = createRng(3);
  const P = paramCount(2, hidden, 4);
  return {
    format: 'auction-lab/ppo-policies', version: 1, agents, obsDim: 2, hidden, actDim: 4,
    policyParams: Array.from({ length: agents * P }, () => 0.5 * rng.normal()),
    logStd: new Array<number>(agents * 4).fill(-1),
  };
}

let clock = 1_000_000;
const random = fakeRandom(11);

function ok(room: Room, d: Decision): void {
  if (d.error) throw new Error(`${d.error.code}: ${d.error.message}`);
  applyAll(room, d.events);
}

function newRoom(settings = SETTINGS): Room {
  return new Room(createEvent(settings, clock, randomRoomCode(random), randomSecret(random), 42));
}

function join(room: Room, name?: string): { seat: number; token: string } {
  const token = randomSecret(random);
  const d = joinRoom(room, { name }, clock, token);
  ok(room, d);
  return { seat: d.seat!, token };
}

const host = (room: Room, kind: 'next' | 'open' | 'close' | 'reveal' | 'pause' | 'resume' | 'end') => hostCommand(room, { kind }, clock);

/** A room with policies, three students, round 1 open and bids from seats 0 and 1 (seat 2 sits out). */
function roundWithBids(): { room: Room; bids: string[][] } {
  const room = newRoom();
  ok(room, hostCommand(room, { kind: 'upload-policies', policies: policies() }, clock));
  join(room, 'Ada');
  join(room, 'Bo');
  join(room);
  ok(room, host(room, 'open'));
  const f0 = room.current!.firms[0];
  const bids = [['9', '3', '2', '2'], [String(0.75 * room.current!.firms[1].c * room.current!.firms[1].e), '2', '1', '1']];
  expect(bids[0].map(Number)[1] + bids[0].map(Number)[3]).toBeLessThanOrEqual(f0.e);
  ok(room, submitBid(room, 0, 1, bids[0], clock));
  ok(room, submitBid(room, 1, 1, bids[1], clock));
  return { room, bids };
}

describe('room state machine', () => {
  it('walks lobby → ready → open → closed → revealed → ready → ended, refusing commands out of phase', () => {
    const room = newRoom();
    expect(room.phase).toBe('lobby');
    expect(host(room, 'close').error?.code).toBe('bad-phase');
    expect(host(room, 'reveal').error?.code).toBe('bad-phase');
    expect(host(room, 'pause').error?.code).toBe('bad-phase');
    ok(room, host(room, 'next'));
    expect([room.phase, room.current!.round, room.current!.drawIndex]).toEqual(['ready', 1, 1]);
    expect(host(room, 'next').error?.code).toBe('bad-phase');
    ok(room, host(room, 'open'));
    expect(room.phase).toBe('open');
    expect(room.closesAt).toBe(clock + 60_000);
    expect(host(room, 'open').error?.code).toBe('bad-phase');
    expect(host(room, 'reveal').error?.message).toMatch(/close the round/);
    expect(hostCommand(room, { kind: 'switch', mechanism: 'vcg' }, clock).error?.code).toBe('bad-phase');
    ok(room, host(room, 'close'));
    expect(room.phase).toBe('closed');
    expect(host(room, 'next').error?.code).toBe('bad-phase');
    ok(room, host(room, 'reveal'));
    expect(room.phase).toBe('revealed');
    ok(room, host(room, 'open')); // from revealed: deals round 2 and opens it
    expect([room.phase, room.current!.round, room.current!.drawIndex]).toEqual(['open', 2, 2]);
    ok(room, host(room, 'end'));
    expect(room.phase).toBe('ended');
    expect(room.rounds[1].revealed).toBe(true); // the open round was closed and revealed first
    expect(host(room, 'next').error?.code).toBe('ended');
    expect(joinRoom(room, {}, clock, randomSecret(random)).error?.code).toBe('ended');
  });

  it('switch replays the same type draws under another mechanism', () => {
    const { room } = roundWithBids();
    ok(room, host(room, 'close'));
    ok(room, host(room, 'reveal'));
    ok(room, hostCommand(room, { kind: 'switch', mechanism: 'vcg' }, clock));
    const [r1, r2] = room.rounds;
    expect([room.phase, r2.round, r2.mechanism, r2.drawIndex]).toEqual(['ready', 2, 'vcg', r1.drawIndex]);
    expect(r2.firms).toEqual(r1.firms);
    expect(r2.ppoBids).toEqual(r1.ppoBids);
    ok(room, hostCommand(room, { kind: 'switch', mechanism: 'discriminatory' }, clock)); // in ready: the dealt round's rule
    expect(room.current!.mechanism).toBe('discriminatory');
    ok(room, host(room, 'open'));
    ok(room, host(room, 'close'));
    ok(room, host(room, 'reveal'));
    ok(room, host(room, 'next'));
    expect(room.current!.drawIndex).toBe(2);
    expect(room.current!.firms).not.toEqual(r1.firms);
  });

  it('a rejoin with the seat token gets the same seat, type and bid back; a foreign token is refused', () => {
    const { room } = roundWithBids();
    const token = room.students[1].token;
    const before = studentView(room, 1, clock);
    const d = joinRoom(room, { seatToken: token }, clock, randomSecret(random));
    ok(room, d);
    expect(d.seat).toBe(1);
    expect(d.events).toEqual([]); // no name given: nothing changes
    expect(studentView(room, 1, clock)).toEqual(before);
    expect(before.bid).not.toBeNull();
    const renamed = joinRoom(room, { seatToken: token, name: 'Bea' }, clock, randomSecret(random));
    ok(room, renamed);
    expect(room.students[1].name).toBe('Bea');
    expect(joinRoom(room, { seatToken: randomSecret(random) }, clock, randomSecret(random)).error?.code).toBe('bad-seat-token');
  });

  it('refuses a join when every student seat is taken (room-size cap)', () => {
    const room = newRoom();
    for (let i = 0; i < SETTINGS.seats - SETTINGS.ppoSeats; i++) join(room);
    const d = joinRoom(room, {}, clock, randomSecret(random));
    expect(d.error?.code).toBe('room-full');
  });

  it('bids: change while open; refused before open, while paused, after the deadline and after the close (late)', () => {
    const room = newRoom();
    join(room);
    ok(room, host(room, 'next'));
    expect(submitBid(room, 0, 1, ['5', '1', '1', '1'], clock).error?.code).toBe('bad-phase');
    ok(room, host(room, 'open'));
    ok(room, submitBid(room, 0, 1, ['5', '1', '1', '1'], clock));
    ok(room, submitBid(room, 0, 1, ['6', '1', '2', '1'], clock));
    expect(room.current!.bids.get(0)).toEqual([6, 1, 2, 1]);
    ok(room, host(room, 'pause'));
    expect(submitBid(room, 0, 1, ['5', '1', '1', '1'], clock).error?.message).toMatch(/paused/);
    clock += 10_000;
    ok(room, host(room, 'resume'));
    expect(room.closesAt).toBe(clock + 60_000); // the paused time does not count
    const deadline = room.closesAt!;
    expect(tick(room, deadline - 1)).toEqual([]);
    expect(submitBid(room, 0, 1, ['5', '1', '1', '1'], deadline)).toEqual({ error: { code: 'late-bid', message: LATE_BID_MESSAGE } });
    const closing = tick(room, deadline + 500);
    expect(closing).toEqual([{ e: 'close', t: deadline }]);
    applyAll(room, closing);
    expect(room.phase).toBe('closed');
    expect(submitBid(room, 0, 1, ['5', '1', '1', '1'], clock).error).toEqual({ code: 'late-bid', message: LATE_BID_MESSAGE });
    expect(room.current!.bids.get(0)).toEqual([6, 1, 2, 1]); // the bid in before the close counted
    ok(room, host(room, 'reveal'));
    ok(room, host(room, 'open'));
    expect(submitBid(room, 0, 1, ['5', '1', '1', '1'], clock).error?.code).toBe('late-bid'); // round 1's form, round 2 open
  });

  it('validates a bid exactly as the lab form does (same messages)', () => {
    const room = newRoom();
    join(room);
    ok(room, host(room, 'open'));
    const me = room.current!.firms[0];
    const cases = [['2', '1', '5', '1'], ['abc', '1', '1', '1'], ['', '1', '1', '1'], ['5', '-1', '1', '1'], ['5', String(me.e), '1', '1'], ['5', '1', '1', 'Infinity']];
    for (const fields of cases) {
      const want = parseBid(fields, me).issue;
      expect(want).toBeDefined();
      expect(submitBid(room, 0, 1, fields, clock).error).toEqual({ code: 'bid-invalid', message: want });
    }
    // Numbers are read as the form reads their text.
    ok(room, submitBid(room, 0, 1, [5, 1, 1, 1], clock));
  });

  it('clearing a round equals clearing the same bids in the lab (outcome, and each student against truthful bidding)', () => {
    const { room } = roundWithBids();
    ok(room, host(room, 'close'));
    const r = room.current!;
    const c = r.clearing!;
    // The market: the two students who bid (seats 0, 1), then the PPO seats 3, 4; seat 2 sat out.
    expect(c.firms.map((m) => [m.seat, m.kind])).toEqual([[0, 'student'], [1, 'student'], [3, 'ppo'], [4, 'ppo']]);
    const firms = c.firms.map((m) => m.firm);
    const bids = c.firms.map((m) => [...m.bid]);
    const lab = clearAll({ ...labConfigOf({ mechanism: 'uniform', supply: 12, reserve: 0, priceRule: 'first-rejected' }, firms, bids.map((b) => [[b[0], b[1]], [b[2], b[3]]])) }, room.seed + 1);
    expect(c.outcome).toEqual(lab.uniform);
    for (const j of [0, 1]) {
      const play = playRound(labConfigOf({ mechanism: 'uniform', supply: 12, reserve: 0, priceRule: 'first-rejected' }, firms, []), 'uniform', firms, bids, j, bids[j], room.seed + 1);
      const res = r.results.get(c.firms[j].seat)!;
      expect(res.profit).toBeCloseTo(play.profit, 12);
      expect(res.truthfulProfit).toBeCloseTo(play.truthfulProfit, 12);
      expect(res.truthfulPermits).toBeCloseTo(play.truthfulOutcome.allocation[j], 12);
    }
    expect(r.results.has(2)).toBe(false);
  });

  it('the same comparison holds under VCG and pay-as-bid', () => {
    for (const mechanism of ['vcg', 'discriminatory'] as const) {
      const room = newRoom({ ...SETTINGS, mechanism });
      ok(room, hostCommand(room, { kind: 'upload-policies', policies: policies() }, clock));
      join(room);
      join(room);
      ok(room, host(room, 'open'));
      ok(room, submitBid(room, 0, 1, ['8', '2', '3', '2'], clock));
      ok(room, submitBid(room, 1, 1, ['4', '3', '0.5', '1'], clock));
      ok(room, host(room, 'close'));
      const c = room.current!.clearing!;
      const firms = c.firms.map((m) => m.firm);
      const bids = c.firms.map((m) => [...m.bid]);
      const cfg = labConfigOf({ mechanism, supply: 12, reserve: 0, priceRule: 'first-rejected' }, firms, []);
      for (const j of [0, 1]) {
        const play = playRound(cfg, mechanism, firms, bids, j, bids[j], room.seed + 1);
        expect(c.outcome).toEqual(play.outcome);
        expect(room.current!.results.get(j)!.truthfulProfit).toBeCloseTo(play.truthfulProfit, 12);
      }
    }
  });

  it('the truthful comparison holds with bids tied at the margin (pro-rata shares), under every mechanism', () => {
    for (const mechanism of ['uniform', 'vcg', 'discriminatory'] as const) {
      const room = newRoom({ ...SETTINGS, mechanism, ppoSeats: 0, seats: 6, supply: 9 });
      for (let i = 0; i < 6; i++) join(room);
      ok(room, host(room, 'open'));
      for (let seat = 0; seat < 6; seat++) ok(room, submitBid(room, seat, 1, ['4', '2', '2', '1'], clock));
      ok(room, host(room, 'close'));
      const c = room.current!.clearing!;
      const firms = c.firms.map((m) => m.firm);
      const bids = c.firms.map((m) => [...m.bid]);
      const cfg = labConfigOf({ mechanism, supply: 9, reserve: 0, priceRule: 'first-rejected' }, firms, []);
      for (let j = 0; j < 6; j++) {
        const play = playRound(cfg, mechanism, firms, bids, j, bids[j], room.seed + 1);
        const res = room.current!.results.get(j)!;
        expect(res.truthfulPermits).toBeCloseTo(play.truthfulOutcome.allocation[j], 10);
        expect(res.truthfulPayment).toBeCloseTo(play.truthfulOutcome.payments[j], 10);
      }
    }
  });

  it('a student who bid truthfully compares with the auction itself', () => {
    const { room } = roundWithBids();
    const truthful = truthfulTwoTier(room.current!.firms[2]);
    ok(room, submitBid(room, 2, 1, truthful.map(String), clock));
    ok(room, host(room, 'close'));
    const c = room.current!.clearing!;
    const j = c.firms.findIndex((m) => m.seat === 2);
    const play = playRound(labConfigOf({ mechanism: 'uniform', supply: 12, reserve: 0, priceRule: 'first-rejected' }, c.firms.map((m) => m.firm), []), 'uniform', c.firms.map((m) => m.firm), c.firms.map((m) => [...m.bid]), j, truthful, room.seed + 1);
    const res = room.current!.results.get(2)!;
    expect(res.bid).toEqual([...truthful]);
    expect([res.truthfulProfit, res.truthfulPermits]).toEqual([res.profit, res.permits]);
    expect(res.truthfulProfit).toBeCloseTo(play.truthfulProfit, 12);
  });

  it('PPO seats bid the lab agents’ mean bids for their types', () => {
    const { room } = roundWithBids();
    const r = room.current!;
    const ppoFirms = r.firms.slice(room.studentSeats);
    expect(r.ppoBids).toEqual(agentBids(policyNetworks(policies()), ppoFirms, room.prior, 0));
  });

  it('refuses policies whose weights do not fit their sizes', () => {
    const room = newRoom();
    const p = policies();
    const d = hostCommand(room, { kind: 'upload-policies', policies: { ...p, policyParams: p.policyParams.slice(1) } }, clock);
    expect(d.error?.code).toBe('policies-invalid');
    expect(d.error?.message).toMatch(/weights/);
  });

  it('the log replays to the same state', () => {
    const { room } = roundWithBids();
    ok(room, host(room, 'close'));
    ok(room, host(room, 'reveal'));
    ok(room, hostCommand(room, { kind: 'switch', mechanism: 'vcg' }, clock));
    ok(room, host(room, 'open'));
    ok(room, submitBid(room, 2, 2, ['3', '1', '1', '1'], clock));
    ok(room, host(room, 'pause'));
    const copy = Room.fromEvents(JSON.parse(JSON.stringify(room.events)));
    const presence = new Set([0, 2]);
    expect(hostView(copy, clock, presence)).toEqual(hostView(room, clock, presence));
    for (let seat = 0; seat < 3; seat++) expect(studentView(copy, seat, clock)).toEqual(studentView(room, seat, clock));
    expect(sessionExport(copy)).toEqual(sessionExport(room));
    expect(copy.events).toEqual(room.events);
  });

  it('a student view holds only its own type, bid and result', () => {
    const { room } = roundWithBids();
    ok(room, host(room, 'close'));
    ok(room, host(room, 'reveal'));
    const view = studentView(room, 0, clock);
    expect(v.safeParse(ServerMessage, view).success).toBe(true);
    expect(view.firm).toEqual(room.current!.firms[0]);
    const text = JSON.stringify(view);
    const others = [...room.current!.bids].filter(([s]) => s !== 0).flatMap(([, b]) => b);
    const otherTypes = room.current!.firms.slice(1).flatMap((f) => [f.c, f.e]);
    // Distinctive figures only (the clearing price is public and equals some bid under uniform pricing).
    const secret = [...others, ...otherTypes].filter((x) => !Number.isInteger(x) && x !== view.result?.clearingPrice);
    expect(secret.length).toBeGreaterThanOrEqual(8); // 4 other seats × (c, e), and seat 1’s pH
    for (const x of secret) expect(text).not.toContain(String(x));
    expect(view.result?.bid).toEqual(room.current!.bids.get(0));
    expect(studentView(room, 2, clock).result).toBeNull(); // sat out
  });

  it('host view and reveal: counts, anonymous aggregate curves and class demand reduction', () => {
    const { room } = roundWithBids();
    const presence = new Set([0, 1]);
    const open = hostView(room, clock, presence);
    expect([open.joined, open.connected, open.bidsIn, open.policiesLoaded]).toEqual([3, 2, 2, true]);
    expect(open.roster.map((s) => [s.name, s.hasBid])).toEqual([['Ada', true], ['Bo', true], [null, false]]);
    ok(room, host(room, 'close'));
    ok(room, host(room, 'reveal'));
    const hv = hostView(room, clock, presence);
    expect(v.safeParse(ServerMessage, hv).success).toBe(true);
    const rev = hv.lastReveal!;
    const bids = [...room.current!.bids.values(), ...room.current!.ppoBids!];
    const total = bids.reduce((s, b) => s + (b[0] > 0 ? b[1] : 0) + (b[2] > 0 ? b[3] : 0), 0);
    expect(rev.bidSteps.at(-1)![1]).toBeCloseTo(total, 12);
    expect(rev.bidSteps.every((s, i) => i === 0 || s[0] < rev.bidSteps[i - 1][0])).toBe(true);
    const e = room.current!.clearing!.firms.reduce((s, m) => s + m.firm.e, 0);
    expect(rev.trueDemand.at(-1)).toEqual([0, e]);
    expect(rev.summary.dri.truthful).toBeCloseTo(0, 9);
    expect(rev.summary.dri.humans).not.toBeNull();
    expect(rev.summary.dri.ppo).not.toBeNull();
    expect(hv.history).toEqual([rev.summary]);
  });

  it('exports every closed round as JSON and CSV', () => {
    const { room } = roundWithBids();
    ok(room, host(room, 'close'));
    const s = sessionExport(room);
    expect(s.rounds).toHaveLength(1);
    expect(s.rounds[0].seats.map((x) => [x.kind, x.bid === null])).toEqual([['student', false], ['student', false], ['student', true], ['ppo', false], ['ppo', false]]);
    const csv = sessionCsv(s).trim().split('\r\n');
    expect(csv).toHaveLength(1 + SETTINGS.seats);
    expect(csv[1]).toMatch(/^1,1,uniform,0,student,Ada,/);
  });
});

describe('codes and messages', () => {
  it('room codes are 6 characters of the unambiguous alphabet; secrets are 24 base64url characters', () => {
    const r = fakeRandom(5);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const code = randomRoomCode(r);
      expect(code).toMatch(new RegExp(`^[${ROOM_CODE_ALPHABET}]{6}$`));
      seen.add(code);
      expect(v.safeParse(Secret, randomSecret(r)).success).toBe(true);
    }
    expect(seen.size).toBe(200);
    expect(ROOM_CODE_ALPHABET).not.toMatch(/[0O1IL]/);
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
  });

  it('parses client frames: size limit, JSON, schema; names are kept verbatim', () => {
    expect(parseClientMessage('x'.repeat(9000))).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(parseClientMessage('{')).toMatchObject({ ok: false, error: { code: 'invalid-message', message: 'not JSON' } });
    expect(parseClientMessage(JSON.stringify({ type: 'bid', round: 1, bid: [1, 2, 3] }))).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    expect(parseClientMessage(JSON.stringify({ type: 'join', code: 'bcdfgh', name: 'x'.repeat(41) }))).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^name: .*40/) } });
    const xss = '<img src=x onerror=alert(1)>';
    expect(parseClientMessage(JSON.stringify({ type: 'join', code: 'bcdfgh', name: xss }))).toEqual({ ok: true, message: { type: 'join', code: 'BCDFGH', name: xss } });
    expect(parseClientMessage(JSON.stringify({ type: 'create', settings: { ...SETTINGS, ppoSeats: 5 } }))).toMatchObject({ ok: false, error: { message: expect.stringMatching(/ppoSeats/) } });
    expect(parseClientMessage(JSON.stringify({ type: 'create', settings: { ...SETTINGS, seats: 401 } }))).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^settings.seats/) } });
  });

  it('the truthful helper of the student view is the lab’s truthful two-tier bid', () => {
    const room = newRoom();
    join(room);
    ok(room, host(room, 'next'));
    expect(studentView(room, 0, clock).truthfulBid).toEqual([...truthfulTwoTier(room.current!.firms[0])]);
  });
});
