import { parseConfig, type ConfigOf, type ConfigSchema } from '../config/schema';
import type { LabDefinition } from './types';

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
      config = lab.normalize(parseConfig(lab.schema, raw).config).config;
      cache.set(raw, config);
    }
    return config;
  };
}
