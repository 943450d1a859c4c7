/**
 * Help texts of `npm run lab`: general usage, `list` (labs and presets) and `<lab> --help` (every config key
 * with its default and allowed range, read from the lab's schema table, so help and validation cannot drift).
 */
import { seedField } from '../core/config/seed';
import { defaultsOf, describeRange, type Field } from '../core/config/schema';
import type { LabDefinition } from '../core/labs/types';
import { CLI_BACKENDS } from './args';

/** The usage line of a run. */
export const RUN_USAGE = `npm run lab -- <lab-id> [--preset NAME|URL] [--set key=value ...] [--backend ${CLI_BACKENDS.join('|')}] [--out FILE.jsonl] [--quiet]`;

/** General usage (`npm run lab -- --help`). */
export function usageText(labs: readonly LabDefinition[]): string {
  return [
    'Auction Lab, headless: run a lab in Node and print its final figures as JSON.',
    '',
    'Usage:',
    `  ${RUN_USAGE}`,
    '  npm run lab -- list                 labs and their presets',
    '  npm run lab -- <lab-id> --help      every config key with default and bounds',
    '',
    'Options:',
    '  --preset NAME|URL   start from a built-in preset, or from a shared link (…#v=1&lab=…)',
    '  --set key=value     override one config key (repeatable); values: numbers, strings, lists',
    '                      (upper=1,2 or upper=[1,2]), JSON; the seed is --set seed=N',
    '  --backend B         auto (default: plain TypeScript for linear bids, else wasm), ts, cpu or wasm',
    '  --out FILE.jsonl    write every run event (progress, points, snapshots, final) as JSON lines',
    '  --quiet, -q         no progress on stderr',
    '',
    'Output: progress on stderr; the last stdout line is {"lab","config","seed","metrics","seconds"}.',
    'Exit codes: 0 done, 1 run failed, 2 invalid input, 130 interrupted (Ctrl-C).',
    '',
    `Labs: ${labs.map((l) => l.id).join(', ')}`,
  ].join('\n');
}

/** `npm run lab -- list`: every lab with its summary and presets. */
export function listText(labs: readonly LabDefinition[]): string {
  const lines: string[] = [];
  for (const lab of labs) {
    lines.push(`${lab.id}  ${lab.title}`);
    lines.push(`  ${lab.summary}`);
    if (lab.presets.length) {
      lines.push('  presets (--preset NAME):');
      const width = Math.max(...lab.presets.map((p) => p.id.length));
      for (const p of lab.presets) lines.push(`    ${p.id.padEnd(width)}  ${p.title}`);
    }
    lines.push('');
  }
  lines.push(`Run one: ${RUN_USAGE}`);
  lines.push('Keys and bounds of a lab: npm run lab -- <lab-id> --help');
  return lines.join('\n');
}

/** A default value as the user would type it after `--set key=`. */
export function formatDefault(field: Field): string {
  if (field.kind === 'numberArray') return field.default.join(',');
  if (field.kind === 'json') return JSON.stringify(field.default);
  return String(field.default);
}

/** The allowed range of a field, with its unit where it has one (`an integer in [2, 10] bidders`). */
export function formatRange(field: Field): string {
  const unit = (field.kind === 'number' || field.kind === 'numberArray') && field.unit ? ` (${field.unit})` : '';
  return `${describeRange(field)}${unit}`;
}

/**
 * `npm run lab -- <lab> --help`: one row per schema key (`key  default  range`) with its label and help
 * sentence below, then `seed`, then the lab's presets.
 */
export function labHelpText(lab: LabDefinition): string {
  // The same rule the form uses to hide settings: keys that do not apply with the defaults say so.
  const unused = new Set(lab.inapplicable(defaultsOf(lab.schema)));
  const rows = Object.entries(lab.schema).map(([key, field]) => ({
    key,
    def: formatDefault(field),
    range: formatRange(field),
    about: `${field.label}: ${field.help}${unused.has(key) ? ' (Not used with the default settings.)' : ''}`,
    options: field.kind === 'enum' ? field.options.map((o) => `${o.value} = ${o.label}`).join('; ') : undefined,
  }));
  rows.push({ key: 'seed', def: String(seedField.default), range: describeRange(seedField), about: `${seedField.label}: ${seedField.help}`, options: undefined });
  const kw = Math.max(3, ...rows.map((r) => r.key.length));
  const dw = Math.max(7, ...rows.map((r) => r.def.length));
  const lines = [
    `${lab.id}: ${lab.title}`,
    lab.summary,
    '',
    `Usage: ${RUN_USAGE.replace('<lab-id>', lab.id)}`,
    '',
    'Config keys (--set key=value):',
    `  ${'key'.padEnd(kw)}  ${'default'.padEnd(dw)}  allowed`,
  ];
  for (const r of rows) {
    lines.push(`  ${r.key.padEnd(kw)}  ${r.def.padEnd(dw)}  ${r.range}`);
    lines.push(`  ${''.padEnd(kw)}  ${r.about}`);
    if (r.options) lines.push(`  ${''.padEnd(kw)}  (${r.options})`);
  }
  if (lab.presets.length) {
    lines.push('', 'Presets (--preset NAME):');
    const width = Math.max(...lab.presets.map((p) => p.id.length));
    for (const p of lab.presets) lines.push(`  ${p.id.padEnd(width)}  ${p.title}`);
  }
  return lines.join('\n');
}
