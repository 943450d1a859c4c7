import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH, SECRET_LENGTH } from './protocol';

/**
 * Room codes, host secrets and seat tokens from a cryptographically secure generator passed in (the server gives
 * `crypto.randomBytes`; tests a seeded stand-in), so the core stays pure.
 */

/** n random bytes from a CSPRNG. */
export type RandomBytes = (n: number) => Uint8Array;

/**
 * A room code: `ROOM_CODE_LENGTH` characters drawn uniformly from `ROOM_CODE_ALPHABET` by rejection sampling
 * (bytes ≥ the largest multiple of the alphabet size below 256 are drawn again, so no character is favoured).
 */
export function randomRoomCode(random: RandomBytes): string {
  const n = ROOM_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let code = '';
  while (code.length < ROOM_CODE_LENGTH) {
    for (const b of random(ROOM_CODE_LENGTH * 2)) {
      if (b < limit && code.length < ROOM_CODE_LENGTH) code += ROOM_CODE_ALPHABET[b % n];
    }
  }
  return code;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A host secret or seat token: `SECRET_LENGTH` base64url characters, 6 random bits each (144 bits). */
export function randomSecret(random: RandomBytes): string {
  let s = '';
  for (const b of random(SECRET_LENGTH)) s += BASE64URL[b & 63];
  return s;
}

/** Compare two secrets in time independent of where they differ (length is public: both are `SECRET_LENGTH`). */
export function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
