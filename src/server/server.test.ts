import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../app/securityPolicy';
import type { RoomSettings } from '../core/session/protocol';
import { LATE_BID_MESSAGE } from '../core/session/room';
import { startServer, type RunningServer } from './server';
import { SessionClient } from './sessionClient';

/**
 * The session server over real sockets: in-process on 127.0.0.1, port 0, a fresh log folder per test; clients are
 * plain `ws` WebSockets. Waits are for messages, never for time.
 */

const SETTINGS: RoomSettings = {
  mechanism: 'uniform', priceRule: 'first-rejected', supply: 10, reserve: 0,
  prior: { cMin: 0.5, cMax: 1.5, eMin: 4, eMax: 8 }, seats: 4, ppoSeats: 0, timerSeconds: 0, seed: 5,
};

let logDir: string;
let distDir: string;
let server: RunningServer;
const clients: SessionClient[] = [];

async function client(): Promise<SessionClient> {
  const c = new SessionClient(server.port, { validateAll: true, waitMs: 20_000 });
  clients.push(c);
  await c.opened;
  return c;
}

const start = (limits = {}, now?: () => number) => startServer({ port: 0, host: '127.0.0.1', logDir, distDir, limits, now, warmUp: false });

beforeEach(async () => {
  logDir = mkdtempSync(join(tmpdir(), 'session-log-'));
  distDir = mkdtempSync(join(tmpdir(), 'session-dist-'));
  writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>Auction Lab</title>');
  server = await start();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
  rmSync(logDir, { recursive: true, force: true });
  rmSync(distDir, { recursive: true, force: true });
});

async function createRoom(settings = SETTINGS) {
  const host = await client();
  host.send({ type: 'create', settings });
  const { code, secret } = await host.next('created');
  await host.next('host');
  const command = (kind: string, extra = {}) => host.send({ type: 'host', code, secret, command: { kind, ...extra } });
  return { host, code, secret, command };
}

async function joinStudent(code: string, name?: string) {
  const c = await client();
  c.send({ type: 'join', code, ...(name === undefined ? {} : { name }) });
  const joined = await c.next('joined');
  const view = await c.next('student');
  return { c, joined, view };
}

