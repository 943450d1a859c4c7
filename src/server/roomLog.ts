import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseRoomEvent } from '../core/session/events';
import { Room, type RoomEvent } from '../core/session/room';

/**
 * The durable session log: one append-only JSON-lines file per room (`<dir>/<code>.jsonl`), one event per line,
 * written with `writeSync` as each event happens (in the kernel's page cache at once, so a crash of the process
 * loses nothing) and fsynced at the events that end a step of the round (create, deal, open, close, reveal,
 * end, policies), so a power cut loses at most the bids since the last of those. On start every log is replayed
 * into its room.
 */

/** Events after which the file is fsynced. */
const SYNC_AT: ReadonlySet<RoomEvent['e']> = new Set(['create', 'deal', 'open', 'close', 'reveal', 'end', 'policies']);

export class RoomLog {
  private fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  append(events: readonly RoomEvent[]): void {
    if (events.length === 0) return;
    writeSync(this.fd, events.map((ev) => JSON.stringify(ev) + '\n').join(''));
    if (events.some((ev) => SYNC_AT.has(ev.e))) fsyncSync(this.fd);
  }

  close(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

/** The log file of room `code` under `dir`. */
export const logPath = (dir: string, code: string): string => join(dir, `${code}.jsonl`);

/**
 * Every room logged under `dir` (created if absent), rebuilt by replaying its events. A last line cut short by a
 * crash mid-write is dropped; a file that cannot be replayed is skipped with a warning (`warn`).
 */
export function loadRooms(dir: string, warn: (message: string) => void): Room[] {
  mkdirSync(dir, { recursive: true });
  const rooms: Room[] = [];
  for (const name of readdirSync(dir).filter((n) => /^[A-Z0-9]{6}\.jsonl$/.test(n)).sort()) {
    const lines = readFileSync(join(dir, name), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const events: RoomEvent[] = [];
    for (const [i, line] of lines.entries()) {
      const ev = parseRoomEvent(line);
      if (!ev) {
        if (i === lines.length - 1) warn(`${name}: its last line is incomplete (cut by a crash) and was dropped`);
        else warn(`${name}: line ${i + 1} is not a room event; the rest of the file was dropped`);
        break;
      }
      events.push(ev);
    }
    try {
      rooms.push(Room.fromEvents(events));
    } catch (e) {
      warn(`${name}: cannot be replayed (${e instanceof Error ? e.message : String(e)}); skipped`);
    }
  }
  return rooms;
}
