/**
 * URL codec for experiments: `(lab, config, seed)` ⇄ the URL hash body
 * `v=1&lab=learn-to-bid&seed=7&mechanism=first-price&bidders=3&upper=1,1,1&…`.
 *
 * Links are untrusted input: decoding validates against the lab's schema, clamps and
 * reports, migrates old versions and never throws. Encoding writes every schema key, so a link
 * stays exact when defaults change later. Pure TypeScript, no DOM: runs in Node, workers and the page.
 */
import { restoreLabConfig } from '../core/labs/configReader';
import { parseSeed, seedField } from '../core/config/seed';
import { describeIssue, parseConfig, preview, type ConfigIssue, type ConfigSchema, type Field } from '../core/config/schema';
import { findLab, labs } from '../core/labs/registry';
import type { LabDefinition } from '../core/labs/types';
import { rescaleLegacyBeta, rescaleLegacyBetaLink } from '../core/labs/learnToBid/legacyBeta';

/** Version of the link format, written as `v=` in every link. Bump it (and add a migration) when old links would read differently. */
export const PRESET_VERSION = 2;

/** Longest hash body (characters, after the leading `#`) that is read at all; longer links fall back to defaults. */
export const MAX_LINK_LENGTH = 4000;

/** Largest seed a link may carry (the seed field's bound). */
export const MAX_SEED = seedField.max;

/** Seed used when a link has none or an unusable one (the seed field's default). */
export const DEFAULT_SEED = seedField.default;

/** Banner messages kept per decode; further ones are summarised in one "… more" line. */
export const MAX_MESSAGES = 12;

/** Link keys that are not config keys. No lab schema may use these names (tested). */
export const RESERVED_KEYS: readonly string[] = ['v', 'lab', 'seed'];

/** A run as data: lab id, config (keys of that lab's schema) and seed. */
export interface Experiment {
  lab: string;
  config: Record<string, unknown>;
  seed: number;
}

/** What `decodeExperiment` returns: always a runnable experiment, plus banner messages. */
export interface DecodeResult {
  /** A valid experiment: a registered lab, a config that passes its schema and `normalize`, a seed in [0, MAX_SEED]. */
  experiment: Experiment;
  /** Short human sentences for a banner, one per problem found; empty for a clean link. */
  messages: string[];
  /** True when the lab or the whole link was unusable and the default lab's defaults were used instead. */
  fallback: boolean;
  /** The settings' problems among `messages`, as data (the link's version, lab and seed problems are not among them). */
  issues: ConfigIssue[];
}

/** Raw link parameters (decoded keys and values, versions and seed included), as migrations see them. */
export type LinkParams = Record<string, string>;

/** Rewrites the params of a `v=N` link into those of a `v=N+1` link. Pure; must not throw. */
export type Migration = (params: LinkParams) => LinkParams;

/**
 * Migrations, keyed by the version they upgrade FROM: `migrations[N]` turns v=N params into v=N+1 params.
 * A link of version v runs `migrations[v]`, `migrations[v+1]`, … up to `PRESET_VERSION − 1`; a missing
 * step means that version bump did not change how existing keys read.
 *
 * How to add one: when a change would make old links read differently (a key renamed, a unit or an enum
 * value changed, a lab id renamed), bump `PRESET_VERSION` to N+1 and add
 * `N: (p) => { const { oldKey, ...rest } = p; return oldKey === undefined ? rest : { ...rest, newKey: oldKey }; }`.
 * Check `p.lab` when a step concerns one lab only. Keep every migration forever, and add a test that
 * decodes a real v=N link to the expected experiment with no messages.
 * (Adding a new key with a default needs no migration: old links simply lack it.)
 */
export const migrations: Readonly<Record<number, Migration>> = {
  // v=2: learn-to-bid's β became relative to the value range (β₂ = β₁ · max upper).
  1: (p) => (p.lab === 'learn-to-bid' ? rescaleLegacyBetaLink(p) : p),
};

/**
 * Upgrade a stored config (a run record, an imported file) of version `from` to the current one, as a link's
 * params are upgraded: numbers stay numbers. Only the steps that concern config values are repeated here.
 */
