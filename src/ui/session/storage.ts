import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH, SECRET_LENGTH } from '../../core/session/protocol';

/**
 * What the browser keeps of a class session, in `localStorage` (survives a reload and a closed tab; a private
 * window keeps nothing, and then a reload asks again): the instructor's room code and host secret, with the lab
 * settings the room was started from (for the run-history record at the end), and each student's seat token per
 * room. Everything read back is checked before use (another tab, an older version or a user may have written
 * anything there).
 */

const HOST_KEY = 'auction-lab.session.host';
const SEAT_KEY = (code: string) => `auction-lab.session.seat.${code}`;

const CODE_RE = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`);
const SECRET_RE = new RegExp(`^[A-Za-z0-9_-]{${SECRET_LENGTH}}$`);

/** A room code as typed or linked, upper-cased and checked; null when it cannot be one. */
export function roomCodeOf(raw: string | null | undefined): string | null {
  const code = (raw ?? '').trim().toUpperCase();
  return CODE_RE.test(code) ? code : null;
}

/** The instructor's hold on a room. */
export interface HostHold {
  code: string;
  secret: string;
  /** The permit-lab settings and seed the room was started from (restored through the run-record path at the end). */
  labConfig: Record<string, unknown>;
  labSeed: number;
}

function read(key: string): unknown {
  try {
    const text = localStorage.getItem(key);
    return text === null ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the session works, a reload just cannot resume it.
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The stored host hold for `code`, or null (none, another room's, or unreadable). */
export function loadHostHold(code: string): HostHold | null {
  const raw = read(HOST_KEY);
  if (!isObject(raw) || raw.code !== code || typeof raw.secret !== 'string' || !SECRET_RE.test(raw.secret)) return null;
  return {
    code,
    secret: raw.secret,
    labConfig: isObject(raw.labConfig) ? raw.labConfig : {},
    labSeed: typeof raw.labSeed === 'number' && Number.isFinite(raw.labSeed) ? raw.labSeed : 1,
  };
}

/** Keep the host hold (one room per browser: a new room replaces the last). */
export function saveHostHold(hold: HostHold): void {
  write(HOST_KEY, hold);
}

/** The room code of the stored host hold, if any (the lab offers to return to it). */
export function heldRoomCode(): string | null {
  const raw = read(HOST_KEY);
  return isObject(raw) && typeof raw.code === 'string' ? roomCodeOf(raw.code) : null;
}

/** Forget the host hold of `code` (the session ended, or the server no longer knows it). */
export function dropHostHold(code: string): void {
  const raw = read(HOST_KEY);
  if (isObject(raw) && raw.code === code) {
    try {
      localStorage.removeItem(HOST_KEY);
    } catch {
      // nothing kept to remove
    }
  }
}

/** This browser's seat token in room `code`, or null. */
export function loadSeatToken(code: string): string | null {
  const raw = read(SEAT_KEY(code));
  return typeof raw === 'string' && SECRET_RE.test(raw) ? raw : null;
}

export function saveSeatToken(code: string, token: string): void {
  write(SEAT_KEY(code), token);
}

export function dropSeatToken(code: string): void {
  try {
    localStorage.removeItem(SEAT_KEY(code));
  } catch {
    // nothing kept to remove
  }
}
