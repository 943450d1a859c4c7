import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultsOf, describeRange, parseConfig, type ConfigSchema, type Field } from '../core/config/schema';
import { findLab, labs } from '../core/labs/registry';
import type { LabDefinition } from '../core/labs/types';
import {
  DEFAULT_SEED,
  MAX_LINK_LENGTH,
  MAX_MESSAGES,
  MAX_SEED,
  PRESET_VERSION,
  RESERVED_KEYS,
  decodeExperiment,
  encodeExperiment,
  findPresetByIdOrUrl,
  migrateParams,
  migrations,
  presetExperiment,
  type DecodeResult,
  type Experiment,
} from './urlCodec';

const firstLab = labs[0];
const ltb = findLab('learn-to-bid')!;

/** The experiment a lab's defaults describe, seed 1. */
function defaultsExperiment(lab: LabDefinition<ConfigSchema>): Experiment {
  return { lab: lab.id, config: lab.normalize(defaultsOf(lab.schema)).config, seed: DEFAULT_SEED };
}

/** Every preset of every registered lab, as [labId, presetId] pairs. */
const allPresets = labs.flatMap((lab) => lab.presets.map((p) => [lab.id, p.id] as const));

/**
 * What every decode must return, whatever the input: a registered lab, a config with exactly the schema's
 * keys that passes the schema and the lab's cross-field rules with no issue, a seed in range, and short
 * printable banner messages.
 */
function expectValid(result: DecodeResult): void {
  const { experiment, messages, fallback } = result;
  const lab = findLab(experiment.lab);
  expect(lab).toBeDefined();
  expect(Object.keys(experiment.config).sort()).toEqual(Object.keys(lab!.schema).sort());
  expect(parseConfig(lab!.schema, experiment.config).issues).toEqual([]);
  expect(lab!.normalize(experiment.config as never).issues).toEqual([]);
  expect(Number.isInteger(experiment.seed)).toBe(true);
  expect(experiment.seed).toBeGreaterThanOrEqual(0);
  expect(experiment.seed).toBeLessThanOrEqual(MAX_SEED);
  expect(messages.length).toBeLessThanOrEqual(MAX_MESSAGES);
  for (const m of messages) {
    expect(typeof m).toBe('string');
    expect(m).not.toMatch(/[\x00-\x1f\x7f]/);
    expect(m.length).toBeLessThan(400);
  }
  if (fallback) {
    expect(messages.length).toBeGreaterThan(0);
    expect(experiment).toEqual(defaultsExperiment(firstLab));
  }
}

function hashFor(labId: string, presetId: string): string {
  return encodeExperiment(presetExperiment(labId, presetId)!);
}

describe('registry invariants the codec relies on', () => {
  it('no lab schema uses a reserved link key', () => {
    for (const lab of labs) for (const key of RESERVED_KEYS) expect(Object.keys(lab.schema)).not.toContain(key);
  });

  it.each(allPresets)('preset %s/%s is valid as written (no clamping, no normalize fix-ups)', (labId, presetId) => {
    const lab = findLab(labId)!;
    const preset = lab.presets.find((p) => p.id === presetId)!;
    const parsed = parseConfig(lab.schema, { ...preset.config });
    expect(parsed.issues).toEqual([]);
    expect(lab.normalize(parsed.config).issues).toEqual([]);
    expect(Number.isInteger(preset.seed) && preset.seed >= 0 && preset.seed <= MAX_SEED).toBe(true);
  });
});

