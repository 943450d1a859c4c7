import * as v from 'valibot';
import { multiUnitMechanismIds } from '../mechanisms/multiUnitRegistry';
import { C_BOUNDS, E_BOUNDS } from '../labs/permitAuction/fields';

/**
 * The classroom session's wire protocol: every message between a browser (instructor or student) and the session
 * server, as valibot schemas. Both ends parse what they receive with these schemas (`parseClientMessage`,
 * `parseServerMessage`); a message that does not parse is answered with an `error` to that client only.
 *
 * Transport: one WebSocket per browser tab at path `SESSION_PATH`, text frames holding one JSON object each, with
 * a `type` tag. A frame longer than `MAX_MESSAGE_CHARS` is refused unparsed, except the host's policy upload
 * (`MAX_UPLOAD_CHARS`). Flow and roles: see `src/core/session/README.md`.
 *
 * Privacy rule: a student's connection only ever receives its own `StudentView` (its own type, bid and result);
 * another student's type or bid never leaves the server except aggregated and anonymous in the host's reveal.
 */

/** Path of the WebSocket endpoint on the server that also serves the app. */
export const SESSION_PATH = '/session';
/** Largest client frame (UTF-16 code units of JSON text) for every message but `upload-policies`. */
export const MAX_MESSAGE_CHARS = 8 * 1024;
/** Largest `upload-policies` frame: 12 firms × 64 hidden units is ≈ 55,000 weights, ≈ 1.2 MB of JSON. */
export const MAX_UPLOAD_CHARS = 2 * 1024 * 1024;
/** Room code alphabet: no 0/O, 1/I/L, no vowels that spell words (U, E, A kept out too). */
export const ROOM_CODE_ALPHABET = 'BCDFGHJKMNPQRSTVWXYZ23456789';
/** Characters in a room code (28⁶ ≈ 4.8 · 10⁸ codes). */
export const ROOM_CODE_LENGTH = 6;
/** Characters of a host secret and of a seat token (base64url from a CSPRNG: 24 chars = 144 bits). */
export const SECRET_LENGTH = 24;
/** Longest display name, in UTF-16 code units after trimming. */
export const MAX_NAME_CHARS = 40;
/** Most seats in a room (students plus PPO firms): the room-size cap. */
export const MAX_SEATS = 400;
/** Longest round timer (seconds); 0 means no timer (the instructor closes the round). */
export const MAX_TIMER_SECONDS = 3600;
/** Most policy networks in an upload, and their widest hidden layer. */
export const MAX_POLICY_AGENTS = 12;
export const MAX_POLICY_HIDDEN = 64;

// ───────────────────────────── shared pieces ─────────────────────────────

