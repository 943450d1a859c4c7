import * as v from 'valibot';
import { MechanismId, PolicySnapshot, RoomSettings } from './protocol';
import type { RoomEvent } from './room';

/**
 * Schema of one line of a room's log (`RoomEvent`), to read the log back from disk as untrusted input: each field
 * is bounded as it was when the event was decided.
 */
const t = v.pipe(v.number(), v.finite());
const index = v.pipe(v.number(), v.integer(), v.minValue(0));
const nullableTime = v.nullable(t);
const name = v.nullable(v.pipe(v.string(), v.maxLength(200)));
const token = v.pipe(v.string(), v.maxLength(64));

export const RoomEventSchema = v.variant('e', [
  v.object({ e: v.literal('create'), t, code: token, secret: token, settings: RoomSettings, seed: index }),
  v.object({ e: v.literal('join'), t, seat: index, token, name }),
  v.object({ e: v.literal('rename'), t, seat: index, name }),
  v.object({ e: v.literal('bid'), t, seat: index, round: index, bid: v.pipe(v.array(v.pipe(v.number(), v.finite())), v.length(4)) }),
  v.object({ e: v.literal('deal'), t, round: index, drawIndex: index, mechanism: MechanismId }),
  v.object({ e: v.literal('mechanism'), t, mechanism: MechanismId }),
  v.object({ e: v.literal('open'), t, closesAt: nullableTime }),
  v.object({ e: v.literal('close'), t }),
  v.object({ e: v.literal('reveal'), t }),
  v.object({ e: v.literal('pause'), t }),
  v.object({ e: v.literal('resume'), t, closesAt: nullableTime }),
  v.object({ e: v.literal('policies'), t, policies: PolicySnapshot }),
  v.object({ e: v.literal('end'), t }),
]);

/** Read one log line: the event, or null when it is not a valid event. */
export function parseRoomEvent(line: string): RoomEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  const r = v.safeParse(RoomEventSchema, raw);
  return r.success ? r.output : null;
}
