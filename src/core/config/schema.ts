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

/** What kind of problem a {@link ConfigIssue} is (messages are rendered from it, never parsed). */
export type IssueCode =
  /** Not readable as the field's type at all: the form keeps the previous value. */
  | 'unreadable'
  /** Readable but outside the field's bounds (or not a whole number where one is needed). */
  | 'out-of-range'
  /** A key the schema does not have. */
  | 'unknown-key'
  /** Valid alone, inconsistent with another setting (a lab's `normalize`). */
  | 'inconsistent'
  /** A problem with the link or record around the settings (version, lab, seed, encoding). */
  | 'envelope';

/**
 * A problem found while reading untrusted input, as data. `field` names the config key; `message` says what is
 * wrong and what is expected, without what was done about it; `repair` says what is used instead where the input
 * was repaired ("using 10", "turned off"). {@link describeIssue} renders it per mode.
 */
export interface ConfigIssue {
  field: string;
  code: IssueCode;
  message: string;
  repair?: string;
}

/**
 * The sentence for an issue: in `clamp` mode (links, stored records, the form) what is wrong and what is used
 * instead; in `strict` mode (the CLI, which refuses rather than repairs) only what is wrong.
 */
export function describeIssue(issue: ConfigIssue, mode: ParseMode): string {
  return mode === 'clamp' && issue.repair ? `${issue.message} — ${issue.repair}` : issue.message;
}

/**
 * One value as short text for a repair note: lists comma-joined, JSON values as JSON, the rest as `String`,
 * never longer than `preview` allows.
 */
export function displayValue(field: Field, value: unknown): string {
  if (field.kind === 'json') return preview(value);
  if (Array.isArray(value)) return preview(value.map((x) => String(x)).join(','));
  return preview(value);
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
  const issueOf = (code: IssueCode, what: string, used: unknown): ConfigIssue => ({
    field: key,
    code,
    message: `${key}: ${what}; expected ${range}`,
    repair: `using ${displayValue(field, used)}`,
  });
  const unreadable = (what: string, used: unknown) => ({ value: used, issue: issueOf('unreadable', what, used) });
  const outOfRange = (what: string, used: unknown) => ({ value: used, issue: issueOf('out-of-range', what, used) });
  switch (field.kind) {
    case 'number': {
      const x = toNumber(raw);
      if (x === undefined || Number.isNaN(x)) return unreadable(`not a number (${preview(raw)})`, field.default);
      if (!Number.isFinite(x)) return outOfRange(`${x} is out of range`, x > 0 ? field.max : field.min);
      const v = clampNumber(field, x);
      if (field.integer && !Number.isInteger(x)) return outOfRange(`${x} is not an integer`, v);
      if (v !== x) return outOfRange(`${x} is out of range`, v);
      return { value: v };
    }
    case 'enum': {
      if (typeof raw === 'string' && field.options.some((o) => o.value === raw)) return { value: raw };
      return unreadable(`"${preview(raw)}" is not allowed`, field.default);
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === 'true' || raw === '1') return { value: true };
      if (raw === 'false' || raw === '0') return { value: false };
      return unreadable(`"${preview(raw)}" is not a boolean`, field.default);
    }
    case 'json': {
      let value: unknown = raw;
      if (typeof raw === 'string') {
        try {
          value = JSON.parse(raw);
        } catch {
          return unreadable(`not valid JSON (${preview(raw)})`, structuredClone(field.default));
        }
      }
      try {
        const r = field.parse(value);
        return r.issue
          ? { value: r.value, issue: { field: key, code: 'unreadable', message: `${key}: ${r.issue}`, repair: `using ${displayValue(field, r.value)}` } }
          : { value: r.value };
      } catch {
        return unreadable('could not be read', structuredClone(field.default));
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
      if (!list) return unreadable(`not a list (${preview(raw)})`, [...field.default]);
      if (list.length > field.maxLength || list.length < field.minLength) return unreadable(`has ${list.length} entries`, [...field.default]);
      const out: number[] = [];
      let problem: string | undefined;
      for (const item of list) {
        const x = toNumber(item);
        if (x === undefined || !Number.isFinite(x)) return unreadable(`entry ${preview(item)} is not a finite number`, [...field.default]);
        const whole = field.integer ? Math.round(x) : x;
        const v = Math.min(field.max, Math.max(field.min, whole));
        if (whole !== x) problem = `entry ${x} is not an integer`;
        else if (v !== x) problem = `entry ${x} is out of range`;
        out.push(v);
      }
      return problem ? outOfRange(problem, out) : { value: out };
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
    if (input !== undefined) issues.push({ field: '(config)', code: 'unreadable', message: 'config is not an object', repair: 'using the defaults' });
    return { config: config as ConfigOf<S>, issues };
  }
  for (const [key, raw] of Object.entries(input as Record<string, unknown>)) {
    if (!Object.prototype.hasOwnProperty.call(schema, key)) {
      issues.push({ field: key, code: 'unknown-key', message: `${preview(key)}: unknown key`, repair: 'ignored' });
      continue;
    }
    const { value, issue } = parseField(key, schema[key], raw);
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