/** A room code: `ROOM_CODE_LENGTH` characters of `ROOM_CODE_ALPHABET` (case-insensitive on input, upper-cased). */
export const RoomCode = v.pipe(
  v.string(),
  v.maxLength(16),
  v.trim(),
  v.toUpperCase(),
  v.regex(new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`), 'a room code is 6 letters and digits'),
);
/** A host secret or seat token: base64url, `SECRET_LENGTH` characters. */
export const Secret = v.pipe(v.string(), v.regex(new RegExp(`^[A-Za-z0-9_-]{${SECRET_LENGTH}}$`), 'malformed token'));
/** Display name: trimmed, at most `MAX_NAME_CHARS`; stored and shown verbatim, as text (never as HTML). */
export const DisplayName = v.pipe(v.string(), v.maxLength(200), v.trim(), v.maxLength(MAX_NAME_CHARS, `a name has at most ${MAX_NAME_CHARS} characters`));
/** A multi-unit mechanism id of the registry (`mechanisms/multiUnitRegistry.ts`). */
export const MechanismId = v.picklist(multiUnitMechanismIds);
const finite = (min: number, max: number) => v.pipe(v.number(), v.finite(), v.minValue(min), v.maxValue(max));
const whole = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

/**
 * One field of a two-tier bid as typed in the form: a string (≤ 32 chars) or a number. The server reads the four
 * fields exactly as the lab's form does (`labs/permitAuction/play.ts` `parseBid`), so its messages are the lab's.
 */
export const BidField = v.union([v.pipe(v.string(), v.maxLength(32)), v.number()]);
/** A two-tier bid [pH, qH, pL, qL]: prices per permit, quantities in permits. */
export const BidFields = v.tuple([BidField, BidField, BidField, BidField]);

/**
 * The type distribution of the room's firms: every round draws each seat's cost slope c ~ U[cMin, cMax]
 * (currency per unit²) and emissions e ~ U[eMin, eMax] (units), as the permit lab's training prior
 * (`priors/firms.ts`). Bounds are the lab's (`C_BOUNDS`, `E_BOUNDS`); min ≤ max is checked by the room.
 */
export const TypePrior = v.strictObject({
  cMin: finite(C_BOUNDS[0], C_BOUNDS[1]),
  cMax: finite(C_BOUNDS[0], C_BOUNDS[1]),
  eMin: finite(E_BOUNDS[0], E_BOUNDS[1]),
  eMax: finite(E_BOUNDS[0], E_BOUNDS[1]),
});

/**
 * A room's market settings, fixed at creation (the mechanism may be switched between rounds).
 * - `mechanism`: the rule of the first round; `priceRule`: uniform price's first-rejected or last-accepted bid.
 * - `supply`: permits for sale each round (absolute, not per seat); `reserve`: reserve price per permit.
 * - `seats`: firms in the market (students plus PPO firms), 2–`MAX_SEATS`; `ppoSeats`: of which filled by trained PPO
 *   firms (seats − ppoSeats are for students); PPO seats bid only once policies are uploaded, else they sit out.
 * - `timerSeconds`: a round closes by itself this many seconds after it opens (0: only the instructor closes it).
 * - `seed`: the type draws' seed (round r's types are `drawRound(prior, seats, seed, drawIndex)`); omitted: random.
 */
export const RoomSettings = v.pipe(
  v.strictObject({
    mechanism: MechanismId,
    priceRule: v.picklist(['first-rejected', 'last-accepted']),
    supply: finite(0.1, 100_000),
    reserve: finite(0, 10_000),
    prior: TypePrior,
    seats: whole(2, MAX_SEATS),
    ppoSeats: whole(0, MAX_SEATS),
    timerSeconds: whole(0, MAX_TIMER_SECONDS),
    seed: v.optional(whole(0, 2 ** 31 - 1)),
  }),
  v.check((s) => s.ppoSeats < s.seats, 'ppoSeats must leave at least one seat for students'),
  v.check((s) => s.prior.cMin <= s.prior.cMax && s.prior.eMin <= s.prior.eMax, 'the type distribution has min above max'),
);

/**
 * Trained PPO policies as the lab saves them (`learning/ppoAgents.ts` `PpoPolicySnapshot`, the `policies` part of a
 * policy file). The parameter count must equal agents × paramCount(2, hidden, 4), checked by the room; PPO seat j
 * bids with network j mod agents, its deterministic (mean) action.
 */
export const PolicySnapshot = v.strictObject({
  format: v.literal('auction-lab/ppo-policies'),
  version: v.literal(1),
  agents: whole(2, MAX_POLICY_AGENTS),
  obsDim: v.pipe(v.number(), v.value(2)),
  hidden: whole(1, MAX_POLICY_HIDDEN),
  actDim: v.pipe(v.number(), v.value(4)),
  policyParams: v.pipe(v.array(finite(-1e6, 1e6)), v.maxLength(MAX_POLICY_AGENTS * (2 * MAX_POLICY_HIDDEN + MAX_POLICY_HIDDEN * MAX_POLICY_HIDDEN + 2 * MAX_POLICY_HIDDEN + 4 * MAX_POLICY_HIDDEN + 4))),
  logStd: v.pipe(v.array(finite(-20, 5)), v.maxLength(MAX_POLICY_AGENTS * 4)),
});

// ───────────────────────────── client → server ─────────────────────────────

/** Instructor: create a room. Answered by `created` (code and host secret) and a `host` view. */
export const CreateRoom = v.strictObject({ type: v.literal('create'), settings: RoomSettings });
/** Instructor: take the room back after a reload (secret kept in the browser). Answered by a `host` view. */
export const HostResume = v.strictObject({ type: v.literal('host-resume'), code: RoomCode, secret: Secret });
/**
 * Student: join a room by its code, optionally with a display name (none: anonymous). With the `seatToken` of an
 * earlier `joined`, the student gets the same seat, type and current bid back (rejoin; the name is kept unless a
 * new one is given). Answered by `joined` and a `student` view; a wrong code by `error` `no-such-room`.
 */
export const JoinRoom = v.strictObject({ type: v.literal('join'), code: RoomCode, name: v.optional(DisplayName), seatToken: v.optional(Secret) });
/**
 * Student: submit or change the bid for the open round `round` (the round number of the student's view). Only
 * the seat this connection joined can bid; refused after the round closes (`late-bid`) or while paused.
 */
export const SubmitBid = v.strictObject({ type: v.literal('bid'), round: whole(1, 1_000_000), bid: BidFields });

/**
 * An instructor command; every one carries the room code and the host secret.
 * - `next`: deal the next round's types (fresh draw) → phase `ready` (students see their type, bidding not open).
 * - `open`: open the `ready` round for bids (from `lobby` or `revealed` it deals the next round first); starts the timer.
 * - `close`: close the open round now and clear it (results kept for the reveal).
 * - `reveal`: show the closed round's results (host: aggregate; each student: their own).
 * - `switch`: the next round runs under `mechanism` on the SAME type draws as the last round (a replay); in `ready`
 *   it changes the dealt round's mechanism; in `lobby` the first round's.
 * - `pause` / `resume`: stop / restart the open round's timer; bids are refused while paused.
 * - `end`: end the session (an open round is closed, cleared and revealed first).
 * - `export`: ask for the whole session as JSON and CSV (answered by `export`).
 * - `upload-policies`: the PPO firms' policy networks (see `PolicySnapshot`); takes effect from the next round dealt.
 */
export const HostCommand = v.variant('kind', [
  v.strictObject({ kind: v.picklist(['next', 'open', 'close', 'reveal', 'pause', 'resume', 'end', 'export']) }),
  v.strictObject({ kind: v.literal('switch'), mechanism: MechanismId }),
  v.strictObject({ kind: v.literal('upload-policies'), policies: PolicySnapshot }),
]);
export const HostControl = v.strictObject({ type: v.literal('host'), code: RoomCode, secret: Secret, command: HostCommand });

/** Every message a client may send. */
export const ClientMessage = v.variant('type', [CreateRoom, HostResume, JoinRoom, SubmitBid, HostControl]);
export type ClientMessage = v.InferOutput<typeof ClientMessage>;
export type RoomSettings = v.InferOutput<typeof RoomSettings>;
export type HostCommand = v.InferOutput<typeof HostCommand>;
export type PolicySnapshotMessage = v.InferOutput<typeof PolicySnapshot>;

// ───────────────────────────── server → client ─────────────────────────────

/**
 * Where a room is in its round cycle: `lobby` (created, no round dealt) → `ready` (round dealt: types shown) →
 * `open` (bids accepted) → `closed` (cleared, not shown) → `revealed` → `ready` … → `ended`.
 */
export const Phase = v.picklist(['lobby', 'ready', 'open', 'closed', 'revealed', 'ended']);
export type Phase = v.InferOutput<typeof Phase>;

/** The round clock. `closesAt` is the server's epoch ms (compare with `serverNow` of the same message); null without a timer or when not open. */
const Clock = {
  /** Server time (epoch ms) when this message was sent. */
  serverNow: v.number(),
  /** When the open round closes by itself (epoch ms), or null. */
  closesAt: v.nullable(v.number()),
  /** While paused: ms the timer had left when paused; else null. */
  pausedRemainingMs: v.nullable(v.number()),
  paused: v.boolean(),
};

/** Demand reduction (shares of true demand withheld at the competitive price, `metrics/demandReduction.ts`) by class of bidder; null where the class has no bidder. */
export const ClassDri = v.strictObject({
  /** Students who bid this round (demand-weighted: 1 − ΣX_i/ΣD_i over the class). */
  humans: v.nullable(v.number()),
  /** PPO firms (same formula). */
  ppo: v.nullable(v.number()),
  /** Every firm of the round bidding truthfully (the benchmark, ≈ 0 by construction). */
  truthful: v.number(),
});

/** One round's headline figures (the host's history chart: class demand reduction per mechanism over rounds). */
export const RoundSummary = v.strictObject({
  round: v.number(),
  /** Which type draw the round used: equal draw indices are replays of the same types. */
  drawIndex: v.number(),
  mechanism: MechanismId,
  /** Firms in the market: PPO firms plus students with a bid. */
  bidders: v.number(),
  humanBids: v.number(),
  /** The mechanism's price (currency per permit; `PermitOutcomeMetrics.price`). */
  clearingPrice: v.number(),
  /** Where true demand meets supply (currency per permit). */
  competitivePrice: v.number(),
  revenue: v.number(),
  /** Allocative efficiency against the water-filling optimum (0–1, `metrics/permits.ts`). */
  efficiency: v.number(),
  unitsSold: v.number(),
  dri: ClassDri,
  /** The same firms bidding truthfully under the same mechanism: price, revenue, efficiency. */
  truthful: v.strictObject({ clearingPrice: v.number(), revenue: v.number(), efficiency: v.number() }),
});
export type RoundSummary = v.InferOutput<typeof RoundSummary>;

/**
 * A revealed round in full, for the projector: the summary plus the anonymous aggregate curves.
 * `bidSteps`: every bid step of the market merged and sorted by price, highest first, as [price, cumulative
 * quantity] (a step function: at prices ≥ price the market asks for that many permits). `trueDemand`: the summed
 * true demand D(p) = Σ max(0, e_i − p/c_i) at its breakpoints [price, quantity], highest price first (piecewise
 * linear between them). `supply`: the vertical supply line. No seat, name or individual bid is in it.
 */
export const RoundReveal = v.strictObject({
  summary: RoundSummary,
  supply: v.number(),
  bidSteps: v.array(v.tuple([v.number(), v.number()])),
  trueDemand: v.array(v.tuple([v.number(), v.number()])),
});
export type RoundReveal = v.InferOutput<typeof RoundReveal>;

/** A student on the host's roster (no type, no bid). `name` is verbatim user text: render it as text. */
export const RosterEntry = v.strictObject({ seat: v.number(), name: v.nullable(v.string()), connected: v.boolean(), hasBid: v.boolean() });

/**
 * The instructor's view of the room, sent after every change of phase, settings or policies, and to a host that
 * (re)connects. Between them, `counts` messages update the live numbers.
 */
export const HostView = v.strictObject({
  type: v.literal('host'),
  code: v.string(),
  settings: RoomSettings,
  phase: Phase,
  /** The current round (1, 2, …; 0 in the lobby). */
  round: v.number(),
  /** The mechanism of the current (or next, in the lobby) round. */
  mechanism: MechanismId,
  ...Clock,
  /** Students seated, connected now, and with a bid in the current round. */
  joined: v.number(),
  connected: v.number(),
  bidsIn: v.number(),
  /** Whether PPO policies are loaded (PPO seats sit out without them). */
  policiesLoaded: v.boolean(),
  roster: v.array(RosterEntry),
  /** Every revealed round, in order. */
  history: v.array(RoundSummary),
  /** The latest revealed round in full (null before the first reveal). */
  lastReveal: v.nullable(RoundReveal),
});
export type HostView = v.InferOutput<typeof HostView>;

/** Live counts for the projector (sent, throttled, as students join and bid). */
export const HostCounts = v.strictObject({ type: v.literal('counts'), round: v.number(), joined: v.number(), connected: v.number(), bidsIn: v.number() });

/** A student's own result in a revealed round, and what bidding truthfully (everyone else unchanged) would have given. */
export const StudentResult = v.strictObject({
  round: v.number(),
  mechanism: MechanismId,
  /** The bid that counted [pH, qH, pL, qL], or null when the student did not bid (sat the round out). */
  bid: v.nullable(v.array(v.number())),
  permits: v.number(),
  payment: v.number(),
  /** V(q) − payment, V(q) = c·q·(e − q/2) (`valuations/abatement.ts`). */
  profit: v.number(),
  truthfulPermits: v.number(),
  truthfulPayment: v.number(),
  truthfulProfit: v.number(),
  clearingPrice: v.number(),
});
export type StudentResult = v.InferOutput<typeof StudentResult>;

/**
 * A student's view: their own seat, private type, bid and results only. Sent on join, on every phase change and
 * after each of their own bids.
 */
export const StudentView = v.strictObject({
  type: v.literal('student'),
  code: v.string(),
  seat: v.number(),
  name: v.nullable(v.string()),
  phase: Phase,
  round: v.number(),
  mechanism: MechanismId,
  priceRule: v.picklist(['first-rejected', 'last-accepted']),
  supply: v.number(),
  reserve: v.number(),
  ...Clock,
  /** Own private type this round: cost slope c (per unit²) and emissions e (units); null in the lobby. */
  firm: v.nullable(v.strictObject({ c: v.number(), e: v.number() })),
  /** Own truthful two-tier bid [pH, qH, pL, qL] for this type (the form's "truthful" helper); null in the lobby. */
  truthfulBid: v.nullable(v.array(v.number())),
  /** Own bid in the current round as accepted [pH, qH, pL, qL], or null. */
  bid: v.nullable(v.array(v.number())),
  /** Own result of the current round once revealed, else null. */
  result: v.nullable(StudentResult),
  /** Own results of every revealed round so far. */
  results: v.array(StudentResult),
});
export type StudentView = v.InferOutput<typeof StudentView>;

/** Answer to `create`: keep `secret` in the instructor's browser (it is needed for every command and to resume). */
export const Created = v.strictObject({ type: v.literal('created'), code: v.string(), secret: v.string() });
/** Answer to `join`: keep `seatToken` in the student's browser to get the seat back after a reload. */
export const Joined = v.strictObject({ type: v.literal('joined'), code: v.string(), seat: v.number(), seatToken: v.string() });
/** Acknowledges an accepted bid (the `student` view that follows holds it). */
export const BidAccepted = v.strictObject({ type: v.literal('bid-accepted'), round: v.number(), bid: v.array(v.number()) });

/**
 * The whole session for export (`export` command): settings, and for every closed round every seat's type, bid
 * and outcome. `csv` holds the same as one row per (round, seat) (`sessionCsv`).
 */
export const SessionSeatRecord = v.strictObject({
  seat: v.number(),
  kind: v.picklist(['student', 'ppo']),
  name: v.nullable(v.string()),
  c: v.number(),
  e: v.number(),
  /** [pH, qH, pL, qL], or null when the seat sat the round out. */
  bid: v.nullable(v.array(v.number())),
  permits: v.number(),
  payment: v.number(),
  profit: v.number(),
  truthfulProfit: v.nullable(v.number()),
});
export const SessionRoundRecord = v.strictObject({
  summary: RoundSummary,
  openedAt: v.number(),
  closedAt: v.number(),
  seats: v.array(SessionSeatRecord),
});
export const SessionExport = v.strictObject({
  format: v.literal('auction-lab/classroom-session'),
  version: v.literal(1),
  code: v.string(),
  createdAt: v.number(),
  settings: RoomSettings,
  seed: v.number(),
  rounds: v.array(SessionRoundRecord),
});
export type SessionExport = v.InferOutput<typeof SessionExport>;
export const ExportMessage = v.strictObject({ type: v.literal('export'), session: SessionExport, csv: v.string() });

/** Why a message was refused. Sent to the sender only. */
export const ErrorCode = v.picklist([
  /** Not JSON, not one of the messages, or a field out of bounds (`message` names it). */
  'invalid-message',
  /** Frame longer than the limit. */
  'too-large',
  /** Too many messages (or wrong room codes) from this connection; `message` says when to retry. */
  'rate-limited',
  /** No room has this code (never says which rooms exist). */
  'no-such-room',
  /** Every student seat is taken, or the server holds its most rooms. */
  'room-full',
  /** Wrong host secret (or a control message from a non-host). */
  'not-host',
  /** The seat token does not belong to this room. */
  'bad-seat-token',
  /** A bid from a connection that has not joined the room. */
  'not-joined',
  /** A bid after the round closed, or for another round: it was not counted. */
  'late-bid',
  /** The bid fails the lab's validation; `message` is the lab form's. */
  'bid-invalid',
  /** The command does not apply in this phase (e.g. reveal before close); `message` says why. */
  'bad-phase',
  /** The uploaded policies cannot be used. */
  'policies-invalid',
  /** The session has ended. */
  'ended',
]);
export type ErrorCode = v.InferOutput<typeof ErrorCode>;
export const ErrorMessage = v.strictObject({ type: v.literal('error'), code: ErrorCode, message: v.string() });
export type ErrorMessage = v.InferOutput<typeof ErrorMessage>;

/** Every message the server may send. */
export const ServerMessage = v.variant('type', [Created, Joined, HostView, HostCounts, StudentView, BidAccepted, ExportMessage, ErrorMessage]);
export type ServerMessage = v.InferOutput<typeof ServerMessage>;

/** Read one client frame: size first, then JSON, then the schema. Never throws. */
export function parseClientMessage(text: string, maxChars = MAX_MESSAGE_CHARS): { ok: true; message: ClientMessage } | { ok: false; error: ErrorMessage } {
  if (text.length > maxChars) return { ok: false, error: { type: 'error', code: 'too-large', message: `message of ${text.length} characters; at most ${maxChars}` } };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: { type: 'error', code: 'invalid-message', message: 'not JSON' } };
  }
  const r = v.safeParse(ClientMessage, raw);
  if (!r.success) return { ok: false, error: { type: 'error', code: 'invalid-message', message: issueText(r.issues) } };
  return { ok: true, message: r.output };
}

/** Read one server frame (the browser side). Never throws. */
export function parseServerMessage(text: string): { ok: true; message: ServerMessage } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const r = v.safeParse(ServerMessage, raw);
  return r.success ? { ok: true, message: r.output } : { ok: false, reason: issueText(r.issues) };
}

/** The first issue as one line naming the field (`settings.supply: …`). */
function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'invalid message';
  const path = v.getDotPath(first);
  return `${path ? `${path}: ` : ''}${first.message}`.slice(0, 300);
}
