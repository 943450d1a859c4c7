/**
 * CSV cells for every export of the app: RFC 4180 quoting plus neutralised spreadsheet formulas.
 *
 * A text cell that starts with `=`, `+`, `-`, `@`, tab or carriage return is read as a formula by Excel,
 * LibreOffice Calc and Google Sheets (`=HYPERLINK(…)` in a run label becomes a live link). Such cells get a
 * leading `'` and are always quoted, as OWASP recommends; line feed and NUL are treated the same (OWASP ASVS
 * 5.0, V1.2). Only strings are neutralised: numbers are written as numbers, so `-0.5` stays `-0.5`.
 *
 * Sources: OWASP, CSV Injection, https://owasp.org/www-community/attacks/CSV_Injection; OWASP ASVS 5.0
 * requirement 1.2.10; RFC 4180 §2.6–2.7, https://www.rfc-editor.org/rfc/rfc4180.
 */

/** First characters that make a spreadsheet evaluate a text cell. */
const FORMULA_START = /^[=+\-@\t\r\n\0]/;
/** Characters that force RFC 4180 quoting. */
const NEEDS_QUOTES = /[",\r\n]/;

/** Below this magnitude a number is round-off of an exact zero (`1.03727e-17`) and is written as `0`. */
const ROUND_OFF = 1e-12;

/** `x` with `digits` significant digits: safe integers exactly, round-off as 0, non-finite as R and pandas read them. */
function formatCsvNumberTo(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  if (Number.isSafeInteger(x)) return String(x === 0 ? 0 : x);
  if (Math.abs(x) < ROUND_OFF) return '0';
  return String(Number(x.toPrecision(digits)));
}

/**
 * Format a number for CSV: safe integers exactly (steps and seeds must not be rounded), other finite numbers
 * with at most 6 significant digits and no trailing zeros (`0.333333`, `1.5e-7`, `1234570`), round-off of zero
 * (|x| < 1e-12, e.g. `1.03727e-17`) as `0`, `NaN`, `Inf`, `-Inf` for the non-finite values (read as such by R
 * and pandas). `-0` prints as `0`.
 */
export function formatCsvNumber(x: number): string {
  return formatCsvNumberTo(x, 6);
}

/**
 * As {@link formatCsvNumber} with 12 significant digits, for exports that keep full precision: binary noise such
 * as `0.30000000000000004` is rounded off (to 1e-12 relative), round-off of zero is written as `0`.
 */
export function formatCsvPrecise(x: number): string {
  return formatCsvNumberTo(x, 12);
}

/**
 * A text cell: prefixed with `'` when it starts like a formula (see the module note), then quoted with
 * inner quotes doubled when it was prefixed or holds a quote, comma, CR or LF.
 */
export function csvText(text: string): string {
  const neutral = FORMULA_START.test(text) ? `'${text}` : text;
  return neutral !== text || NEEDS_QUOTES.test(neutral) ? `"${neutral.replace(/"/g, '""')}"` : neutral;
}

/**
 * One CSV cell: `null`/`undefined` → empty, numbers via `formatNumber` (never neutralised), booleans
 * `true`/`false`, bigints as digits, other objects as JSON; strings and JSON through {@link csvText}.
 *
 * @param formatNumber number format; {@link formatCsvNumber} by default, `String` for full precision
 */
export function csvCell(value: unknown, formatNumber: (x: number) => string = formatCsvNumber): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return csvText(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** One CSV line (no line end): the cells through {@link csvCell}, comma-separated. */
export function csvRow(cells: readonly unknown[], formatNumber: (x: number) => string = formatCsvNumber): string {
  return cells.map((c) => csvCell(c, formatNumber)).join(',');
}
