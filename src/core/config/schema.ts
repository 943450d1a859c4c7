/**
 * Config schemas: one typed table of fields per lab (after TensorFlow Playground's `state.ts`), read by the
 * UI controls, the URL codec, the CLI `--help` and the validators alike, so they cannot drift apart.
 */

interface FieldBase {
  /** Short label shown in the UI and the CLI help. */
  label: string;
  /** One sentence on what the field does. */
  help: string;
}

/** A real or integer number in [min, max]. */
export interface NumberField extends FieldBase {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  /** Whole numbers only (bidders, steps, batch). */
  integer?: boolean;
  /** UI slider step; defaults to 1 for integers, (max − min)/100 otherwise. */
  step?: number;
  /** Slider scale: `log` for learning rates and batch sizes. */
  scale?: 'linear' | 'log';
  /** Unit shown after the value, e.g. "steps". */
  unit?: string;
}

/** One of a fixed set of string options. */
export interface EnumField<V extends string = string> extends FieldBase {
  kind: 'enum';
  default: V;
  options: readonly { value: V; label: string }[];
}

/** A list of numbers, each in [min, max], length in [minLength, maxLength]. */
export interface NumberArrayField extends FieldBase {
  kind: 'numberArray';
  default: readonly number[];
  min: number;
  max: number;
  minLength: number;
  maxLength: number;
  /** Whole-number entries only (layer widths, firm counts). */
  integer?: boolean;
  unit?: string;
}

export interface BooleanField extends FieldBase {
  kind: 'boolean';
  default: boolean;
}

/**
 * A structured value (list of firms, bid schedules …) with its own reader. In URLs and `--set` it is JSON.
 * `parse` must never throw: it returns the value to use and, when the input was not usable as is, a message
 * naming the field (bad input is rejected with the message, never silently reshaped).
 */
export interface JsonField<V = unknown> extends FieldBase {
  kind: 'json';
  default: V;
  /** Allowed shape and ranges in words, for messages and `--help`. */
  shape: string;
  parse(raw: unknown): { value: V; issue?: string };
}

export type Field = NumberField | EnumField | NumberArrayField | BooleanField | JsonField;
export type ConfigSchema = Record<string, Field>;

/** The config object a schema describes. */
export type ConfigOf<S extends ConfigSchema> = {
  [K in keyof S]: S[K] extends NumberField
    ? number
    : S[K] extends EnumField<infer V>
      ? V
      : S[K] extends NumberArrayField
        ? number[]
        : S[K] extends BooleanField
          ? boolean
          : S[K] extends JsonField<infer V>
            ? V
            : unknown;
};

/** A problem found while reading untrusted input; `field` names the config key. */
export interface ConfigIssue {
  field: string;
  message: string;
}

/**
 * How to treat out-of-range input.
 * - `clamp` (URL, imported files, UI): pull numbers into range, replace bad values by defaults, and report.
 * - `strict` (CLI): report and let the caller refuse; the returned config is still a valid fallback.
 */
export type ParseMode = 'clamp' | 'strict';

/** Human-readable allowed range of a field, used in messages and `--help`. */
export function describeRange(field: Field): string {
  switch (field.kind) {
    case 'number':
      return `${field.integer ? 'an integer' : 'a number'} in [${field.min}, ${field.max}]`;
    case 'enum':
      return `one of ${field.options.map((o) => o.value).join('|')}`;
    case 'numberArray':
      return `a list of ${field.minLength}–${field.maxLength} ${field.integer ? 'integers' : 'numbers'} in [${field.min}, ${field.max}]`;
    case 'boolean':
      return 'true or false';
    case 'json':
      return field.shape;
  }
}

/** The defaults of a schema as a fresh config object. */
export function defaultsOf<S extends ConfigSchema>(schema: S): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema)) {
    out[key] = field.kind === 'numberArray' ? [...field.default] : field.kind === 'json' ? structuredClone(field.default) : field.default;
  }
  return out as ConfigOf<S>;
}

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && raw.trim() !== '') return Number(raw);
  return undefined;
}

function clampNumber(field: NumberField, x: number): number {
  const v = field.integer ? Math.round(x) : x;
  return Math.min(field.max, Math.max(field.min, v));
}

