import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { bidderBounds } from '../labs/learnToBid/bounds';
import { normalizeLearnToBid } from '../labs/learnToBid/definition';
import { learnToBidPresets } from '../labs/learnToBid/presets';
import { learnToBidSchema } from '../labs/learnToBid/schema';
import { labs } from '../labs/registry';
import { defaultsOf, describeIssue, describeRange, parseConfig, parseField, preview, type BooleanField, type ConfigSchema, type NumberArrayField } from './schema';

const S = learnToBidSchema;

describe('defaultsOf', () => {
  it('gives every key its default, with a fresh copy of array defaults', () => {
    const d = defaultsOf(S);
    expect(Object.keys(d).sort()).toEqual(Object.keys(S).sort());
    expect(d.mechanism).toBe('first-price');
    expect(d.bidders).toBe(2);
    expect(d.upper).toEqual([1]);
    expect(d.beta).toBe(10);
    expect(d.lr).toBe(0.01);
    expect(d.steps).toBe(2000);
    d.upper.push(99);
    expect(S.upper.default).toEqual([1]);
    expect(defaultsOf(S).upper).toEqual([1]);
  });
});

describe('describeRange', () => {
  it('names the kind and the bounds', () => {
    expect(describeRange(S.bidders)).toBe('an integer in [2, 10]');
    expect(describeRange(S.lr)).toBe('a number in [0.0001, 1]');
    expect(describeRange(S.mechanism)).toBe('one of first-price|second-price|all-pay');
    expect(describeRange(S.upper)).toBe('a list of 1–10 numbers in [0.1, 10]');
    const flag: BooleanField = { kind: 'boolean', label: 'x', help: 'x', default: false };
    expect(describeRange(flag)).toBe('true or false');
  });
});