export function migrateStoredConfig(lab: string, config: Readonly<Record<string, unknown>>, from: number): Record<string, unknown> {
  return from < 2 && lab === 'learn-to-bid' ? rescaleLegacyBeta(config) : { ...config };
}

// ---------------------------------------------------------------------------------------------------------
// Encoding

/** Replace lone UTF-16 surrogates (which `encodeURIComponent` rejects) by U+FFFD. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Percent-encode one key or value. Readable where safe: commas stay literal (list separator), everything
 * else follows `encodeURIComponent`, which `URLSearchParams` and `decodeExperiment` both read back.
 */
function encodeComponent(s: string): string {
  return encodeURIComponent(wellFormed(s)).replace(/%2C/gi, ',');
}

/**
 * One config value as link text: numbers in shortest round-trip form (`String(x)`), lists comma-joined,
 * booleans `true`/`false`, strings as they are. `field` is undefined for keys outside the schema.
 */
function formatValue(field: Field | undefined, value: unknown): string {
  if (field?.kind === 'json') return JSON.stringify(value === undefined ? field.default : value);
  if (Array.isArray(value)) return value.map((x) => String(x)).join(',');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined && field) return formatValue(undefined, field.default);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Encode an experiment as a URL hash body (no leading `#`): `v`, `lab`, `seed`, then every key of the lab's
 * schema in schema order (missing keys written with their defaults; keys outside the schema left out).
 * For a lab that is not registered, the config's own keys are written as given. Does not validate:
 * `decodeExperiment` is the validating side.
 */
export function encodeExperiment(e: Experiment): string {
  const parts: string[] = [`v=${PRESET_VERSION}`, `lab=${encodeComponent(String(e.lab))}`, `seed=${encodeComponent(String(e.seed))}`];
  const lab = findLab(e.lab);
  const config = e.config ?? {};
  const keys = lab ? Object.keys(lab.schema) : Object.keys(config).filter((k) => !RESERVED_KEYS.includes(k));
  for (const key of keys) {
    const value = Object.prototype.hasOwnProperty.call(config, key) ? config[key] : undefined;
    parts.push(`${encodeComponent(key)}=${encodeComponent(formatValue(lab?.schema[key], value))}`);
  }
  return parts.join('&');
}

// ---------------------------------------------------------------------------------------------------------
// Decoding

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** A params record without a prototype, so keys like `__proto__` or `constructor` are plain data. */
function emptyParams(): LinkParams {
  return Object.create(null) as LinkParams;
}

