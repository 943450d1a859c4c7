/**
 * Pure argv parser of `npm run lab -- …` (no I/O, no registry look-ups): turns the arguments after the script
 * name into a typed command, or a one-line usage error. Whether a lab, key, preset or value exists is checked
 * later against the lab registry (`main.ts`); this file only knows the grammar:
 *
 *     list
 *     --help | help
 *     <lab-id> --help
 *     <lab-id> [--preset NAME|URL] [--set key=value …] [--backend auto|ts|simd|cpu|wasm] [--out FILE.jsonl] [--quiet]
 *
 * Every flag also accepts the `--flag=value` form. `--set` values that start with `[`, `{` or `"` are read as
 * JSON (a malformed one is a usage error); anything else stays a string for the schema to read
 * (`--set upper=1,2`, `--set mechanism=all-pay`, `--set steps=200`).
 */

/** Backends the CLI accepts (`auto` lets the runner pick; webgl/webgpu need a browser). */
export const CLI_BACKENDS = ['auto', 'ts', 'simd', 'cpu', 'wasm'] as const;
/** A backend the CLI can run on. */
export type CliBackend = (typeof CLI_BACKENDS)[number];

/** One `--set key=value`: `value` is the JSON-decoded value or the raw string; `raw` is the text as typed. */
export interface SetOption {
  key: string;
  value: unknown;
  raw: string;
}

/** A parsed command line. */
export type CliCommand =
  /** `list`: labs and their presets. */
  | { kind: 'list' }
  /** `--help` / `help` without a lab: general usage. */
  | { kind: 'usage' }
  /** `<lab> --help`: every config key of the lab with default and bounds. */
  | { kind: 'labHelp'; lab: string }
  /** `<lab> …`: run the lab once (or its sweep). */
  | {
      kind: 'run';
      lab: string;
      preset?: string;
      /** In command-line order; a later `--set` of the same key wins. */
      sets: SetOption[];
      backend: CliBackend;
      out?: string;
      quiet: boolean;
    };

/** What `parseArgs` returns: a command, or a usage error (one line, no trailing period). */
export type ParseResult = { ok: true; command: CliCommand } | { ok: false; error: string };

/** Flags that take a value. */
const VALUE_FLAGS = ['--preset', '--set', '--backend', '--out'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

/** Flags without a value. */
const BOOLEAN_FLAGS = ['--help', '-h', '--quiet', '-q'] as const;

/** Backends that exist in the app but not in Node. */
const BROWSER_ONLY_BACKENDS = ['webgl', 'webgpu'];

/** A short, printable rendering of user input for messages. */
export function quote(s: string): string {
  const clean = s.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(clean.length > 60 ? `${clean.slice(0, 57)}...` : clean);
}

/**
 * Read one `--set` argument `key=value`. Values starting with `[`, `{` or `"` are JSON; others stay strings.
 * Exported for tests.
 */
export function parseSetArgument(text: string): { ok: true; set: SetOption } | { ok: false; error: string } {
  const eq = text.indexOf('=');
  if (eq < 0) return { ok: false, error: `--set ${quote(text)}: expected key=value (e.g. --set bidders=3)` };
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1);
  if (key === '') return { ok: false, error: `--set ${quote(text)}: the key before "=" is missing` };
  if (!/^[A-Za-z_$][\w$.-]*$/.test(key)) return { ok: false, error: `--set ${quote(key)}: not a valid key name` };
  const t = raw.trim();
  if (t.startsWith('[') || t.startsWith('{') || t.startsWith('"')) {
    try {
      return { ok: true, set: { key, value: JSON.parse(t) as unknown, raw } };
    } catch {
      return { ok: false, error: `--set ${key}: malformed JSON value ${quote(raw)}` };
    }
  }
  return { ok: true, set: { key, value: raw, raw } };
}

/**
 * Parse the arguments after `npm run lab --` (i.e. `process.argv.slice(2)`). Pure: never throws, never reads
 * the registry. Usage errors: unknown flags, missing or doubled values, malformed `--set`, a browser-only or
 * unknown backend, extra positional arguments, no lab at all.
 */
export function parseArgs(argv: readonly string[]): ParseResult {
  const fail = (error: string): ParseResult => ({ ok: false, error });
  const positionals: string[] = [];
  const values: Partial<Record<Exclude<ValueFlag, '--set'>, string>> = {};
  const sets: SetOption[] = [];
  let help = false;
  let quiet = false;
  let onlyPositionals = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || !arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if ((BOOLEAN_FLAGS as readonly string[]).includes(name)) {
      if (eq >= 0) return fail(`${name} takes no value`);
      if (name === '--help' || name === '-h') help = true;
      else quiet = true;
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(name)) {
      return fail(`unknown option ${quote(name)}; expected --preset, --set, --backend, --out, --quiet or --help`);
    }
    const flag = name as ValueFlag;
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) return fail(`${flag} needs a value${hint(flag)}`);
      value = next;
      i++;
    }
    if (value === '') return fail(`${flag} needs a value${hint(flag)}`);
    if (flag === '--set') {
      const parsed = parseSetArgument(value);
      if (!parsed.ok) return fail(parsed.error);
      sets.push(parsed.set);
      continue;
    }
    if (values[flag] !== undefined) return fail(`${flag} given twice`);
    values[flag] = value;
  }

  const [first, ...rest] = positionals;
  if (first === undefined || first === 'help') {
    if (help || first === 'help') {
      if (rest.length) return fail(`unexpected argument ${quote(rest[0])}`);
      return { ok: true, command: { kind: 'usage' } };
    }
    return fail('missing lab id; run `npm run lab -- list` to see the labs, or `npm run lab -- --help`');
  }
  if (rest.length) return fail(`unexpected argument ${quote(rest[0])}; quote values with spaces and pass settings as --set key=value`);

  if (first === 'list') {
    const extra = Object.keys(values)[0] ?? (sets.length ? '--set' : quiet ? '--quiet' : undefined);
    if (extra) return fail(`list takes no options (got ${extra})`);
    return { ok: true, command: { kind: 'list' } };
  }
  if (help) return { ok: true, command: { kind: 'labHelp', lab: first } };

  const backendText = values['--backend'] ?? 'auto';
  if (BROWSER_ONLY_BACKENDS.includes(backendText)) {
    return fail(`--backend ${backendText} is not available in Node; expected one of ${CLI_BACKENDS.join('|')}`);
  }
  if (!(CLI_BACKENDS as readonly string[]).includes(backendText)) {
    return fail(`--backend ${quote(backendText)} is not a backend; expected one of ${CLI_BACKENDS.join('|')}`);
  }
  const command: CliCommand = { kind: 'run', lab: first, sets, backend: backendText as CliBackend, quiet };
  if (values['--preset'] !== undefined) command.preset = values['--preset'];
  if (values['--out'] !== undefined) command.out = values['--out'];
  return { ok: true, command };
}

function hint(flag: ValueFlag): string {
  switch (flag) {
    case '--preset':
      return ' (a preset id from `npm run lab -- list`, or a link)';
    case '--set':
      return ' (key=value)';
    case '--backend':
      return ` (one of ${CLI_BACKENDS.join('|')})`;
    case '--out':
      return ' (a file name, e.g. run.jsonl)';
  }
}