describe('parseConfig with the learn-to-bid schema', () => {
  it('a valid config passes unchanged with no issues; missing keys take defaults', () => {
    const { config, issues } = parseConfig(S, { mechanism: 'all-pay', bidders: 4, upper: [1, 2, 3, 4], lr: 0.05 });
    expect(issues).toEqual([]);
    expect(config).toEqual({ ...defaultsOf(S), mechanism: 'all-pay', bidders: 4, upper: [1, 2, 3, 4], lr: 0.05 });
  });

  it('drops unknown keys with an issue naming the key', () => {
    const { config, issues } = parseConfig(S, { bidders: 3, colour: 'red' });
    expect(config.bidders).toBe(3);
    expect('colour' in config).toBe(false);
    expect(issues).toHaveLength(1);
    expect(issues[0].field).toBe('colour');
    expect(issues[0].message).toMatch(/colour/);
    expect(issues[0].message).toMatch(/unknown/);
  });

  it('does not treat inherited names (__proto__, constructor, toString) as schema keys', () => {
    const input = JSON.parse('{"__proto__": {"bidders": 9}, "constructor": 1, "toString": 2}') as unknown;
    const { config, issues } = parseConfig(S, input);
    expect(config.bidders).toBe(2);
    expect(issues.map((i) => i.field).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
  });

  it('clamps out-of-range numbers with an issue naming the field and the range', () => {
    const { config, issues } = parseConfig(S, { bidders: 50, lr: -3, beta: 1e9 });
    expect(config.bidders).toBe(10);
    expect(config.lr).toBe(0.0001);
    expect(config.beta).toBe(20000);
    const byField = Object.fromEntries(issues.map((i) => [i.field, i.message]));
    expect(Object.keys(byField).sort()).toEqual(['beta', 'bidders', 'lr']);
    expect(byField.bidders).toMatch(/^bidders: 50 is out of range; expected an integer in \[2, 10\]$/);
    expect(byField.lr).toMatch(/lr/);
    expect(byField.lr).toContain('[0.0001, 1]');
    expect(byField.beta).toContain('[1, 20000]');
  });

  it('rounds integers (with an issue) and accepts numeric strings', () => {
    const r = parseConfig(S, { bidders: 3.6, steps: '500', batch: ' 64 ' });
    expect(r.config.bidders).toBe(4);
    expect(r.config.steps).toBe(500);
    expect(r.config.batch).toBe(64);
    expect(r.issues.map((i) => i.field)).toEqual(['bidders']);
    expect(r.issues[0].message).toMatch(/not an integer/);
    // rounding then clamping: 1.4 → 1 → 2
    expect(parseConfig(S, { bidders: 1.4 }).config.bidders).toBe(2);
  });

  it('non-numbers for number fields → default + issue; ±Infinity → the bound', () => {
    for (const raw of ['abc', '', null, true, {}, [], NaN]) {
      const r = parseConfig(S, { beta: raw });
      expect(r.config.beta).toBe(10);
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0].field).toBe('beta');
    }
    expect(parseConfig(S, { beta: Infinity }).config.beta).toBe(20000);
    expect(parseConfig(S, { beta: '-Infinity' }).config.beta).toBe(1);
    expect(parseConfig(S, { beta: '1e999' }).config.beta).toBe(20000);
  });

  it('enum garbage → default + issue naming the field', () => {
    for (const raw of ['third-price', 'FIRST-PRICE', 42, null, undefined, {}]) {
      const r = parseConfig(S, { mechanism: raw });
      expect(r.config.mechanism).toBe('first-price');
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0].field).toBe('mechanism');
      expect(r.issues[0].message).toContain('one of first-price|second-price|all-pay');
    }
    expect(parseConfig(S, { schedule: 'linear' })).toEqual({ config: { ...defaultsOf(S), schedule: 'linear' }, issues: [] });
  });

  it('enum: a non-string whose String() happens to be an option is still reported (["all-pay"], an object whose toString gives an option)', () => {
    // String(['all-pay']) === 'all-pay', so the parser currently takes an array as the option silently.
    for (const raw of [['all-pay'], [['all-pay']], { toString: () => 'all-pay' }]) {
      const r = parseConfig(S, { mechanism: raw });
      expect(r.issues.map((i) => i.field), JSON.stringify(raw)).toEqual(['mechanism']);
    }
  });

  describe('numberArray (upper)', () => {
    const upper = (raw: unknown) => parseConfig(S, { upper: raw });
    it('reads "1,2", "[1,2]", arrays, numeric strings and a lone number', () => {
      for (const raw of ['1,2', ' 1 , 2 ', '[1,2]', ' [1, 2] ', [1, 2], ['1', '2']]) {
        const r = upper(raw);
        expect(r.config.upper, JSON.stringify(raw)).toEqual([1, 2]);
        expect(r.issues).toEqual([]);
      }
      expect(upper(3).config.upper).toEqual([3]);
      expect(upper('2.5').config.upper).toEqual([2.5]);
    });
    it('clamps out-of-range entries with an issue, keeping the rest', () => {
      const r = upper([0, 5, 50]);
      expect(r.config.upper).toEqual([0.1, 5, 10]);
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0].field).toBe('upper');
      expect(r.issues[0].message).toContain('[0.1, 10]');
    });
    it('bad entries, bad text and wrong lengths → default + issue', () => {
      for (const raw of ['1,,2', '1,x', '[1,', '[1,"a"]', '{"a":1}', [1, null], [1, [2]], ['1', 'Infinity'], '', [], Array(11).fill(1), { 0: 1 }, true]) {
        const r = upper(raw);
        expect(r.config.upper, JSON.stringify(raw)).toEqual([1]);
        expect(r.issues, JSON.stringify(raw)).toHaveLength(1);
        expect(r.issues[0].field).toBe('upper');
      }
    });
  });

  describe('integer lists (integer: true on a numberArray)', () => {
    const widths = { kind: 'numberArray', label: 'w', help: 'h', default: [8, 4], min: 2, max: 256, minLength: 1, maxLength: 4, integer: true } as const satisfies NumberArrayField;
    it('describes itself as a list of integers', () => {
      expect(describeRange(widths)).toBe('a list of 1–4 integers in [2, 256]');
      expect(describeRange(S.upper)).toBe('a list of 1–10 numbers in [0.1, 10]');
    });
    it('a fraction is an issue naming the field (clamp mode rounds it, as for integer numbers)', () => {
      for (const raw of [5.5, '5.5', '[64, 5.5]', [16, 5.5, 8]]) {
        const r = parseField('layers', widths, raw);
        expect(r.issue?.field, JSON.stringify(raw)).toBe('layers');
        expect(r.issue?.message).toBe('layers: entry 5.5 is not an integer; expected a list of 1–4 integers in [2, 256]');
        expect((r.value as number[]).every(Number.isInteger)).toBe(true);
      }
      expect(parseField('layers', widths, '64,5.5').value).toEqual([64, 6]);
      expect(parseField('layers', widths, [1.2]).value).toEqual([2]); // rounded, then clamped
    });
    it('whole numbers pass untouched; a non-integer list field still takes fractions', () => {
      expect(parseField('layers', widths, '64,32,16')).toEqual({ value: [64, 32, 16] });
      expect(parseField('layers', widths, [6.0])).toEqual({ value: [6] });
      expect(parseField('upper', S.upper, '2.5')).toEqual({ value: [2.5] });
    });
  });

  it('every lab marks its count fields (bidders, steps, layers, firms, …) as integers', () => {
    const countUnits = new Set(['bidders', 'steps', 'firms', 'designs', 'rounds', 'trials', 'workers', 'profiles', 'draws', 'auctions', 'updates', 'episodes', 'iterations', 'levels', 'starts', 'samples', 'years']);
    const countKeys = /^(bidders|firms|steps|batch|hidden|layers|designs|rounds|epochs|minibatch|iterations|evalSeeds|study|sweepFirms)$/;
    const unmarked: string[] = [];
    for (const lab of labs) {
      for (const [key, field] of Object.entries(lab.schema)) {
        if (field.kind !== 'number' && field.kind !== 'numberArray') continue;
        if ((countUnits.has(field.unit ?? '') || countKeys.test(key)) && !field.integer) unmarked.push(`${lab.id}.${key}`);
      }
    }
    expect(unmarked).toEqual([]);
  });

  it('non-object input → defaults (with a message unless undefined)', () => {
    expect(parseConfig(S, undefined)).toEqual({ config: defaultsOf(S), issues: [] });
    for (const raw of [null, 42, 'bidders=3', [1, 2], true]) {
      const r = parseConfig(S, raw);
      expect(r.config).toEqual(defaultsOf(S));
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0].message).toMatch(/not an object/);
    }
  });

  it('does not mutate the input', () => {
    const input = { upper: [0, 20], bidders: 99 };
    parseConfig(S, input);
    expect(input).toEqual({ upper: [0, 20], bidders: 99 });
  });

  it('never throws on arbitrary input (fast-check), and always returns a config inside the schema', () => {
    const check = (input: unknown) => {
      const { config, issues } = parseConfig(S, input);
      expect(Array.isArray(issues)).toBe(true);
      for (const i of issues) {
        expect(typeof i.field).toBe('string');
        expect(typeof i.message).toBe('string');
      }
      expect(Object.keys(config).sort()).toEqual(Object.keys(S).sort());
      for (const [key, field] of Object.entries(S as ConfigSchema)) {
        const v = (config as Record<string, unknown>)[key];
        if (field.kind === 'number') {
          expect(typeof v).toBe('number');
          expect(v as number).toBeGreaterThanOrEqual(field.min);
          expect(v as number).toBeLessThanOrEqual(field.max);
          if (field.integer) expect(Number.isInteger(v)).toBe(true);
        } else if (field.kind === 'enum') {
          expect(field.options.map((o) => o.value)).toContain(v);
        } else if (field.kind === 'numberArray') {
          const list = v as number[];
          expect(Array.isArray(list)).toBe(true);
          expect(list.length).toBeGreaterThanOrEqual(field.minLength);
          expect(list.length).toBeLessThanOrEqual(field.maxLength);
          for (const x of list) {
            expect(x).toBeGreaterThanOrEqual(field.min);
            expect(x).toBeLessThanOrEqual(field.max);
          }
        }
      }
    };
    fc.assert(fc.property(fc.anything(), check), { numRuns: 300 });
    // values aimed at the schema's own keys, including exotic ones (null prototype, bigint, boxed values)
    const exotic = fc.anything({ withNullPrototype: true, withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true });
    const keyed = fc.dictionary(fc.constantFrom(...Object.keys(S), 'extra', '__proto__'), exotic);
    fc.assert(fc.property(keyed, check), { numRuns: 300 });
  });

  describe('never throws on values that cannot be converted to a string', () => {
    // Reproductions of the fast-check findings, for each field kind in the schema.
    const nasty: Record<string, () => unknown> = {
      'null-prototype object': () => Object.create(null),
      'null-prototype object holding a bigint': () => Object.assign(Object.create(null) as object, { n: 1n }),
      'object whose toString throws': () => ({ toString: () => { throw new Error('boom'); } }),
    };
    for (const [what, make] of Object.entries(nasty)) {
      for (const key of ['mechanism', 'bidders', 'upper'] as const) {
        it(`${key} = ${what} → default + one issue`, () => {
          let r: ReturnType<typeof parseConfig<typeof S>> | undefined;
          expect(() => (r = parseConfig(S, { [key]: make() }))).not.toThrow();
          expect(r!.config[key]).toEqual(defaultsOf(S)[key]);
          expect(r!.issues.map((i) => i.field)).toEqual([key]);
        });
      }
    }
  });
});