/** `application/x-www-form-urlencoded` decoding of one component (`+` is a space); undefined when the %-encoding is malformed. */
function decodeComponent(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Split a hash body into params, `URLSearchParams`-style: `&`-separated, first `=` splits key from value,
 * empty segments skipped, a later duplicate key wins. Segments with malformed %-encoding are dropped
 * and reported.
 */
function parseParams(body: string, messages: string[]): LinkParams {
  const params = emptyParams();
  for (const segment of body.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const rawKey = eq < 0 ? segment : segment.slice(0, eq);
    const rawValue = eq < 0 ? '' : segment.slice(eq + 1);
    const key = decodeComponent(rawKey);
    if (key === undefined) {
      messages.push(`link has malformed %-encoding ("${preview(segment)}"); that part is ignored`);
      continue;
    }
    const value = decodeComponent(rawValue);
    if (value === undefined) {
      delete params[key];
      messages.push(`${preview(key)}: malformed %-encoding ("${preview(rawValue)}"); ignored`);
      continue;
    }
    params[key] = value;
  }
  return params;
}

/**
 * Upgrade link params from version `from` to version `to` by running `table[from]`, `table[from+1]`, …,
 * `table[to−1]` (missing steps are the identity). A step that throws is skipped and reported.
 * Exported for tests; `decodeExperiment` calls it with the built-in `migrations`.
 */
export function migrateParams(
  params: LinkParams,
  from: number,
  table: Readonly<Record<number, Migration>> = migrations,
  to: number = PRESET_VERSION,
): { params: LinkParams; messages: string[] } {
  const messages: string[] = [];
  let current = params;
  for (let version = from; version < to; version++) {
    const step = hasOwn(table, String(version)) ? table[version] : undefined;
    if (!step) continue;
    try {
      const next = step({ ...current });
      const copy = emptyParams();
      for (const [k, v] of Object.entries(next)) if (typeof v === 'string') copy[k] = v;
      current = copy;
    } catch {
      messages.push(`could not upgrade the link from v=${version} to v=${version + 1}; some settings may be off`);
    }
  }
  return { params: current, messages };
}

/** The lab a link falls back to: the first one in the registry. */
function defaultLab(): LabDefinition<ConfigSchema> {
  return labs[0];
}

/** Defaults of a lab as a normalized experiment with seed `DEFAULT_SEED`. */
function defaultExperiment(lab: LabDefinition<ConfigSchema>): Experiment {
  const { config } = parseConfig(lab.schema, undefined);
  return { lab: lab.id, config: lab.normalize(config).config, seed: DEFAULT_SEED };
}

/** Read `seed` with the seed field's one parser; a missing seed is the default, silently. */
function linkSeed(raw: string | undefined, messages: string[]): number {
  if (raw === undefined) return DEFAULT_SEED;
  const { value, issue } = parseSeed(raw);
  if (issue) messages.push(describeIssue(issue, 'clamp'));
  return value;
}

/** Read `v`: a positive integer; missing or unreadable means the current version. */
function parseVersion(raw: string | undefined, messages: string[]): number {
  if (raw === undefined) return PRESET_VERSION;
  const n = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isInteger(n) && n >= 1) return n;
  messages.push(`link version "${preview(raw)}" is not readable; reading it as v=${PRESET_VERSION}`);
  return PRESET_VERSION;
}

/** Dedupe messages and cap them at `MAX_MESSAGES` lines for the banner. */
function tidy(messages: string[]): string[] {
  const unique = [...new Set(messages)];
  if (unique.length <= MAX_MESSAGES) return unique;
  const kept = unique.slice(0, MAX_MESSAGES - 1);
  kept.push(`… and ${unique.length - kept.length} more problems with this link`);
  return kept;
}

function decodeUnsafe(hash: string): DecodeResult {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const fallbackLab = defaultLab();
  const fallbackTo = (messages: string[]): DecodeResult => ({
    experiment: defaultExperiment(fallbackLab),
    messages: tidy(messages),
    issues: [],
    fallback: true,
  });

  if (body.trim() === '') return { experiment: defaultExperiment(fallbackLab), messages: [], issues: [], fallback: false };
  if (body.length > MAX_LINK_LENGTH) {
    return fallbackTo([
      `link is too long (${body.length} characters, limit ${MAX_LINK_LENGTH}); showing the ${fallbackLab.id} defaults`,
    ]);
  }

  const encodingMessages: string[] = [];
  let params = parseParams(body, encodingMessages);
  if (Object.keys(params).length === 0 && encodingMessages.length === 0) {
    return { experiment: defaultExperiment(fallbackLab), messages: [], issues: [], fallback: false };
  }

  // Banner order: version first (it explains what follows), then encoding, lab, seed and config problems.
  const messages: string[] = [];
  const version = parseVersion(hasOwn(params, 'v') ? params.v : undefined, messages);
  delete params.v;
  if (version > PRESET_VERSION) {
    messages.push(`link is from a newer version (v=${version}); settings this version does not know are ignored`);
  } else if (version < PRESET_VERSION) {
    const migrated = migrateParams(params, version);
    params = migrated.params;
    messages.push(...migrated.messages);
  }
  messages.push(...encodingMessages);

  const labId = hasOwn(params, 'lab') ? params.lab : undefined;
  const lab = labId === undefined ? undefined : findLab(labId);
  if (!lab) {
    messages.push(
      labId === undefined
        ? `link names no lab; showing the ${fallbackLab.id} defaults`
        : `unknown lab "${preview(labId)}"; showing the ${fallbackLab.id} defaults`,
    );
    return fallbackTo(messages);
  }

  const seed = linkSeed(hasOwn(params, 'seed') ? params.seed : undefined, messages);

  const input = emptyParams();
  const issues: ConfigIssue[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (RESERVED_KEYS.includes(key)) continue;
    if (hasOwn(lab.schema, key)) input[key] = value;
    else issues.push({ field: key, code: 'unknown-key', message: `unknown setting "${preview(key)}" for ${lab.id}`, repair: 'ignored' });
  }
  const restored = restoreLabConfig(lab, input);
  const config = restored.config;
  // A repaired value is shown as the link would write it, after the lab's cross-field rules.
  for (const issue of restored.issues) {
    const field = issue.code !== 'inconsistent' && hasOwn(lab.schema, issue.field) ? lab.schema[issue.field] : undefined;
    issues.push(field ? { ...issue, repair: `using ${preview(formatValue(field, config[issue.field]))}` } : issue);
  }
  messages.push(...issues.map((i) => describeIssue(i, 'clamp')));

  return { experiment: { lab: lab.id, config, seed }, messages: tidy(messages), issues, fallback: false };
}

