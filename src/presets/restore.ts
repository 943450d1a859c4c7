/**
 * One restore path for experiments that arrive as data rather than as a link: a stored run record, an imported
 * runs file, a saved warm start or study. It reads `{v, lab, config, seed}` exactly as a link is read (the lab
 * registry, the lab's schema in clamp mode, its `normalize`), so nothing stored can reach a run that a link could
 * not. A record of an older version is upgraded first (`migrateStoredConfig`). Never throws.
 */
import { restoreLabConfig } from '../core/labs/configReader';
import { parseSeed, seedField } from '../core/config/seed';
import { describeIssue, describeRange, preview } from '../core/config/schema';
import { findLab } from '../core/labs/registry';
import { migrateStoredConfig, PRESET_VERSION, type Experiment } from './urlCodec';

/** What restoring gave: a runnable experiment and a sentence per problem, or why nothing could be restored. */
export type RestoreResult = { ok: true; experiment: Experiment; messages: string[] } | { ok: false; reason: string };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Restore `{v, lab, config, seed}` from untrusted data. The lab must be registered (else nothing is restored:
 * a record of an unknown lab cannot be shown); `config` goes through the lab's schema and `normalize` (bad
 * values clamped or defaulted, unknown keys dropped, each reported); a missing or unusable seed is refused, since
 * a run without its seed is not that run. `v` newer than this version is read with a message.
 */
export function restoreExperiment(input: { v?: unknown; lab?: unknown; config?: unknown; seed?: unknown }): RestoreResult {
  try {
    const lab = typeof input.lab === 'string' ? findLab(input.lab) : undefined;
    if (!lab) return { ok: false, reason: `unknown lab ${preview(input.lab)}` };
    if (!isObject(input.config)) return { ok: false, reason: `its settings are ${input.config === null ? 'null' : typeof input.config === 'undefined' ? 'missing' : `not an object (${preview(input.config)})`}` };
    // A run without its seed is not that run: a stored record with an unusable seed is refused, not repaired.
    // Stored data writes the seed as a number: text there is as unusable as a missing seed.
    const { value: seed, issue: seedIssue } = parseSeed(typeof input.seed === 'number' ? input.seed : NaN);
    if (seedIssue) return { ok: false, reason: `seed ${preview(input.seed)} is not ${describeRange(seedField)}` };
    const messages: string[] = [];
    const v = input.v ?? PRESET_VERSION;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) messages.push(`version ${preview(v)} is not readable; read as v=${PRESET_VERSION}`);
    else if (v > PRESET_VERSION) messages.push(`saved by a newer version (v=${v}); settings this version does not know are ignored`);
    const stored = typeof v === 'number' && Number.isInteger(v) && v >= 1 && v < PRESET_VERSION ? migrateStoredConfig(lab.id, input.config, v) : input.config;
    const { config, issues } = restoreLabConfig(lab, stored);
    for (const issue of issues) messages.push(describeIssue(issue, 'clamp'));
    return { ok: true, experiment: { lab: lab.id, config, seed }, messages };
  } catch (e) {
    return { ok: false, reason: `it could not be read (${e instanceof Error ? e.message : String(e)})` };
  }
}
