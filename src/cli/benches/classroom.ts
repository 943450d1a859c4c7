/**
 * Classroom session bench (`classroom`): the session server under a class's load, on loopback. The load driver
 * is `src/server/loadTest.ts` (the server layer holds the WebSocket clients), run as a child process: it starts
 * the real server as its own child on 127.0.0.1, then 300 students in one room and 30 in each of 3 other rooms
 * (4 PPO firms per room) play 20 rounds each, all rooms at once, uniform price and VCG alternating. Latency: from
 * the host's `close` to each client's revealed round (p50, p99 over every client of every round). `bidsRecorded`
 * counts the bids in the server's own session export; target `bidsRecorded` = `bidsSent` and p99 < 250 ms on
 * the 2-core machine. `serverMB`: the server process's peak resident memory. Quick: 30 + 5 students, 3 rounds.
 */
import { spawn } from 'node:child_process';
import type { BenchLine } from './line';
import type { LabBench } from './types';

export interface ClassroomBenchParams {
  students: number;
  otherRooms: number;
  otherStudents: number;
  rounds: number;
}

/** Longest a measurement may take before it is stopped (the driver's own waits are bounded too). */
const LIMIT_MS = 10 * 60_000;

function runDriver(p: ClassroomBenchParams): Promise<BenchLine[]> {
  const args = ['scripts/run-node.mjs', 'src/server/loadTest.ts', '--students', String(p.students), '--other-rooms', String(p.otherRooms), '--other-students', String(p.otherStudents), '--rounds', String(p.rounds)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), LIMIT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) return reject(new Error(`the classroom load test failed (exit ${code})`));
      const line: unknown = JSON.parse(last);
      if (typeof line !== 'object' || line === null || !('bench' in line) || line.bench !== 'classroom') return reject(new Error('the classroom load test printed no bench line'));
      resolve([{ ...line, bench: 'classroom' }]);
    });
  });
}

export const classroomBench: LabBench<ClassroomBenchParams> = {
  names: ['classroom'],
  plan: (quick) => [quick ? { students: 30, otherRooms: 1, otherStudents: 5, rounds: 3 } : { students: 300, otherRooms: 3, otherStudents: 30, rounds: 20 }],
  nameOf: () => 'classroom',
  describe: (p) => `classroom: ${p.students} students + ${p.otherRooms} rooms of ${p.otherStudents}, ${p.rounds} rounds`,
  measure: runDriver,
};
