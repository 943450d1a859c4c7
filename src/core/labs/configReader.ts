import { parseConfig, type ConfigIssue, type ConfigOf, type ConfigSchema } from '../config/schema';
import type { LabDefinition } from './types';

/**
 * Read a config of lab `lab` from untrusted input, the one way every way in does it (link, stored record, imported
 * file, a worker's request): the lab's schema in clamp mode (bad values clamped or defaulted, unknown keys
 * dropped), then its cross-field rules. Every problem found is returned as data, in that order. Never throws.
 */
export function restoreLabConfig<S extends ConfigSchema>(lab: LabDefinition<S>, input: unknown): { config: ConfigOf<S>; issues: ConfigIssue[] } {
  const parsed = parseConfig(lab.schema, input);
  const normalized = lab.normalize(parsed.config);
  return { config: normalized.config, issues: [...parsed.issues, ...normalized.issues] };
}

/**
 * The one place a lab's config gets its type back. The registries hold labs by id, so a config travels as a plain
 * `Record<string, unknown>` (store, worker message, run record); a reader turns it into the lab's typed config by
 * reading it through the lab's schema and cross-field rules, as every way in does. A config that came through the
 * restore boundary passes unchanged. Each config object is read once (cached by identity).
 */
export function configReader<S extends ConfigSchema>(lab: LabDefinition<S>): (raw: Readonly<Record<string, unknown>>) => ConfigOf<S> {
  const cache = new WeakMap<object, ConfigOf<S>>();
  return (raw) => {
    let config = cache.get(raw);
    if (!config) {
      config = restoreLabConfig(lab, raw).config;
      cache.set(raw, config);
    }
    return config;
  };
}