describe('encodeExperiment', () => {
  it('writes v, lab, seed and then every schema key in schema order', () => {
    for (const lab of labs) {
      const hash = encodeExperiment(defaultsExperiment(lab));
      const keys = hash.split('&').map((s) => s.split('=')[0]);
      expect(keys).toEqual(['v', 'lab', 'seed', ...Object.keys(lab.schema)]);
      expect(hash.startsWith(`v=${PRESET_VERSION}&lab=${lab.id}&seed=1&`)).toBe(true);
    }
  });

  it('formats numbers, lists and enums readably', () => {
    const e: Experiment = { lab: 'learn-to-bid', config: { ...defaultsExperiment(ltb).config, bidders: 3, upper: [1, 2.5, 0.1], lr: 0.001 }, seed: 7 };
    const hash = encodeExperiment(e);
    expect(hash).toContain('&bidders=3&');
    expect(hash).toContain('&upper=1,2.5,0.1&');
    expect(hash).toContain('&lr=0.001&');
    expect(hash).toContain('&mechanism=first-price&');
    expect(hash.startsWith(`v=${PRESET_VERSION}&lab=learn-to-bid&seed=7&mechanism=`)).toBe(true);
  });

  it('fills missing keys with defaults, leaves out keys outside the schema, and never throws on odd values', () => {
    const hash = encodeExperiment({ lab: 'learn-to-bid', config: { bidders: 4, bogus: 1 }, seed: 2 });
    expect(hash).not.toContain('bogus');
    expect(hash).toContain('&upper=1&');
    const d = decodeExperiment(hash);
    // the default upper bound holds for every bidder: N lives in `bidders` only
    expect(d.messages).toEqual([]);
    expect(d.experiment.config).toMatchObject({ bidders: 4, upper: [1] });
    expect(() => encodeExperiment({ lab: '\uD800&=#', config: { mechanism: '\uDC00 x+y', upper: [NaN] }, seed: -1 })).not.toThrow();
  });
});

describe('round trips', () => {
  it.each(allPresets)('preset %s/%s: encode → decode is the identity, with no messages', (labId, presetId) => {
    const e = presetExperiment(labId, presetId)!;
    expect(e.lab).toBe(labId);
    const hash = encodeExperiment(e);
    for (const h of [hash, `#${hash}`, new URLSearchParams(hash).toString()]) {
      const d = decodeExperiment(h);
      expect(d.messages).toEqual([]);
      expect(d.fallback).toBe(false);
      expect(d.experiment).toEqual(e);
    }
  });

  it.each(labs.map((l) => l.id))('defaults of %s round-trip', (labId) => {
    const e = defaultsExperiment(findLab(labId)!);
    const d = decodeExperiment(encodeExperiment(e));
    expect(d).toEqual({ experiment: e, messages: [], issues: [], fallback: false });
  });

  it('links read by URLSearchParams give the same values', () => {
    const hash = hashFor('learn-to-bid', allPresets[0][1]);
    const sp = new URLSearchParams(hash);
    const e = decodeExperiment(hash).experiment;
    expect(sp.get('lab')).toBe(e.lab);
    expect(Number(sp.get('seed'))).toBe(e.seed);
    expect(sp.get('upper')).toBe((e.config.upper as number[]).join(','));
  });
});

