/**
 * `resolveExperiment` in process (the spawned CLI is tested in cli.test.ts and optimalAuction.test.ts): what the
 * strict CLI accepts, refuses (a `CliError`, exit 2) and notes.
 */
import { describe, expect, it } from 'vitest';
import { findLab } from '../core/labs/registry';
import { parseSetArgument, type SetOption } from './args';
import { resolveExperiment } from './config';
import { CliError, EXIT } from './errors';

/** `--set` options exactly as the argument parser makes them. */
const sets = (...pairs: string[]): SetOption[] =>
  pairs.map((p) => {
    const r = parseSetArgument(p);
    if (!r.ok) throw new Error(r.error);
    return r.set;
  });

/** The `CliError` a resolve throws (fails the test when it does not throw one). */
function refusal(f: () => unknown): CliError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return e as CliError;
  }
  throw new Error('expected a CliError');
}

describe('resolveExperiment: learn-to-bid bounds', () => {
  const ltb = findLab('learn-to-bid')!;

  it('--set bidders=3 --set upper=[1,1,1] (README) runs three bidders with one bound for all', () => {
    const r = resolveExperiment(ltb, 'annealing', sets('bidders=3', 'upper=[1,1,1]'));
    expect(r.config).toMatchObject({ bidders: 3, upper: [1], schedule: 'exponential' });
    expect(r.notes).toEqual([]);
  });

  it('--set bidders=3 alone, or with one bound or three different ones, is accepted without notes', () => {
    expect(resolveExperiment(ltb, undefined, sets('bidders=3'))).toMatchObject({ config: { bidders: 3, upper: [1] }, notes: [] });
    expect(resolveExperiment(ltb, undefined, sets('bidders=3', 'upper=2'))).toMatchObject({ config: { upper: [2] }, notes: [] });
    expect(resolveExperiment(ltb, undefined, sets('bidders=3', 'upper=1,2,3'))).toMatchObject({ config: { upper: [1, 2, 3] }, notes: [] });
  });

  it('bounds that disagree with bidders, both given: refused, naming upper', () => {
    const e = refusal(() => resolveExperiment(ltb, undefined, sets('bidders=3', 'upper=[1,2]')));
    expect(e.exitCode).toBe(EXIT.usage);
    expect(e.message).toMatch(/^upper: 2 bounds for 3 bidders; expected one bound for every bidder or 3, one per bidder/);
  });

  it('a preset’s bounds that no longer fit the bidders given: one note naming upper', () => {
    const r = resolveExperiment(ltb, 'asymmetric', sets('bidders=3'));
    expect(r.config).toMatchObject({ bidders: 3, upper: [1] });
    expect(r.notes).toEqual([expect.stringMatching(/^upper: 2 bounds for 3 bidders/)]);
  });
});

describe('resolveExperiment: integer fields refuse fractions', () => {
  it.each([
    ['optimal-auction', 'layers=5.5', 'layers: entry 5.5 is not an integer; expected a list of 1–4 integers in [2, 256]'],
    ['optimal-auction', 'layers=[64,32.5]', 'layers: entry 32.5 is not an integer; expected a list of 1–4 integers in [2, 256]'],
    ['optimal-auction', 'steps=10.5', 'steps: 10.5 is not an integer; expected an integer in [0, 100000]'],
    ['permit-auction', 'sweepFirms=2,3.5', 'sweepFirms: entry 3.5 is not an integer; expected a list of 2–8 integers in [2, 12]'],
    ['learn-to-bid', 'hidden=8.5', 'hidden: 8.5 is not an integer; expected an integer in [4, 64]'],
  ])('%s --set %s', (labId, set, message) => {
    const e = refusal(() => resolveExperiment(findLab(labId)!, undefined, sets(set)));
    expect(e.exitCode).toBe(EXIT.usage);
    expect(e.message).toBe(message);
  });

  it('whole-number lists are accepted as they are', () => {
    expect(resolveExperiment(findLab('optimal-auction')!, undefined, sets('layers=16,8')).config.layers).toEqual([16, 8]);
  });
});
