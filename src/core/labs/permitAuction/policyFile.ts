import { preview } from '../../config/schema';
import { DEFAULT_PPO } from '../../learning/ppo';
import { paramCount } from '../../learning/mlp';
import type { PpoPolicySnapshot } from '../../learning/ppoAgents';
import type { MultiUnitMechanismId } from '../../mechanisms/multiUnit';
import { multiUnitMechanismIds, multiUnitMechanisms } from '../../mechanisms/multiUnitRegistry';
import { FIRMS_MAX, FIRMS_MIN, firmsOfCount } from './fields';
import { permitAuctionSchema, type PermitAuctionConfig } from './schema';
import { PERMIT_PPO_HYPER } from './train';

/**
 * The permit-auction policy file ("Save … policies" / "Import policies…"): trained PPO firms plus the lab settings
 * and seed they were trained with. One writer (`policyFileText`) and one reader (`parsePolicyFile`); the reader
 * checks every field of untrusted text and hands back only typed, bounded values, so nothing from a file reaches
 * the page or a run as it was written.
 */

/** Tag of the file format (`format`) and its version (`version`). */
export const POLICY_FILE_FORMAT = 'auction-lab/permit-policies';
export const POLICY_FILE_VERSION = 1;
/** Tag of the policy snapshot inside (`policies.format`, `policies.version`), as `PpoAgents.exportPolicies` writes it. */
const SNAPSHOT_FORMAT = 'auction-lab/ppo-policies';
const SNAPSHOT_VERSION = 1;

/** A permit firm observes its own type (c, e), normalized: 2 inputs (`env/permitAuctionEnv.ts`, `observeType`). */
export const PERMIT_OBS_DIM = 2;
/** A permit firm's action is the latent of its two-tier bid [pH, qH, pL, qL]: 4 outputs (`actionMapping.ts`). */
export const PERMIT_ACT_DIM = 4;

/**
 * Largest policy file read, in characters of JSON text. The largest file the lab writes (12 firms, 128 hidden
 * units: 12 × 17,412 weights at ≤ 24 characters each) is about 5 MB.
 */
export const POLICY_FILE_MAX_CHARS = 8_000_000;
/**
 * Largest |weight| accepted. Trained weights stay of order 1 (tanh networks, Adam steps of 3e-4 with gradient
 * clipping); 1e6 is far above anything training produces and keeps every forward pass finite.
 */
export const POLICY_WEIGHT_MAX = 1e6;
/** Log-std bounds: the trainer's own clamp (`learning/ppo.ts` `logStdMin`/`logStdMax` under `PERMIT_PPO_HYPER`). */
export const LOG_STD_MIN = { ...DEFAULT_PPO, ...PERMIT_PPO_HYPER }.logStdMin;
export const LOG_STD_MAX = { ...DEFAULT_PPO, ...PERMIT_PPO_HYPER }.logStdMax;
/** Most problem sentences reported for one file (the rest are counted), so a hostile file cannot flood the banner. */
export const POLICY_FILE_MAX_MESSAGES = 12;

/** A policy file, validated: the mechanism the firms were trained under, the settings, the seed and the networks. */
export interface PolicyFile {
  format: typeof POLICY_FILE_FORMAT;
  version: typeof POLICY_FILE_VERSION;
  mechanism: MultiUnitMechanismId;
  /** Train-mode settings, restored as a link's are (clamped, normalized); `firms.length` = `policies.agents`. */
  config: PermitAuctionConfig;
  seed: number;
  policies: PpoPolicySnapshot;
}

/**
 * The one restore path for settings that arrive as data (`presets/restore.ts` `restoreExperiment`, which the core
 * may not import): the caller passes it in.
 */
export type SettingsRestore = (input: { v?: unknown; lab?: unknown; config?: unknown; seed?: unknown }) =>
  | { ok: true; experiment: { lab: string; config: Record<string, unknown>; seed: number }; messages: string[] }
  | { ok: false; reason: string };

/** What reading a policy file gave: the file and a sentence per problem repaired, or why it was refused. */
export type PolicyFileResult = { ok: true; file: PolicyFile; messages: string[] } | { ok: false; reason: string };

