/**
 * "Import runs (JSON)": the counterpart of the history's Export JSON. A file goes through the same restore path as
 * every stored record (`restoreRunRecord`), so an imported run is exactly as trustworthy as one this page ran.
 */
import { preview } from '../core/config/schema';
import { RUNS_JSON_FORMAT } from './exportRuns';
import { restoreRunRecord } from './restoreRun';
import type { RunRecord } from './runRecord';

/** Largest runs file read (characters): a history export of 200 runs × 2,000 rows is well below it. */
export const MAX_IMPORT_CHARS = 50_000_000;

/** What a runs file held: the runs that restored, and a sentence per run (or for the file) that did not. */
export interface ImportedRuns {
  records: RunRecord[];
  problems: string[];
}

/**
 * Read a runs file: the Export JSON envelope `{format: "auction-lab/runs", version, runs: [...]}` or a bare
 * list of run records. Each run is restored on its own; one bad run never stops the others. Never throws.
 */
export function parseRunsFile(text: string): ImportedRuns {
  if (text.length > MAX_IMPORT_CHARS) return { records: [], problems: [`the file is too large (${text.length} characters, limit ${MAX_IMPORT_CHARS})`] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { records: [], problems: [`the file is not JSON (${e instanceof Error ? e.message : String(e)})`] };
  }
  let runs: unknown;
  if (Array.isArray(doc)) runs = doc;
  else if (typeof doc === 'object' && doc !== null && (doc as { format?: unknown }).format === RUNS_JSON_FORMAT) runs = (doc as { runs?: unknown }).runs;
  else return { records: [], problems: [`the file is not an Auction Lab runs export (format ${preview((doc as { format?: unknown } | null)?.format)})`] };
  if (!Array.isArray(runs)) return { records: [], problems: ['the file holds no list of runs'] };
  const records: RunRecord[] = [];
  const problems: string[] = [];
  runs.forEach((raw, i) => {
    const r = restoreRunRecord(raw);
    if (r.ok) {
      records.push(r.record);
      if (r.messages.length) problems.push(`run ${i + 1} (${r.record.label}): ${r.messages.join('; ')}`);
    } else problems.push(`run ${i + 1} was not imported: ${r.reason}`);
  });
  return { records, problems };
}