/**
 * Decode a URL hash (with or without the leading `#`) into a runnable experiment. Never throws, for any
 * string: unusable parts are replaced by defaults and reported in `messages`.
 *
 * - Empty hash: the first registered lab with its defaults and seed 1, no messages.
 * - Longer than `MAX_LINK_LENGTH`, or a missing / unknown lab: that lab's defaults, a message, `fallback`.
 * - `v` missing: read as the current version; newer: a message, keys still read; older: `migrations` run.
 * - Config keys go through the lab schema (`parseConfig`, clamping with a message naming the field and
 *   its range) and `normalize` (every cross-field problem it finds is a message); unknown keys are dropped
 *   with a message; the last duplicate key wins.
 * - `seed`: an integer in [0, MAX_SEED]; anything else becomes 1 with a message.
 */
export function decodeExperiment(hash: string): DecodeResult {
  try {
    return decodeUnsafe(typeof hash === 'string' ? hash : String(hash));
  } catch {
    // Last line of defence (a lab's normalize misbehaving, say): a link must never break the page.
    const lab = defaultLab();
    return {
      experiment: defaultExperiment(lab),
      messages: [`link could not be read; showing the ${lab.id} defaults`],
      issues: [],
      fallback: true,
    };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Presets

/**
 * A built-in preset as an experiment: the lab defaults overlaid with `preset.config`, validated and
 * normalized, with the preset's seed. Undefined for an unknown lab or preset id.
 */
export function presetExperiment(labId: string, presetId: string): Experiment | undefined {
  const lab = findLab(labId);
  const preset = lab?.presets.find((p) => p.id === presetId);
  if (!lab || !preset) return undefined;
  const { config } = parseConfig(lab.schema, { ...preset.config });
  return { lab: lab.id, config: lab.normalize(config).config, seed: preset.seed };
}

/**
 * Resolve the CLI's `--preset NAME|URL` for lab `labId`. A value containing `=` or `#` is read as a link
 * (a full URL, a `#v=…` hash or a bare hash body) and decoded; a link for a different lab gets a message
 * saying so (the caller decides whether to refuse). Anything else is a preset id of `labId`: its experiment
 * with no messages, or undefined when there is no such preset.
 */
export function findPresetByIdOrUrl(labId: string, nameOrUrl: string): DecodeResult | undefined {
  if (nameOrUrl.includes('=') || nameOrUrl.includes('#')) {
    const hashAt = nameOrUrl.indexOf('#');
    const result = decodeExperiment(hashAt >= 0 ? nameOrUrl.slice(hashAt + 1) : nameOrUrl);
    if (result.experiment.lab !== labId) {
      return { ...result, messages: [...result.messages, `link is for lab "${result.experiment.lab}", not "${preview(labId)}"`] };
    }
    return result;
  }
  const experiment = presetExperiment(labId, nameOrUrl);
  return experiment ? { experiment, messages: [], issues: [], fallback: false } : undefined;
}