/** The text of a policy file for trained policies (what "Save … policies" downloads). */
export function policyFileText(part: { mechanism: MultiUnitMechanismId; config: PermitAuctionConfig; seed: number; policies: PpoPolicySnapshot }): string {
  const file: PolicyFile = { format: POLICY_FILE_FORMAT, version: POLICY_FILE_VERSION, mechanism: part.mechanism, config: part.config, seed: part.seed, policies: part.policies };
  return JSON.stringify(file);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isMechanism = (x: unknown): x is MultiUnitMechanismId => typeof x === 'string' && Object.hasOwn(multiUnitMechanisms, x);

class Refused extends Error {}
function refuse(reason: string): never {
  throw new Refused(reason);
}

function unknownKeys(o: Record<string, unknown>, known: readonly string[], where: string, messages: string[]): void {
  for (const k of Object.keys(o)) if (!known.includes(k)) messages.push(`${where}${preview(k)}: unknown key, ignored`);
}

function wholeNumber(o: Record<string, unknown>, key: string, min: number, max: number): number {
  const x = o[key];
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) {
    refuse(`policies.${key} is ${preview(x)}; expected ${min === max ? `${min}` : `an integer in [${min}, ${max}]`}`);
  }
  return x;
}

/** Every entry a finite number, or the reason naming the first that is not. */
function numbers(raw: unknown, key: string, length: number, what: string): number[] {
  if (!Array.isArray(raw)) return refuse(`policies.${key} is not a list (${preview(raw)})`);
  if (raw.length !== length) return refuse(`policies.${key} has ${raw.length} entries; the network sizes imply ${length}`);
  const out = new Array<number>(length);
  for (let i = 0; i < length; i++) {
    const x: unknown = raw[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) return refuse(`policies.${key}[${i}] is ${preview(x)}; ${what}`);
    out[i] = x;
  }
  return out;
}

function readSnapshot(raw: unknown, messages: string[]): PpoPolicySnapshot {
  if (!isObject(raw)) return refuse('the file has no policies');
  if (raw.format !== SNAPSHOT_FORMAT) refuse(`policies.format is ${preview(raw.format)}; expected ${SNAPSHOT_FORMAT}`);
  if (raw.version !== SNAPSHOT_VERSION) refuse(`policies.version ${preview(raw.version)} is not supported (expected ${SNAPSHOT_VERSION})`);
  unknownKeys(raw, ['format', 'version', 'agents', 'obsDim', 'hidden', 'actDim', 'policyParams', 'logStd'], 'policies.', messages);
  const agents = wholeNumber(raw, 'agents', FIRMS_MIN, FIRMS_MAX);
  const obsDim = wholeNumber(raw, 'obsDim', PERMIT_OBS_DIM, PERMIT_OBS_DIM);
  const actDim = wholeNumber(raw, 'actDim', PERMIT_ACT_DIM, PERMIT_ACT_DIM);
  const hidden = wholeNumber(raw, 'hidden', permitAuctionSchema.hidden.min, permitAuctionSchema.hidden.max);
  const policyParams = numbers(raw.policyParams, 'policyParams', agents * paramCount(obsDim, hidden, actDim), `every weight must be a finite number with |w| ≤ ${POLICY_WEIGHT_MAX}`);
  const big = policyParams.findIndex((w) => Math.abs(w) > POLICY_WEIGHT_MAX);
  if (big >= 0) refuse(`policies.policyParams[${big}] is ${preview(policyParams[big])}; every weight must be a finite number with |w| ≤ ${POLICY_WEIGHT_MAX}`);
  const logStd = numbers(raw.logStd, 'logStd', agents * actDim, `every log-std must be a finite number in [${LOG_STD_MIN}, ${LOG_STD_MAX}]`);
  let clamped = 0;
  for (let i = 0; i < logStd.length; i++) {
    const l = Math.min(LOG_STD_MAX, Math.max(LOG_STD_MIN, logStd[i]));
    if (l !== logStd[i]) clamped++;
    logStd[i] = l;
  }
  if (clamped) messages.push(`policies.logStd: ${clamped} ${clamped === 1 ? 'entry was' : 'entries were'} outside [${LOG_STD_MIN}, ${LOG_STD_MAX}] (the trainer's bounds) and clamped`);
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, agents, obsDim, hidden, actDim, policyParams, logStd };
}