describe('session server', () => {
  it('serves the app with the security headers and keeps paths inside dist/', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Auction Lab');
    for (const [k, val] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(k)).toBe(val);
    expect((await fetch(`http://127.0.0.1:${server.port}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/`, { method: 'POST' })).status).toBe(405);
  });

  it('runs a round: 3 students join and bid, close, reveal; each sees only their own result; names stay verbatim text', async () => {
    const { host, code, command } = await createRoom();
    const xss = '<img src=x onerror=alert(1)>';
    const students = [await joinStudent(code, xss), await joinStudent(code, 'Bo'), await joinStudent(code)];
    expect(students.map((s) => s.joined.seat)).toEqual([0, 1, 2]);
    expect(students[0].view.name).toBe(xss);
    command('open');
    const open = await host.next('host', (m) => m.phase === 'open');
    expect(open.joined).toBe(3);
    expect(open.roster[0].name).toBe(xss);
    const bids = [['6', '2', '2', '2'], ['5', '3', '1', '1'], ['4', '1', '1', '1']];
    for (const [i, s] of students.entries()) {
      await s.c.next('student', (m) => m.phase === 'open');
      s.c.send({ type: 'bid', round: 1, bid: bids[i] });
      expect((await s.c.next('bid-accepted')).bid).toEqual(bids[i].map(Number));
    }
    await host.next('counts', (m) => m.bidsIn === 3);
    command('close');
    await host.next('host', (m) => m.phase === 'closed');
    students[2].c.send({ type: 'bid', round: 1, bid: ['7', '1', '1', '1'] });
    expect(await students[2].c.next('error')).toEqual({ type: 'error', code: 'late-bid', message: LATE_BID_MESSAGE });
    command('reveal');
    const revealed = await host.next('host', (m) => m.phase === 'revealed');
    expect(revealed.lastReveal?.summary.humanBids).toBe(3);
    for (const [i, s] of students.entries()) {
      const view = await s.c.next('student', (m) => m.phase === 'revealed');
      expect(view.result?.bid).toEqual(bids[i].map(Number));
      const text = JSON.stringify(view);
      for (const other of bids.filter((_, j) => j !== i)) expect(text).not.toContain(JSON.stringify(other.map(Number)));
    }
    command('export');
    const exp = await host.next('export');
    expect(exp.session.rounds[0].seats[0].name).toBe(xss);
    expect(exp.csv.split('\r\n')[1]).toContain(`"${xss}"`.replace(/^"|"$/g, ''));
  });

  it('a reload (new connection with the seat token) keeps the seat and the bid; the host resumes with the secret', async () => {
    const { host, code, secret, command } = await createRoom();
    const s = await joinStudent(code, 'Cy');
    command('open');
    await s.c.next('student', (m) => m.phase === 'open');
    s.c.send({ type: 'bid', round: 1, bid: [5, 2, 1, 2] });
    await s.c.next('bid-accepted');
    await s.c.close();
    const again = await client();
    again.send({ type: 'join', code, seatToken: s.joined.seatToken });
    expect((await again.next('joined')).seat).toBe(s.joined.seat);
    const view = await again.next('student');
    expect([view.bid, view.name, view.firm]).toEqual([[5, 2, 1, 2], 'Cy', s.view.firm ?? view.firm]);
    await host.close();
    const host2 = await client();
    host2.send({ type: 'host-resume', code, secret });
    const hv = await host2.next('host');
    expect([hv.phase, hv.bidsIn]).toEqual(['open', 1]);
  });

  it('refuses forged control messages and bids from connections without a seat', async () => {
    const { code } = await createRoom();
    const s = await joinStudent(code);
    s.c.send({ type: 'host', code, secret: 'A'.repeat(24), command: { kind: 'open' } });
    expect(await s.c.next('error')).toMatchObject({ code: 'not-host' });
    s.c.send({ type: 'host', code, command: { kind: 'open' } });
    expect(await s.c.next('error')).toMatchObject({ code: 'invalid-message' });
    const stranger = await client();
    stranger.send({ type: 'bid', round: 1, bid: [1, 1, 1, 1] });
    expect(await stranger.next('error')).toMatchObject({ code: 'not-joined' });
    stranger.send('x'.repeat(10_000));
    expect(await stranger.next('error')).toMatchObject({ code: 'too-large' });
    stranger.send('{"type":"bid"');
    expect(await stranger.next('error')).toMatchObject({ code: 'invalid-message', message: 'not JSON' });
  });

  it('wrong room codes say "no such room" and are rate-limited after a few; so are floods', async () => {
    const { code } = await createRoom();
    const c = await client();
    const errors = [];
    for (let i = 0; i < 5; i++) {
      c.send({ type: 'join', code: i % 2 ? 'ZZZZZZ' : 'BBBBBB' });
      errors.push(await c.next('error'));
    }
    expect(new Set(errors.map((e) => JSON.stringify(e)))).toEqual(new Set([JSON.stringify({ type: 'error', code: 'no-such-room', message: 'no such room: check the code' })]));
    c.send({ type: 'join', code }); // the right code, but too late
    expect(await c.next('error')).toMatchObject({ code: 'rate-limited' });
    const flood = await client();
    for (let i = 0; i < 100; i++) flood.send({ type: 'bid', round: 1, bid: [1, 1, 1, 1] });
    expect(await flood.next('error', (m) => m.code === 'rate-limited')).toMatchObject({ code: 'rate-limited' });
  });

  it('a server restart mid-round resumes the room from its log: bids kept, the round closes and reveals', async () => {
    const { code, secret, command, host } = await createRoom({ ...SETTINGS, timerSeconds: 600 });
    const a = await joinStudent(code, 'A');
    const b = await joinStudent(code, 'B');
    command('open');
    await host.next('host', (m) => m.phase === 'open');
    a.c.send({ type: 'bid', round: 1, bid: [6, 2, 2, 2] });
    await a.c.next('bid-accepted');
    await Promise.all(clients.splice(0).map((c) => c.close()));
    const before = readFileSync(join(logDir, `${code}.jsonl`), 'utf8').trim().split('\n').length;
    await server.close();
    server = await start();
    const host2 = await client();
    host2.send({ type: 'host-resume', code, secret });
    const hv = await host2.next('host');
    expect([hv.phase, hv.round, hv.joined, hv.bidsIn]).toEqual(['open', 1, 2, 1]);
    const a2 = await client();
    a2.send({ type: 'join', code, seatToken: a.joined.seatToken });
    expect((await a2.next('student')).bid).toEqual([6, 2, 2, 2]);
    const b2 = await client();
    b2.send({ type: 'join', code, seatToken: b.joined.seatToken });
    await b2.next('student');
    b2.send({ type: 'bid', round: 1, bid: ['3', '1', '1', '1'] });
    await b2.next('bid-accepted');
    host2.send({ type: 'host', code, secret, command: { kind: 'close' } });
    await host2.next('host', (m) => m.phase === 'closed');
    host2.send({ type: 'host', code, secret, command: { kind: 'reveal' } });
    const rev = await host2.next('host', (m) => m.phase === 'revealed');
    expect(rev.lastReveal?.summary.humanBids).toBe(2);
    expect((await a2.next('student', (m) => m.phase === 'revealed')).result?.bid).toEqual([6, 2, 2, 2]);
    expect(readFileSync(join(logDir, `${code}.jsonl`), 'utf8').trim().split('\n').length).toBe(before + 3); // bid, close, reveal: rejoins log nothing
  });

  it('a round whose timer ran out while the server was down closes at its deadline on start', async () => {
    const { code, secret, command, host } = await createRoom({ ...SETTINGS, timerSeconds: 600 });
    const a = await joinStudent(code);
    command('open');
    const open = await host.next('host', (m) => m.phase === 'open');
    a.c.send({ type: 'bid', round: 1, bid: [6, 2, 2, 2] });
    await a.c.next('bid-accepted');
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
    const later = open.closesAt! + 60_000;
    server = await start({}, () => later);
    const host2 = await client();
    host2.send({ type: 'host-resume', code, secret });
    const hv = await host2.next('host');
    expect([hv.phase, hv.bidsIn]).toEqual(['closed', 1]);
    const log = readFileSync(join(logDir, `${code}.jsonl`), 'utf8').trim().split('\n');
    expect(JSON.parse(log.at(-1)!)).toEqual({ e: 'close', t: open.closesAt });
  });

  it('caps the rooms not yet ended', async () => {
    await server.close();
    server = await start({ maxRooms: 1 });
    const first = await createRoom();
    const second = await client();
    second.send({ type: 'create', settings: SETTINGS });
    expect(await second.next('error')).toMatchObject({ code: 'room-full' });
    first.command('end');
    await first.host.next('host', (m) => m.phase === 'ended');
    second.send({ type: 'create', settings: SETTINGS });
    expect((await second.next('created')).code).not.toBe(first.code);
  });

  it('the round timer closes the round on the server', async () => {
    const { host, code, command } = await createRoom({ ...SETTINGS, timerSeconds: 1 });
    const s = await joinStudent(code);
    command('open');
    await s.c.next('student', (m) => m.phase === 'open');
    s.c.send({ type: 'bid', round: 1, bid: [5, 1, 1, 1] });
    await s.c.next('bid-accepted');
    const closed = await host.next('host', (m) => m.phase === 'closed');
    expect(closed.bidsIn).toBe(1);
  });
});