describe('parseField: the boolean kind (not used by learn-to-bid yet)', () => {
  const flag: BooleanField = { kind: 'boolean', label: 'Flag', help: 'A flag.', default: true };
  it('reads booleans and "true"/"false"/"1"/"0"; anything else → default + issue', () => {
    expect(parseField('flag', flag, false)).toEqual({ value: false });
    expect(parseField('flag', flag, 'true')).toEqual({ value: true });
    expect(parseField('flag', flag, '0')).toEqual({ value: false });
    expect(parseField('flag', flag, '1')).toEqual({ value: true });
    const r = parseField('flag', flag, 'yes');
    expect(r.value).toBe(true);
    expect(r.issue?.field).toBe('flag');
    expect(r.issue?.message).toContain('true or false');
  });
});

describe('preview', () => {
  it('is short and printable', () => {
    expect(preview('x'.repeat(100))).toHaveLength(40);
    expect(preview('a\nb\u0000c')).toBe('a?b?c');
    expect(preview({ a: 1 })).toBe('{"a":1}');
    expect(() => preview(10n)).not.toThrow();
    expect(() => preview(Object.create(null))).not.toThrow();
    // JSON.stringify throws on the bigint, and the String(raw) fallback throws on a null-prototype object
    const nasty = Object.assign(Object.create(null) as object, { n: 1n });
    expect(() => preview(nasty)).not.toThrow();
  });
});