/** Settings the networks fix: train mode, their firm count, their mechanism and hidden width. */
function alignSettings(config: PermitAuctionConfig, mechanism: MultiUnitMechanismId, policies: PpoPolicySnapshot, messages: string[]): PermitAuctionConfig {
  let c = config;
  if (c.mode !== 'train') {
    messages.push(`mode: ${c.mode}; policies are trained, so read as train`);
    c = { ...c, mode: 'train' };
  }
  if (c.firms.length !== policies.agents) {
    messages.push(`firms: the settings have ${c.firms.length} firms, the policies ${policies.agents}; the policies' count is used`);
    c = { ...c, firms: firmsOfCount(policies.agents) };
  }
  if (c.mechanism !== mechanism) {
    messages.push(`mechanism: the settings say ${c.mechanism}, the policies were trained under ${mechanism}; ${mechanism} is used`);
    c = { ...c, mechanism };
  }
  if (c.hidden !== policies.hidden) {
    messages.push(`hidden: the settings say ${c.hidden} units, the networks have ${policies.hidden}; ${policies.hidden} is used`);
    c = { ...c, hidden: policies.hidden };
  }
  return c;
}

function capped(messages: string[]): string[] {
  if (messages.length <= POLICY_FILE_MAX_MESSAGES) return messages;
  const rest = messages.length - (POLICY_FILE_MAX_MESSAGES - 1);
  return [...messages.slice(0, POLICY_FILE_MAX_MESSAGES - 1), `… and ${rest} more problems`];
}

/**
 * Read a policy file from untrusted text. Checked, in order: size (≤ `POLICY_FILE_MAX_CHARS`), JSON, `format` and
 * `version` tags, `mechanism` (a registered multi-unit mechanism id), the snapshot's tags, `agents` (FIRMS_MIN–
 * FIRMS_MAX), `obsDim` = 2, `actDim` = 4, `hidden` (the schema's bounds), `policyParams` (exactly
 * agents × paramCount(2, hidden, 4) finite numbers, |w| ≤ `POLICY_WEIGHT_MAX`), `logStd` (agents × 4 finite
 * numbers, clamped to [LOG_STD_MIN, LOG_STD_MAX]), then `config` and `seed` through `restore` (clamped and reported
 * exactly as a link's) and aligned with the networks (`alignSettings`). Unknown keys are dropped and reported.
 * A file whose networks cannot be used is refused with the reason; never throws.
 */
export function parsePolicyFile(text: string, restore: SettingsRestore): PolicyFileResult {
  try {
    if (typeof text !== 'string') return { ok: false, reason: 'not text' };
    if (text.length > POLICY_FILE_MAX_CHARS) {
      return { ok: false, reason: `the file has ${(text.length / 1e6).toFixed(1)} million characters; a policy file has at most ${POLICY_FILE_MAX_CHARS / 1e6} million` };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'not JSON' };
    }
    if (!isObject(raw) || raw.format !== POLICY_FILE_FORMAT) return { ok: false, reason: `not an Auction Lab policy file (format ${POLICY_FILE_FORMAT})` };
    if (raw.version !== POLICY_FILE_VERSION) return { ok: false, reason: `policy file version ${preview(raw.version)} is not supported (expected ${POLICY_FILE_VERSION})` };
    const mechanism = raw.mechanism;
    if (!isMechanism(mechanism)) return { ok: false, reason: `mechanism ${preview(mechanism)} is not one of ${multiUnitMechanismIds.join('|')}` };
    const messages: string[] = [];
    unknownKeys(raw, ['format', 'version', 'mechanism', 'config', 'seed', 'policies'], '', messages);
    const policies = readSnapshot(raw.policies, messages);
    const restored = restore({ lab: 'permit-auction', config: raw.config, seed: raw.seed });
    if (!restored.ok) return { ok: false, reason: `its settings cannot be used: ${restored.reason}` };
    if (restored.experiment.lab !== 'permit-auction') return { ok: false, reason: `its settings are for ${preview(restored.experiment.lab)}` };
    messages.push(...restored.messages.map((m) => `settings: ${m}`));
    // restore read the config with the permit-auction schema and normalize: it is that lab's config.
    const config = alignSettings(restored.experiment.config as PermitAuctionConfig, mechanism, policies, messages);
    const file: PolicyFile = { format: POLICY_FILE_FORMAT, version: POLICY_FILE_VERSION, mechanism, config, seed: restored.experiment.seed, policies };
    return { ok: true, file, messages: capped(messages) };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, reason: e.message };
    return { ok: false, reason: `it could not be read (${e instanceof Error ? preview(e.message) : 'unknown error'})` };
  }
}
