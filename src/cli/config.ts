/**
 * Strict config resolution for the CLI: lab defaults (or a preset / link), then `--set` overrides, validated
 * against the lab schema with no clamping. The URL clamps and reports; the CLI refuses: any problem in what
 * the user typed is a `CliError` (exit 2) naming the field and its allowed range.
 */
import { parseSeed } from '../core/config/seed';
import { describeIssue, describeRange, parseConfig, type ConfigIssue, type ConfigSchema } from '../core/config/schema';
import type { LabDefinition } from '../core/labs/types';
import { DEFAULT_SEED, RESERVED_KEYS, findPresetByIdOrUrl } from '../presets/urlCodec';
import { quote, type SetOption } from './args';
import { CliError } from './errors';

/** The experiment a CLI run will execute. */
export interface ResolvedExperiment {
  /** Every schema key, validated and normalized. */
  config: Record<string, unknown>;
  seed: number;
  /**
   * Adjustments the lab's cross-field rules made to settings the user did not give (e.g.
   * `--preset asymmetric --set bidders=3`: the preset's two upper bounds do not fit three bidders, so the
   * default bound is used for every bidder). Printed as notes on stderr.
   */
  notes: string[];
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Read `--set seed=…` with the seed field's one parser (strict: a bad seed is refused). */
export function parseSeedValue(value: unknown): number {
  const { value: n, issue } = parseSeed(typeof value === 'string' ? value.trim() : value);
  if (issue) throw new CliError(describeIssue(issue, 'strict'));
  return n;
}

/** A normalize issue on a setting the user gave explicitly: refuse, and say what is expected. */
function explicitIssue(schema: ConfigSchema, issue: ConfigIssue, source: string): CliError {
  const field = schema[issue.field];
  const what = describeIssue(issue, 'strict');
  const expected = field ? `; expected ${describeRange(field)}, consistent with the other settings` : '';
  return new CliError(`${source}${what}${expected}`);
}

/**
 * Keys a link spells out (decoded, reserved keys dropped). Used to tell a normalize adjustment of a key the
 * link gave (refused) from one of a key it left to its default (accepted with a note).
 */
function linkKeys(link: string): Set<string> {
  const hashAt = link.indexOf('#');
  const body = hashAt >= 0 ? link.slice(hashAt + 1) : link;
  const keys = new Set<string>();
  for (const segment of body.split('&')) {
    const eq = segment.indexOf('=');
    const rawKey = eq < 0 ? segment : segment.slice(0, eq);
    try {
      const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      if (key && !RESERVED_KEYS.includes(key)) keys.add(key);
    } catch {
      // malformed: decodeExperiment reports it
    }
  }
  return keys;
}

/** Start from a preset id or a link (`--preset`), strictly: every message the decoder has is an error. */
function fromPreset(lab: LabDefinition, preset: string): ResolvedExperiment {
  const found = findPresetByIdOrUrl(lab.id, preset);
  if (!found) {
    const ids = lab.presets.map((p) => p.id).join('|');
    throw new CliError(`--preset ${quote(preset)}: no such preset for ${lab.id}; expected one of ${ids || '(none)'} or a link`);
  }
  if (found.fallback) throw new CliError(`--preset link: ${found.messages.join('; ')}`);
  // The link's own problems (version, lab, seed, encoding) are every message that is not a settings issue.
  const rendered = new Set(found.issues.map((i) => describeIssue(i, 'clamp')));
  const errors = found.messages.filter((m) => !rendered.has(m));
  const notes: string[] = [];
  // Cross-field adjustments of keys the link did not spell out are not the user's mistake (a hand-written
  // `#lab=optimal-auction&prior=hetero&bidders=3` gets a third default upper bound): keep them as notes.
  const given = linkKeys(preset);
  for (const issue of found.issues) {
    if (issue.code === 'inconsistent' && !given.has(issue.field)) notes.push(describeIssue(issue, 'clamp'));
    else errors.push(describeIssue(issue, 'strict'));
  }
  if (errors.length) throw new CliError(`--preset link: ${errors.join('; ')}`);
  return { config: { ...found.experiment.config }, seed: found.experiment.seed, notes };
}

/**
 * Resolve the experiment of a CLI run: lab defaults or `preset` (an id of this lab, or a link), then the
 * `--set` overrides (`seed` included). Strict: an unknown key, a malformed or out-of-range value, a bad seed,
 * an unknown preset, a link with any problem, or a cross-field conflict in keys the user set all throw a
 * one-line `CliError` (exit 2) naming the field and its allowed range.
 */
export function resolveExperiment(lab: LabDefinition, preset: string | undefined, sets: readonly SetOption[]): ResolvedExperiment {
  const base = preset !== undefined ? fromPreset(lab, preset) : { ...defaultsFor(lab), notes: [] as string[] };
  let seed = base.seed;
  const overrides: Record<string, unknown> = {};
  for (const s of sets) {
    if (s.key === 'seed') {
      seed = parseSeedValue(s.value);
      continue;
    }
    if (!hasOwn(lab.schema, s.key)) {
      throw new CliError(`--set ${quote(s.key)}: unknown key for ${lab.id}; expected one of ${[...Object.keys(lab.schema), 'seed'].join(', ')}`);
    }
    overrides[s.key] = s.value;
  }
  const parsed = parseConfig(lab.schema, { ...base.config, ...overrides });
  if (parsed.issues.length) throw new CliError(parsed.issues.map((i) => describeIssue(i, 'strict')).join('; '));
  const normalized = lab.normalize(parsed.config);
  const notes = [...base.notes];
  for (const issue of normalized.issues) {
    if (hasOwn(overrides, issue.field)) throw explicitIssue(lab.schema, issue, '');
    notes.push(describeIssue(issue, 'clamp'));
  }
  return { config: normalized.config, seed, notes };
}

/** The lab's defaults, normalized, with the default seed. */
function defaultsFor(lab: LabDefinition): { config: Record<string, unknown>; seed: number } {
  const { config } = parseConfig(lab.schema, undefined);
  return { config: lab.normalize(config).config, seed: DEFAULT_SEED };
}