describe('normalizeLearnToBid', () => {
  const base = defaultsOf(S);
  it('keeps a consistent config and reports nothing', () => {
    const r = normalizeLearnToBid({ ...base, bidders: 3, upper: [1, 2, 3] });
    expect(r.issues).toEqual([]);
    expect(r.config.upper).toEqual([1, 2, 3]);
  });
  it('one bound stands for every bidder, whatever N', () => {
    for (let n = 2; n <= 10; n++) {
      const r = normalizeLearnToBid({ ...base, bidders: n, upper: [2] });
      expect(r).toEqual({ config: { ...base, bidders: n, upper: [2] }, issues: [] });
    }
  });
  it('N equal bounds are stored as one (N lives in bidders only), silently', () => {
    const r = normalizeLearnToBid({ ...base, bidders: 3, upper: [1, 1, 1] });
    expect(r.config.upper).toEqual([1]);
    expect(r.issues).toEqual([]);
  });
  it('a list of another length is rejected with one issue naming upper, not padded or cut', () => {
    for (const [n, upper] of [[4, [1, 2]], [2, [3, 2, 1]], [3, []]] as const) {
      const r = normalizeLearnToBid({ ...base, bidders: n, upper: [...upper] });
      expect(r.config.upper).toEqual([1]);
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0].field).toBe('upper');
      expect(r.issues[0].code).toBe('inconsistent');
      expect(describeIssue(r.issues[0], 'clamp')).toBe(
        `upper: ${upper.length} bounds for ${n} bidders; expected one bound for every bidder or ${n}, one per bidder — using 1 for every bidder`,
      );
      // The CLI refuses rather than repairs: its sentence says what is wrong, not what was used.
      expect(describeIssue(r.issues[0], 'strict')).toBe(`upper: ${upper.length} bounds for ${n} bidders; expected one bound for every bidder or ${n}, one per bidder`);
    }
  });
  it('a mismatched list of equal bounds keeps that bound, with the issue', () => {
    const r = normalizeLearnToBid({ ...base, bidders: 3, upper: [2, 2] });
    expect(r.config.upper).toEqual([2]);
    expect(r.issues.map((i) => describeIssue(i, 'clamp'))).toEqual([expect.stringMatching(/^upper: 2 bounds for 3 bidders;.* using 2 for every bidder$/)]);
  });
  it('does not mutate its input', () => {
    const input = { ...base, bidders: 3, upper: [5] };
    normalizeLearnToBid(input);
    expect(input.upper).toEqual([5]);
  });
  it('the parsed-then-normalized defaults for every bidder count are consistent, with no issue', () => {
    for (let n = 2; n <= 10; n++) {
      const { config } = parseConfig(S, { bidders: n });
      const r = normalizeLearnToBid(config);
      expect(r.issues).toEqual([]);
      expect(bidderBounds(r.config)).toEqual(Array(n).fill(1));
    }
  });
  it('bidderBounds: one bound repeated N times, or the list itself; another length throws', () => {
    expect(bidderBounds({ bidders: 3, upper: [2] })).toEqual([2, 2, 2]);
    expect(bidderBounds({ bidders: 2, upper: [1, 2] })).toEqual([1, 2]);
    expect(() => bidderBounds({ bidders: 3, upper: [1, 2] })).toThrow(/2 bounds for 3 bidders/);
  });
});

