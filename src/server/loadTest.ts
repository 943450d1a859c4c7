import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paramCount } from '../core/learning/mlp';
import { createRng } from '../core/math/rng';
import type { RoomSettings } from '../core/session/protocol';
import { shadeLowTier, truthfulTwoTier } from '../core/valuations/abatement';
import { SessionClient } from './sessionClient';

/**
 * The classroom load test (`npm run bench -- --only classroom` runs it through `src/cli/benches/classroom.ts`):
 * starts the real server (`src/server/serve.ts`) as a child on 127.0.0.1 with a fresh log folder, then drives
 * one room of `students` plain WebSocket clients and `otherRooms` rooms of `otherStudents`, each with 4 PPO firms,
 * for `rounds` rounds each (all rooms at once, independently): open, every student bids (a shaded truthful bid
 * of its own type), close, reveal; odd rounds under uniform price, even rounds switched to VCG on the same draws
 * (the class demo). Latency: from the moment the host sends `close` to each client's receipt of the revealed
 * round (students and host; every client of every round is one sample). `bidsRecorded` counts the students'
 * bids in the server's own export. Loopback only; every wait is bounded (`WAIT_MS`) and the rounds are counted.
 *
 * Prints one JSON line: {"bench":"classroom","students","rooms","rounds","bidsSent","bidsRecorded","p50Ms","p99Ms","serverMB", …}.
 * Args: --students N --other-rooms N --other-students N --rounds N.
 */

const WAIT_MS = 60_000;
const CLIENT = { throwOnError: true, waitMs: WAIT_MS };
/** Shortest round per room (ms). */
const ROUND_MS = 250;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Policies for the PPO seats: 4 small networks with seeded random weights (the load, not the learning, is measured). */
function policies() {
  const rng = createRng(9);
  const P = paramCount(2, 16, 4);
  return { format: 'auction-lab/ppo-policies', version: 1, agents: 4, obsDim: 2, hidden: 16, actDim: 4, policyParams: Array.from({ length: 4 * P }, () => 0.3 * rng.normal()), logStd: new Array<number>(16).fill(-1) };
}

interface RoomStats {
  bidsSent: number;
  bidsRecorded: number;
  latencies: number[];
  /** The slowest client's close-to-reveal latency of each round (ms). */
  roundMax: number[];
}

async function runRoom(port: number, students: number, rounds: number): Promise<RoomStats> {
  const settings: RoomSettings = {
    mechanism: 'uniform', priceRule: 'first-rejected', supply: Math.round(4.5 * (students + 4)), reserve: 0,
    prior: { cMin: 0.5, cMax: 1.5, eMin: 4, eMax: 8 }, seats: students + 4, ppoSeats: 4, timerSeconds: 0,
  };
  const host = new SessionClient(port, CLIENT);
  await host.opened;
  host.send({ type: 'create', settings });
  const { code, secret } = await host.next('created');
  const command = (command: unknown) => host.send({ type: 'host', code, secret, command });
  command({ kind: 'upload-policies', policies: policies() });
  const clients: SessionClient[] = [];
  for (let i = 0; i < students; i++) {
    const c = new SessionClient(port, CLIENT);
    clients.push(c);
    await c.opened;
    c.send({ type: 'join', code, name: `s${i}` });
    await c.next('joined');
  }
  const stats: RoomStats = { bidsSent: 0, bidsRecorded: 0, latencies: [], roundMax: [] };
  for (let round = 1; round <= rounds; round++) {
    const roundStart = performance.now();
    if (round % 2 === 0) command({ kind: 'switch', mechanism: 'vcg' });
    else if (round > 1) command({ kind: 'switch', mechanism: 'uniform' });
    const opened = clients.map((c) => c.nextAt('student', round, 'open'));
    command({ kind: 'open' });
    const views = await Promise.all(opened);
    const accepted = clients.map((c, i) => {
      const firm = views[i].firm!;
      c.send({ type: 'bid', round, bid: shadeLowTier(truthfulTwoTier(firm), (i % 4) / 4) });
      stats.bidsSent++;
      return c.notice('bid-accepted', round);
    });
    await Promise.all(accepted);
    const revealed = [host, ...clients].map((c) => c.notice(c === host ? 'host' : 'student', round, 'revealed').then(() => performance.now()));
    const closedView = host.notice('host', round, 'closed');
    const t0 = performance.now();
    command({ kind: 'close' });
    await closedView;
    command({ kind: 'reveal' });
    const times = (await Promise.all(revealed)).map((t) => t - t0);
    stats.latencies.push(...times);
    stats.roundMax.push(Math.round(Math.max(...times)));
    // An instructor takes minutes per round; ROUND_MS keeps the fastest (small) rooms within the host's rate limit.
    const wait = ROUND_MS - (performance.now() - roundStart);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  command({ kind: 'export' });
  const exp = await host.next('export');
  for (const r of exp.session.rounds) stats.bidsRecorded += r.seats.filter((s) => s.kind === 'student' && s.bid !== null).length;
  command({ kind: 'end' });
  for (const c of [host, ...clients]) c.ws.close();
  return stats;
}

/** Resident memory of a process (MB), from /proc (Linux); null elsewhere. */
function rssMB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function main(): Promise<void> {
  const students = arg('students', 300);
  const otherRooms = arg('other-rooms', 3);
  const otherStudents = arg('other-students', 30);
  const rounds = arg('rounds', 20);
  const dir = mkdtempSync(join(tmpdir(), 'classroom-bench-'));
  const server = spawn(process.execPath, ['scripts/run-node.mjs', 'src/server/serve.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SESSION_LOG_DIR: join(dir, 'logs'), DIST_DIR: join(dir, 'dist') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the server did not start within 60 s')), WAIT_MS);
      let out = '';
      server.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      server.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
    });
    server.stdout.resume();
    let peakMB = 0;
    const sampler = setInterval(() => (peakMB = Math.max(peakMB, rssMB(server.pid!) ?? 0)), 200);
    const t0 = performance.now();
    const all = await Promise.all([runRoom(port, students, rounds), ...Array.from({ length: otherRooms }, () => runRoom(port, otherStudents, rounds))]);
    clearInterval(sampler);
    peakMB = Math.max(peakMB, rssMB(server.pid!) ?? 0);
    const latencies = all.flatMap((s) => s.latencies);
    const line = {
      bench: 'classroom',
      students,
      rooms: 1 + otherRooms,
      rounds,
      otherStudents,
      ppoPerRoom: 4,
      mechanisms: 'uniform/vcg alternating',
      bidsSent: all.reduce((s, r) => s + r.bidsSent, 0),
      bidsRecorded: all.reduce((s, r) => s + r.bidsRecorded, 0),
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      maxMs: Math.max(...latencies),
      // The big room's slowest reveal per round: a slow first round (cold code) shows here, not in p50.
      bigRoomRoundMaxMs: all[0].roundMax,
      otherRoomsRoundMaxMs: all.slice(1).map((r) => r.roundMax),
      serverMB: peakMB || null,
      seconds: (performance.now() - t0) / 1000,
    };
    console.log(JSON.stringify(line));
  } finally {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