describe('decodeExperiment: edge cases', () => {
  it('an empty hash gives the first lab with its defaults and seed 1, silently', () => {
    for (const h of ['', '#', '#&&', '  ']) {
      expect(decodeExperiment(h)).toEqual({ experiment: defaultsExperiment(firstLab), messages: [], issues: [], fallback: false });
    }
  });

  it.each(['#%%%', '#v=abc', '#lab=<script>', '#lab=%3Cimg%20src%3Dx%3E', '#=', '#v', '#lab', '#lab=%00%1b'])(
    'garbage %j falls back to defaults with a message',
    (h) => {
      const d = decodeExperiment(h);
      expectValid(d);
      expect(d.fallback).toBe(true);
      expect(d.messages.length).toBeGreaterThan(0);
      expect(d.experiment).toEqual(defaultsExperiment(firstLab));
    },
  );

  it('names the unknown lab (sanitised) and the unreadable version', () => {
    expect(decodeExperiment('#lab=<script>').messages).toEqual([expect.stringContaining('unknown lab "<script>"')]);
    expect(decodeExperiment('#lab=a%0Ab').messages[0]).toContain('"a?b"');
    expect(decodeExperiment('#v=abc&lab=learn-to-bid').messages).toEqual([expect.stringMatching(/version "abc"/)]);
    expect(decodeExperiment('#v=1&bidders=3').messages).toEqual([expect.stringMatching(/no lab/)]);
  });

  it('malformed %-encoding never throws: the bad part is reported and defaults are used', () => {
    const whole = decodeExperiment('#%E0%A4%A');
    expectValid(whole);
    expect(whole.messages[0]).toMatch(/malformed %-encoding/);

    const d = decodeExperiment('#v=1&lab=learn-to-bid&seed=4&bidders=%E0%A4%A');
    expectValid(d);
    expect(d.fallback).toBe(false);
    expect(d.experiment.seed).toBe(4);
    expect(d.experiment.config.bidders).toBe(ltb.schema.bidders.default);
    expect(d.messages).toEqual([expect.stringMatching(/^bidders: malformed %-encoding/)]);
  });

  it('reads form encoding: + is a space, %2C is a comma', () => {
    const d = decodeExperiment('#lab=learn-to-bid&bidders=+3+&upper=1%2C2%2C3');
    expect(d.messages).toEqual([]);
    expect(d.experiment.config.bidders).toBe(3);
    expect(d.experiment.config.upper).toEqual([1, 2, 3]);
  });

  it('every prefix of a preset link decodes to a valid experiment, or says what is wrong', () => {
    for (const [labId, presetId] of allPresets) {
      const hash = hashFor(labId, presetId);
      for (let i = 0; i <= hash.length; i++) {
        const d = decodeExperiment(hash.slice(0, i));
        expectValid(d);
        // A prefix with no messages must be a genuine experiment (checked by expectValid); the full link is the preset.
        if (i === hash.length) expect(d.messages).toEqual([]);
      }
      // Cutting a value in the middle is reported (the lab id, a list, an enum).
      expect(decodeExperiment(hash.slice(0, hash.indexOf('&seed') - 3)).messages.length).toBeGreaterThan(0);
      expect(decodeExperiment(hash.slice(0, hash.indexOf('&mechanism=') + 8)).messages.length).toBeGreaterThan(0);
    }
  });

  it('an oversized link falls back to defaults and says so; the limit itself is fine', () => {
    const hash = hashFor('learn-to-bid', allPresets[0][1]);
    const atLimit = hash + '&'.repeat(MAX_LINK_LENGTH - hash.length);
    expect(atLimit.length).toBe(MAX_LINK_LENGTH);
    const ok = decodeExperiment(`#${atLimit}`);
    expect(ok.messages).toEqual([]);
    expect(ok.experiment).toEqual(presetExperiment('learn-to-bid', allPresets[0][1]));

    const big = decodeExperiment(`#${atLimit}&`);
    expect(big.fallback).toBe(true);
    expect(big.messages).toEqual([expect.stringMatching(/^link is too long \(4001 characters/)]);
    expect(big.experiment).toEqual(defaultsExperiment(firstLab));
    expect(decodeExperiment('x'.repeat(1_000_000)).fallback).toBe(true);
  });

  it('upper bounds that disagree with bidders: one message naming upper, the default bound for every bidder', () => {
    const d = decodeExperiment('#lab=learn-to-bid&bidders=3&upper=1,2');
    expectValid(d);
    expect(d.experiment.config).toMatchObject({ bidders: 3, upper: [1] });
    expect(d.messages).toEqual(['upper: 2 bounds for 3 bidders; expected one bound for every bidder or 3, one per bidder — using 1 for every bidder']);
  });

  it('old links with one bound per bidder migrate: N equal bounds become one, unequal ones stay, silently', () => {
    // as every v=1 link was written before N was stored once (README example, e2e, CLI)
    const old = decodeExperiment('#v=1&lab=learn-to-bid&seed=1&mechanism=first-price&bidders=3&upper=1,1,1&steps=500');
    expect(old.messages).toEqual([]);
    expect(old.experiment.config).toMatchObject({ bidders: 3, upper: [1], steps: 500 });
    expect(encodeExperiment(old.experiment)).toContain('&bidders=3&policy=linear&prior=uniform&upper=1&');
    const asym = decodeExperiment('#v=1&lab=learn-to-bid&seed=5&bidders=2&upper=1,2&policy=mlp');
    expect(asym.messages).toEqual([]);
    expect(asym.experiment.config).toMatchObject({ bidders: 2, upper: [1, 2] });
    // a link of the old two-bidders preset is that preset
    const preset = presetExperiment('learn-to-bid', 'two-bidders')!;
    const oldHash = encodeExperiment(preset).replace('&upper=1&', '&upper=1,1&');
    expect(oldHash).toContain('&bidders=2&');
    expect(decodeExperiment(oldHash)).toEqual({ experiment: preset, messages: [], issues: [], fallback: false });
  });

  it('out-of-range values are clamped with a message naming the field and its range', () => {
    const bidders = ltb.schema.bidders as Extract<Field, { kind: 'number' }>;
    const lr = ltb.schema.lr as Extract<Field, { kind: 'number' }>;
    const d = decodeExperiment('#v=1&lab=learn-to-bid&seed=1&bidders=40&lr=-1');
    expectValid(d);
    expect(d.fallback).toBe(false);
    expect(d.experiment.config.bidders).toBe(bidders.max);
    expect(d.experiment.config.lr).toBe(lr.min);
    expect(d.messages).toContain(`bidders: 40 is out of range; expected ${describeRange(bidders)} — using ${bidders.max}`);
    expect(d.messages).toContain(`lr: -1 is out of range; expected ${describeRange(lr)} — using ${lr.min}`);
    // the default upper bound holds for any clamped bidder count: nothing to repair, nothing to report
    expect(d.experiment.config.upper).toEqual([1]);
    expect(d.messages).toHaveLength(2);
  });

  it('non-numbers, bad enums and bad lists take the default with a message naming the field', () => {
    const d = decodeExperiment('#lab=learn-to-bid&beta=fast&mechanism=dutch&upper=1,x');
    expectValid(d);
    expect(d.experiment.config.beta).toBe(ltb.schema.beta.default);
    expect(d.experiment.config.mechanism).toBe(ltb.schema.mechanism.default);
    for (const key of ['beta', 'mechanism', 'upper']) expect(d.messages.some((m) => m.startsWith(`${key}:`))).toBe(true);
  });

  it('unknown keys are dropped with a message naming the key; other keys still apply', () => {
    const d = decodeExperiment('#v=1&lab=learn-to-bid&seed=3&bidders=3&upper=1,1,1&wibble=2&__proto__=x&constructor=y');
    expectValid(d);
    expect(d.experiment.config).not.toHaveProperty('wibble');
    expect(d.experiment.config.bidders).toBe(3);
    expect(d.experiment.seed).toBe(3);
    expect(d.messages).toHaveLength(3);
    expect(d.messages[0]).toContain('"wibble"');
    expect(d.messages[1]).toContain('"__proto__"');
    expect(d.messages[2]).toContain('"constructor"');
    expect(Object.getPrototypeOf(d.experiment.config)).toBe(Object.prototype);
  });

  it('a newer version is reported and its keys are still read', () => {
    const d = decodeExperiment(`#v=${PRESET_VERSION + 1}&lab=learn-to-bid&seed=9&bidders=3&upper=1,1,2`);
    expectValid(d);
    expect(d.messages).toEqual([`link is from a newer version (v=${PRESET_VERSION + 1}); settings this version does not know are ignored`]);
    expect(d.experiment.config.upper).toEqual([1, 1, 2]);
    expect(d.experiment.seed).toBe(9);
    expect(d.fallback).toBe(false);
  });

  it('a missing v is read as the current version, and a missing seed is 1, silently', () => {
    const d = decodeExperiment('#lab=learn-to-bid&bidders=3&upper=1,1,1');
    expect(d.messages).toEqual([]);
    expect(d.experiment.seed).toBe(1);
    expect(d.experiment.config.bidders).toBe(3);
  });

  it.each(['abc', '-1', '1.5', '2147483648', '', '1e3', '0x10', ' 7', '99999999999999999999'])('seed=%j becomes 1 with a message naming seed', (s) => {
    const d = decodeExperiment(`#lab=learn-to-bid&seed=${encodeURIComponent(s)}`);
    expectValid(d);
    expect(d.experiment.seed).toBe(1);
    expect(d.messages).toHaveLength(1);
    expect(d.messages[0]).toMatch(/^seed: .* is not an integer in \[0, 2147483647\] — using 1$/);
  });

  it('accepts the seed bounds', () => {
    expect(decodeExperiment('#lab=learn-to-bid&seed=0').experiment.seed).toBe(0);
    expect(decodeExperiment(`#lab=learn-to-bid&seed=${MAX_SEED}`).experiment.seed).toBe(MAX_SEED);
  });

  it('duplicate keys: the last one wins', () => {
    const d = decodeExperiment('#lab=nope&lab=learn-to-bid&bidders=3&bidders=4&upper=1&upper=2,2,2,2&seed=5&seed=6');
    expect(d.messages).toEqual([]);
    expect(d.experiment.config.bidders).toBe(4);
    expect(d.experiment.config.upper).toEqual([2]);
    expect(d.experiment.seed).toBe(6);
  });

  it('caps the banner at MAX_MESSAGES lines', () => {
    const junk = Array.from({ length: 50 }, (_, i) => `k${i}=1`).join('&');
    const d = decodeExperiment(`#lab=learn-to-bid&${junk}`);
    expectValid(d);
    expect(d.messages).toHaveLength(MAX_MESSAGES);
    expect(d.messages.at(-1)).toMatch(/and 39 more problems/);
  });
});

describe('migrations', () => {
  it('the built-in table only holds steps from versions older than the current one', () => {
    for (const k of Object.keys(migrations)) expect(Number(k)).toBeLessThan(PRESET_VERSION);
  });

  it('migrateParams runs the steps in order, skips missing ones, and reports a step that throws', () => {
    const table = {
      1: (p: Record<string, string>) => {
        const { oldName, ...rest } = p;
        return oldName === undefined ? rest : { ...rest, newName: oldName };
      },
      3: (p: Record<string, string>) => ({ ...p, newName: `${p.newName}!` }),
      4: () => {
        throw new Error('boom');
      },
    };
    const out = migrateParams({ lab: 'learn-to-bid', oldName: 'x' }, 1, table, 5);
    expect({ ...out.params }).toEqual({ lab: 'learn-to-bid', newName: 'x!' });
    expect(out.messages).toEqual(['could not upgrade the link from v=4 to v=5; some settings may be off']);
    expect(migrateParams({ a: '1' }, PRESET_VERSION).params).toEqual(expect.objectContaining({ a: '1' }));
  });
});

describe('presets and the CLI helper', () => {
  it('presetExperiment is defaults ⊕ preset config, with the preset seed', () => {
    for (const lab of labs) {
      for (const preset of lab.presets) {
        const e = presetExperiment(lab.id, preset.id)!;
        expect(e.seed).toBe(preset.seed);
        expect(e.config).toEqual({ ...defaultsOf(lab.schema), ...preset.config });
      }
    }
    expect(presetExperiment('learn-to-bid', 'no-such-preset')).toBeUndefined();
    expect(presetExperiment('no-such-lab', allPresets[0][1])).toBeUndefined();
  });

  it('findPresetByIdOrUrl accepts a preset id, a full URL, a #hash and a bare hash body', () => {
    const [labId, presetId] = allPresets[0];
    const e = presetExperiment(labId, presetId)!;
    const hash = encodeExperiment(e);
    expect(findPresetByIdOrUrl(labId, presetId)).toEqual({ experiment: e, messages: [], issues: [], fallback: false });
    for (const s of [`https://example.org/auction-lab/?x=1#${hash}`, `#${hash}`, hash]) {
      expect(findPresetByIdOrUrl(labId, s)).toEqual({ experiment: e, messages: [], issues: [], fallback: false });
    }
    expect(findPresetByIdOrUrl(labId, 'no-such-preset')).toBeUndefined();
    const other = findPresetByIdOrUrl('some-other-lab', `#${hash}`)!;
    expect(other.messages).toEqual([`link is for lab "${labId}", not "some-other-lab"`]);
    const bad = findPresetByIdOrUrl(labId, 'https://example.org/#v=1&lab=learn-to-bid&bidders=40')!;
    expect(bad.messages[0]).toMatch(/^bidders:/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties

/** Any UTF-16 code unit, lone surrogates included (what a pasted or hand-edited link may carry). */
const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });

/** Strings made of the characters that matter to the codec. */
const linkish = fc.string({ unit: fc.constantFrom('&', '=', '#', '%', '+', ',', 'v', '1', 'E', '0', 'A', 'lab', 'learn-to-bid', 'seed', '%E0', '%2C', '%25') });

describe('properties', () => {
  it('decode never throws and always returns a valid experiment, for any string', () => {
    for (const arb of [
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'binary-ascii' }),
      utf16,
      linkish,
    ]) {
      fc.assert(
        fc.property(arb, fc.boolean(), (s, prefixed) => {
          expectValid(decodeExperiment(prefixed ? `#${s}` : s));
        }),
        { numRuns: 300 },
      );
    }
  });

  it('decode of random key=value maps is valid, and re-encoding what it returns is a clean fixed point', () => {
    const schemaKeys = labs.flatMap((l) => Object.keys(l.schema));
    const key = fc.oneof(fc.constantFrom(...RESERVED_KEYS, ...schemaKeys, '__proto__', 'constructor', ''), fc.string({ maxLength: 8 }));
    const enumValues = labs.flatMap((l) => Object.values(l.schema).flatMap((f) => (f.kind === 'enum' ? f.options.map((o) => o.value) : [])));
    const value = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.double().map(String),
      fc.integer({ min: -5, max: 300000 }).map(String),
      fc.array(fc.double({ min: -1, max: 20, noNaN: true }), { maxLength: 12 }).map((a) => a.join(',')),
      fc.constantFrom(...labs.map((l) => l.id), ...enumValues, 'true', 'false', 'NaN', 'Infinity', '-0', '1e400', '%', ''),
    );
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 20 }), fc.boolean(), fc.boolean(), (map, withLab, raw) => {
        const entries = Object.entries(map);
        if (withLab) entries.push(['lab', firstLab.id]);
        const hash = raw
          ? entries.map(([k, v]) => `${k}=${v}`).join('&')
          : entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const d = decodeExperiment(hash);
        expectValid(d);
        if (withLab && !raw && hash.length <= MAX_LINK_LENGTH) expect(d.fallback).toBe(false);
        const again = decodeExperiment(encodeExperiment(d.experiment));
        expect(again).toEqual({ experiment: d.experiment, messages: [], issues: [], fallback: false });
      }),
      { numRuns: 500 },
    );
  });

  /** A valid value of one field, drawn from its bounds (−0 read as 0: `String(-0)` is "0"). */
  function fieldArb(field: Field): fc.Arbitrary<unknown> {
    const noNegZero = (x: number) => (Object.is(x, -0) ? 0 : x);
    switch (field.kind) {
      case 'number':
        return field.integer
          ? fc.integer({ min: Math.ceil(field.min), max: Math.floor(field.max) })
          : fc.double({ min: field.min, max: field.max, noNaN: true }).map(noNegZero);
      case 'enum':
        return fc.constantFrom(...field.options.map((o) => o.value));
      case 'boolean':
        return fc.boolean();
      case 'json':
        return fc.constant(structuredClone(field.default));
      case 'numberArray':
        return fc.array((field.integer ? fc.integer({ min: Math.ceil(field.min), max: Math.floor(field.max) }) : fc.double({ min: field.min, max: field.max, noNaN: true })).map(noNegZero), {
          minLength: field.minLength,
          maxLength: field.maxLength,
        });
    }
  }

  it.each(labs.map((l) => l.id))('random valid %s configs: encode → decode is the identity, with no messages', (labId) => {
    const lab = findLab(labId)!;
    const configArb = fc.record(Object.fromEntries(Object.entries(lab.schema).map(([k, f]) => [k, fieldArb(f)])));
    fc.assert(
      fc.property(configArb, fc.integer({ min: 0, max: MAX_SEED }), (raw, seed) => {
        const config = lab.normalize(raw).config as Record<string, unknown>;
        expect(parseConfig(lab.schema, config).issues).toEqual([]);
        const e: Experiment = { lab: labId, config, seed };
        const hash = encodeExperiment(e);
        expect(hash.length).toBeLessThanOrEqual(MAX_LINK_LENGTH);
        expect(decodeExperiment(hash)).toEqual({ experiment: e, messages: [], issues: [], fallback: false });
        expect(decodeExperiment(new URLSearchParams(hash).toString()).experiment).toEqual(e);
      }),
      { numRuns: 500 },
    );
  });
});