describe('learn-to-bid presets', () => {
  it('ids are unique, non-empty and URL-safe', () => {
    const ids = learnToBidPresets.map((p) => p.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });
  for (const preset of learnToBidPresets) {
    it(`"${preset.id}" parses and normalizes with zero issues and keeps its values`, () => {
      const parsed = parseConfig(S, preset.config);
      expect(parsed.issues).toEqual([]);
      const normalized = normalizeLearnToBid(parsed.config);
      expect(normalized.issues).toEqual([]);
      expect(normalized.config).toEqual({ ...defaultsOf(S), ...preset.config });
      expect(Number.isInteger(preset.seed)).toBe(true);
      expect(preset.title.trim()).not.toBe('');
      expect(preset.description.trim()).not.toBe('');
    });
  }
});

describe('config problems are data', () => {
  const bidders = learnToBidSchema.bidders;
  it('each issue has a code, and the clamp sentence adds what is used instead', () => {
    const out = parseField('bidders', bidders, 99);
    expect(out.issue).toMatchObject({ field: 'bidders', code: 'out-of-range', repair: 'using 10' });
    expect(describeIssue(out.issue!, 'strict')).toBe('bidders: 99 is out of range; expected an integer in [2, 10]');
    expect(describeIssue(out.issue!, 'clamp')).toBe('bidders: 99 is out of range; expected an integer in [2, 10] — using 10');
    expect(parseField('bidders', bidders, 'abc').issue!.code).toBe('unreadable');
    expect(parseField('bidders', bidders, 2.5).issue!.code).toBe('out-of-range');
    expect(parseField('mechanism', learnToBidSchema.mechanism, 'dutch').issue!.code).toBe('unreadable');
    expect(parseConfig(learnToBidSchema, { nope: 1 }).issues[0]).toMatchObject({ field: 'nope', code: 'unknown-key' });
  });
});
