import { describeRange, preview, type ConfigIssue, type NumberField } from './schema';

/**
 * The seed as a field, defined once for every way in (link, form, CLI, stored record): an integer in
 * [0, 2^31 − 1], so it fits every PRNG seeding path as a non-negative int32; 1 when absent.
 */
export const seedField: NumberField = {
  kind: 'number',
  label: 'Seed',
  help: 'Same lab, settings and seed on the same backend give the same curve.',
  default: 1,
  min: 0,
  max: 2147483647,
  integer: true,
};

/**
 * Read a seed from untrusted input: a whole number written in plain digits (a number, or a string of up to 10
 * digits: no sign, exponent, hex or spaces) within the field's range. Anything else is an `unreadable` issue and the
 * default is used; the caller decides whether to refuse (the CLI, a stored record) or repair (a link, the form).
 */
export function parseSeed(raw: unknown): { value: number; issue?: ConfigIssue } {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^[0-9]{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isInteger(n) && n >= seedField.min && n <= seedField.max) return { value: n };
  return {
    value: seedField.default,
    issue: { field: 'seed', code: 'unreadable', message: `seed: "${preview(raw)}" is not ${describeRange(seedField)}`, repair: `using ${seedField.default}` },
  };
}
