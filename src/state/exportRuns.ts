import { csvRow } from '../core/format/csv';
import { PRESET_VERSION } from '../presets/urlCodec';
import type { RunRecord } from './runRecord';

/**
 * Run export as text: JSON (everything) and tidy CSV (one series, or final metrics). Pure functions, no DOM;
 * the UI hands the strings to `downloadText` (ui/charts/exportChart.ts).
 *
 * CSV conventions (`\n` line ends, trailing newline): every line goes through `csvRow` (core/format/csv.ts:
 * RFC 4180 quoting, formula-like text neutralised, numbers via `formatCsvNumber`); missing values are empty
 * cells.
 */

/** `format` tag of the JSON export, for importers to recognise the file. */
export const RUNS_JSON_FORMAT = 'auction-lab/runs';
/** Version of the JSON export layout. */
export const RUNS_JSON_VERSION = 1;

/** Shape of the JSON export: a tagged, versioned envelope around full run records. */
export interface RunsJson {
  format: typeof RUNS_JSON_FORMAT;
  version: typeof RUNS_JSON_VERSION;
  runs: RunRecord[];
}

/**
 * Serialise runs as pretty-printed JSON (2-space indent): a {@link RunsJson} envelope holding, per run, id,
 * label, lab, config, seed, status, backend, timestamps, final metrics, series, snapshots and error/sweep id
 * where present. Typed arrays become plain arrays; NaN and ±Infinity become `null` (JSON has no such numbers).
 */
export function runsToJson(records: readonly RunRecord[]): string {
  const runs = records.map((r) => ({
    id: r.id,
    v: r.v ?? PRESET_VERSION,
    label: r.label,
    lab: r.lab,
    seed: r.seed,
    status: r.status,
    backend: r.backend,
    backendReason: r.backendReason,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    sweepId: r.sweepId,
    error: r.error,
    config: r.config,
    final: r.final,
    series: r.series,
    snapshots: r.snapshots,
  }));
  const doc: RunsJson = { format: RUNS_JSON_FORMAT, version: RUNS_JSON_VERSION, runs };
  return JSON.stringify(doc, (_key, value: unknown) => (isTypedArray(value) ? Array.from(value) : value), 2);
}

function isTypedArray(value: unknown): value is ArrayLike<number> {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

export { csvCell, formatCsvNumber } from '../core/format/csv';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Natural order (`w2` before `w10`, `w[2]` before `w[10]`), with `first` (if present) leading. */
function sortKeys(keys: Iterable<string>, first?: string): string[] {
  const sorted = [...new Set(keys)].sort((a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
  if (first !== undefined && sorted.includes(first)) return [first, ...sorted.filter((k) => k !== first)];
  return sorted;
}

const RUN_COLUMNS = ['run_id', 'label', 'lab', 'seed'] as const;

/**
 * One series of several runs as a long ("tidy") CSV: columns `run_id,label,lab,seed` then the union of the
 * row keys of that series over all runs (natural order, `step` first); one line per series row, empty cells
 * where a run lacks a key. Runs without the series contribute no lines. Header only when no run has it.
 *
 * @param records runs to export, in the order their rows should appear
 * @param series series name, e.g. `train`
 */
export function runsToCsv(records: readonly RunRecord[], series: string): string {
  const keys = new Set<string>();
  for (const r of records) for (const row of r.series?.[series] ?? []) for (const k of Object.keys(row)) keys.add(k);
  const columns = sortKeys(keys, 'step');
  const lines = [csvRow([...RUN_COLUMNS, ...columns])];
  for (const r of records) {
    for (const row of r.series?.[series] ?? []) {
      lines.push(csvRow([r.id, r.label, r.lab, r.seed, ...columns.map((k) => row[k])]));
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * Flatten a value into `name → scalar` cells: arrays (and typed arrays) as `name[0]`, `name[1]`, …; plain
 * objects as `name.key`; scalars as themselves.
 */
function flatten(name: string, value: unknown, out: Map<string, unknown>): void {
  if (Array.isArray(value) || isTypedArray(value)) {
    Array.from(value as ArrayLike<unknown>).forEach((v, i) => flatten(`${name}[${i}]`, v, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(`${name}.${k}`, v, out);
  } else {
    out.set(name, value);
  }
}

const SUMMARY_COLUMNS = ['run_id', 'label', 'lab', 'seed', 'status', 'backend'] as const;

/**
 * One line per run: `run_id,label,lab,seed,status,backend`, then the run configs' keys, then the final
 * metrics, each group the union over runs in natural order. Arrays are flattened to `w[0]`, `w[1]`, … and
 * nested objects to `a.b`. A metric whose name collides with a config or fixed column is renamed
 * `final.<name>`. Empty cells where a run lacks a key (e.g. a failed run without final metrics).
 */
export function finalMetricsToCsv(records: readonly RunRecord[]): string {
  const flatConfigs = records.map((r) => {
    const m = new Map<string, unknown>();
    for (const [k, v] of Object.entries(r.config ?? {})) flatten(k, v, m);
    return m;
  });
  const configColumns = sortKeys(flatConfigs.flatMap((m) => [...m.keys()]));
  const taken = new Set<string>([...SUMMARY_COLUMNS, ...configColumns]);
  const flatFinals = records.map((r) => {
    const raw = new Map<string, unknown>();
    for (const [k, v] of Object.entries(r.final ?? {})) flatten(k, v, raw);
    return new Map([...raw].map(([k, v]) => [taken.has(k) ? `final.${k}` : k, v] as const));
  });
  const finalColumns = sortKeys(flatFinals.flatMap((m) => [...m.keys()]));
  const lines = [csvRow([...SUMMARY_COLUMNS, ...configColumns, ...finalColumns])];
  records.forEach((r, i) => {
    lines.push(
      csvRow([
        r.id,
        r.label,
        r.lab,
        r.seed,
        r.status,
        r.backend,
        ...configColumns.map((k) => flatConfigs[i].get(k)),
        ...finalColumns.map((k) => flatFinals[i].get(k)),
      ]),
    );
  });
  return lines.join('\n') + '\n';
}
