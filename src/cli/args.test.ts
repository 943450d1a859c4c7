import { describe, expect, it } from 'vitest';
import { parseArgs, parseSetArgument, type CliCommand, type ParseResult } from './args';

const ok = (r: ParseResult): CliCommand => {
  if (!r.ok) throw new Error(`expected a command, got usage error: ${r.error}`);
  return r.command;
};
const err = (r: ParseResult): string => {
  if (r.ok) throw new Error(`expected a usage error, got ${JSON.stringify(r.command)}`);
  return r.error;
};
const run = (argv: string[]) => {
  const c = ok(parseArgs(argv));
  if (c.kind !== 'run') throw new Error(`expected a run, got ${c.kind}`);
  return c;
};

describe('parseArgs: commands', () => {
  it('list, usage and lab help', () => {
    expect(ok(parseArgs(['list']))).toEqual({ kind: 'list' });
    expect(ok(parseArgs(['--help']))).toEqual({ kind: 'usage' });
    expect(ok(parseArgs(['-h']))).toEqual({ kind: 'usage' });
    expect(ok(parseArgs(['help']))).toEqual({ kind: 'usage' });
    expect(ok(parseArgs(['learn-to-bid', '--help']))).toEqual({ kind: 'labHelp', lab: 'learn-to-bid' });
    expect(ok(parseArgs(['--help', 'learn-to-bid']))).toEqual({ kind: 'labHelp', lab: 'learn-to-bid' });
    // --help wins over run flags: the user asked what the keys are.
    expect(ok(parseArgs(['learn-to-bid', '--set', 'bidders=3', '-h']))).toEqual({ kind: 'labHelp', lab: 'learn-to-bid' });
  });

  it('a bare run takes the defaults', () => {
    expect(run(['learn-to-bid'])).toEqual({ kind: 'run', lab: 'learn-to-bid', sets: [], backend: 'auto', quiet: false });
  });

  it('reads every flag, in both forms', () => {
    const a = run(['learn-to-bid', '--preset', 'two-bidders', '--set', 'steps=200', '--backend', 'wasm', '--out', 'run.jsonl', '--quiet']);
    expect(a).toEqual({
      kind: 'run',
      lab: 'learn-to-bid',
      preset: 'two-bidders',
      sets: [{ key: 'steps', value: '200', raw: '200' }],
      backend: 'wasm',
      out: 'run.jsonl',
      quiet: true,
    });
    const b = run(['--preset=two-bidders', 'learn-to-bid', '--set=steps=200', '--backend=wasm', '--out=run.jsonl', '-q']);
    expect(b).toEqual(a);
  });

  it('accepts every CLI backend', () => {
    for (const backend of ['auto', 'ts', 'cpu', 'wasm'] as const) expect(run(['x', '--backend', backend]).backend).toBe(backend);
  });

  it('keeps repeated --set in order (the last of a key wins later)', () => {
    const c = run(['learn-to-bid', '--set', 'bidders=3', '--set', 'mechanism=all-pay', '--set', 'bidders=4', '--set', 'seed=7']);
    expect(c.sets.map((s) => [s.key, s.value])).toEqual([
      ['bidders', '3'],
      ['mechanism', 'all-pay'],
      ['bidders', '4'],
      ['seed', '7'],
    ]);
  });

  it('a preset may be a full link with & and =', () => {
    const link = 'https://example.org/auction-lab/#v=1&lab=learn-to-bid&seed=7&bidders=3&upper=1,1,1';
    expect(run(['learn-to-bid', '--preset', link]).preset).toBe(link);
    expect(run(['learn-to-bid', `--preset=${link}`]).preset).toBe(link);
  });

  it('negative numbers are values, not flags', () => {
    expect(run(['learn-to-bid', '--set', 'initW=-1']).sets[0].value).toBe('-1');
    expect(run(['learn-to-bid', '--out', '-']).out).toBe('-');
  });

  it('-- ends the options', () => {
    expect(run(['--', '--help']).lab).toBe('--help'); // a lab id main will refuse, not a flag
    expect(run(['--', 'learn-to-bid']).lab).toBe('learn-to-bid');
  });
});