/** Read one field from untrusted input. Returns the value to use and an issue when the input was not usable as is. */
export function parseField(key: string, field: Field, raw: unknown): { value: unknown; issue?: ConfigIssue } {
  const range = describeRange(field);
  const bad = (what: string) => ({ field: key, message: `${key}: ${what}; expected ${range}` });
  switch (field.kind) {
    case 'number': {
      const x = toNumber(raw);
      if (x === undefined || Number.isNaN(x)) return { value: field.default, issue: bad(`not a number (${preview(raw)})`) };
      if (!Number.isFinite(x)) return { value: x > 0 ? field.max : field.min, issue: bad(`${x} is out of range`) };
      const v = clampNumber(field, x);
      if (field.integer && !Number.isInteger(x)) return { value: v, issue: bad(`${x} is not an integer`) };
      if (v !== x) return { value: v, issue: bad(`${x} is out of range`) };
      return { value: v };
    }
    case 'enum': {
      if (typeof raw === 'string' && field.options.some((o) => o.value === raw)) return { value: raw };
      return { value: field.default, issue: bad(`"${preview(raw)}" is not allowed`) };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === 'true' || raw === '1') return { value: true };
      if (raw === 'false' || raw === '0') return { value: false };
      return { value: field.default, issue: bad(`"${preview(raw)}" is not a boolean`) };
    }
    case 'json': {
      let value: unknown = raw;
      if (typeof raw === 'string') {
        try {
          value = JSON.parse(raw);
        } catch {
          return { value: structuredClone(field.default), issue: bad(`not valid JSON (${preview(raw)})`) };
        }
      }
      try {
        const r = field.parse(value);
        return r.issue ? { value: r.value, issue: { field: key, message: `${key}: ${r.issue}` } } : { value: r.value };
      } catch {
        return { value: structuredClone(field.default), issue: bad('could not be read') };
      }
    }
    case 'numberArray': {
      let list: unknown[] | undefined;
      if (Array.isArray(raw)) list = raw;
      else if (typeof raw === 'number') list = [raw];
      else if (typeof raw === 'string') {
        const t = raw.trim();
        if (t.startsWith('[')) {
          try {
            const parsed: unknown = JSON.parse(t);
            if (Array.isArray(parsed)) list = parsed;
          } catch {
            list = undefined;
          }
        } else list = t === '' ? [] : t.split(',');
      }
      if (!list) return { value: [...field.default], issue: bad(`not a list (${preview(raw)})`) };
      if (list.length > field.maxLength || list.length < field.minLength) {
        return { value: [...field.default], issue: bad(`has ${list.length} entries`) };
      }
      const out: number[] = [];
      let issue: ConfigIssue | undefined;
      for (const item of list) {
        const x = toNumber(item);
        if (x === undefined || !Number.isFinite(x)) {
          return { value: [...field.default], issue: bad(`entry ${preview(item)} is not a finite number`) };
        }
        const whole = field.integer ? Math.round(x) : x;
        const v = Math.min(field.max, Math.max(field.min, whole));
        if (whole !== x) issue = bad(`entry ${x} is not an integer`);
        else if (v !== x) issue = bad(`entry ${x} is out of range`);
        out.push(v);
      }
      return { value: out, issue };
    }
  }
}

/**
 * Validate untrusted input against a schema: unknown keys are dropped (and reported), missing keys take
 * their defaults, bad values are clamped or defaulted and reported. Never throws.
 */
export function parseConfig<S extends ConfigSchema>(
  schema: S,
  input: unknown,
): { config: ConfigOf<S>; issues: ConfigIssue[] } {
  const config = defaultsOf(schema) as Record<string, unknown>;
  const issues: ConfigIssue[] = [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    if (input !== undefined) issues.push({ field: '(config)', message: 'config is not an object; using defaults' });
    return { config: config as ConfigOf<S>, issues };
  }
  for (const [key, raw] of Object.entries(input as Record<string, unknown>)) {
    if (!Object.prototype.hasOwnProperty.call(schema, key)) {
      issues.push({ field: key, message: `${preview(key)}: unknown key, ignored` });
      continue;
    }
    const { value, issue } = parseField(key, schema[key]!, raw);
    config[key] = value;
    if (issue) issues.push(issue);
  }
  return { config: config as ConfigOf<S>, issues };
}

/** A short, safe rendering of untrusted input for messages (never more than 40 characters). */
export function preview(raw: unknown): string {
  let s: string;
  try {
    s = typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw);
  } catch {
    try {
      s = String(raw);
    } catch {
      s = '[unprintable]';
    }
  }
  if (s === '') s = '(empty)';
  s = s.replace(/[^\x20-\x7e]/g, '?');
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