describe('parseArgs: --set values', () => {
  it('keeps plain values as strings for the schema to read', () => {
    expect(parseSetArgument('upper=1,2')).toEqual({ ok: true, set: { key: 'upper', value: '1,2', raw: '1,2' } });
    expect(parseSetArgument('mechanism=all-pay')).toEqual({ ok: true, set: { key: 'mechanism', value: 'all-pay', raw: 'all-pay' } });
    expect(parseSetArgument('lr=1e-3')).toEqual({ ok: true, set: { key: 'lr', value: '1e-3', raw: '1e-3' } });
    // only the first = splits
    expect(parseSetArgument('note=a=b')).toEqual({ ok: true, set: { key: 'note', value: 'a=b', raw: 'a=b' } });
    // an empty value is the schema's to refuse
    expect(parseSetArgument('steps=')).toEqual({ ok: true, set: { key: 'steps', value: '', raw: '' } });
  });

  it('decodes JSON arrays, objects and strings', () => {
    expect(parseSetArgument('upper=[1,2]')).toEqual({ ok: true, set: { key: 'upper', value: [1, 2], raw: '[1,2]' } });
    expect(parseSetArgument('upper= [1, 2.5] ')).toMatchObject({ ok: true, set: { value: [1, 2.5] } });
    expect(parseSetArgument('x={"a":1}')).toMatchObject({ ok: true, set: { value: { a: 1 } } });
    expect(parseSetArgument('mechanism="all-pay"')).toMatchObject({ ok: true, set: { value: 'all-pay' } });
  });

  it('refuses malformed --set arguments', () => {
    expect(err(parseArgs(['l', '--set', 'upper=[1,2']))).toMatch(/--set upper: malformed JSON/);
    expect(err(parseArgs(['l', '--set', 'x={a:1}']))).toMatch(/malformed JSON/);
    expect(err(parseArgs(['l', '--set', 'bidders']))).toMatch(/expected key=value/);
    expect(err(parseArgs(['l', '--set', '=3']))).toMatch(/key .* missing/);
    expect(err(parseArgs(['l', '--set', 'a b=3']))).toMatch(/not a valid key/);
  });
});

describe('parseArgs: usage errors', () => {
  it('missing values', () => {
    for (const flag of ['--preset', '--set', '--backend', '--out']) {
      expect(err(parseArgs(['learn-to-bid', flag]))).toMatch(new RegExp(`^${flag} needs a value`));
      // a following flag is not a value
      expect(err(parseArgs(['learn-to-bid', flag, '--quiet']))).toMatch(new RegExp(`^${flag} needs a value`));
      expect(err(parseArgs(['learn-to-bid', `${flag}=`]))).toMatch(/needs a value/);
    }
  });

  it('unknown flags, values on switches, doubled flags', () => {
    expect(err(parseArgs(['learn-to-bid', '--steps', '3']))).toMatch(/unknown option "--steps"/);
    expect(err(parseArgs(['learn-to-bid', '-x']))).toMatch(/unknown option "-x"/);
    expect(err(parseArgs(['learn-to-bid', '--quiet=yes']))).toMatch(/--quiet takes no value/);
    expect(err(parseArgs(['learn-to-bid', '--preset', 'a', '--preset', 'b']))).toMatch(/--preset given twice/);
    expect(err(parseArgs(['learn-to-bid', '--backend', 'ts', '--backend=cpu']))).toMatch(/--backend given twice/);
  });

  it('backends: browser-only ones and unknown ones', () => {
    expect(err(parseArgs(['learn-to-bid', '--backend', 'webgl']))).toBe('--backend webgl is not available in Node; expected one of auto|ts|simd|cpu|wasm');
    expect(err(parseArgs(['learn-to-bid', '--backend', 'webgpu']))).toMatch(/not available in Node/);
    expect(err(parseArgs(['learn-to-bid', '--backend', 'gpu']))).toMatch(/"gpu" is not a backend; expected one of auto\|ts\|simd\|cpu\|wasm/);
  });

  it('no lab, extra positionals, options on list', () => {
    expect(err(parseArgs([]))).toMatch(/missing lab id/);
    expect(err(parseArgs(['--quiet']))).toMatch(/missing lab id/);
    expect(err(parseArgs(['learn-to-bid', 'bidders=3']))).toMatch(/unexpected argument "bidders=3"/);
    expect(err(parseArgs(['list', '--set', 'a=1']))).toMatch(/list takes no options/);
  });

  it('errors are one line and never throw, whatever the input', () => {
    const weird = ['\n', '--set', '\u0000=\u0001', '--preset', '\ud800', '--', '--backend', '💥'];
    for (let i = 0; i < weird.length; i++) {
      for (let j = 0; j < weird.length; j++) {
        const r = parseArgs([weird[i], weird[j], 'x']);
        if (!r.ok) expect(r.error).not.toMatch(/\n/);
      }
    }
  });
});
