import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../config/schema';
import { IndependentPpo } from '../../learning/ppo';
import type { PpoPolicySnapshot } from '../../learning/ppoAgents';
import { paramCount } from '../../learning/mlp';
import { createRng } from '../../math/rng';
import { restoreExperiment } from '../../../presets/restore';
import type { RunEvent } from '../types';
import { firmsOfCount } from './fields';
import { agentBids, drawRound, policyNetworks, priorOf } from './play';
import { LOG_STD_MAX, LOG_STD_MIN, parsePolicyFile, POLICY_FILE_MAX_CHARS, POLICY_FILE_MAX_MESSAGES, policyFileText, type PolicyFileResult } from './policyFile';
import { runPermitAuction } from './run';
import { permitAuctionSchema, type PermitAuctionConfig } from './schema';

const config: PermitAuctionConfig = { ...defaultsOf(permitAuctionSchema), mode: 'train', firms: firmsOfCount(4), supply: 12, hidden: 8 };

function snapshot(agents = 4, hidden = 8, seed = 1): PpoPolicySnapshot {
  return new IndependentPpo({ agents, obsDim: 2, actDim: 4, hyper: { hidden } }, createRng(seed)).exportPolicies();
}

/** A file as the exporter writes it, parsed back to a plain object so a case can break one field. */
function exported(policies = snapshot(), c: PermitAuctionConfig = config): Record<string, unknown> {
  return JSON.parse(policyFileText({ mechanism: 'uniform', config: c, seed: 3, policies })) as Record<string, unknown>;
}
const parse = (o: unknown): PolicyFileResult => parsePolicyFile(typeof o === 'string' ? o : JSON.stringify(o), restoreExperiment);
const withConfig = (patch: Record<string, unknown>) => {
  const f = exported();
  return { ...f, config: { ...(f.config as Record<string, unknown>), ...patch } };
};
const withPolicies = (patch: Record<string, unknown>) => {
  const f = exported();
  return { ...f, policies: { ...(f.policies as Record<string, unknown>), ...patch } };
};
const P = 4 * paramCount(2, 8, 4);

/** Every JSX-facing value of a parsed file is a string or number of the right kind. */
function expectTyped(r: PolicyFileResult): void {
  if (!r.ok) {
    expect(typeof r.reason).toBe('string');
    return;
  }
  expect(['uniform', 'discriminatory', 'vcg']).toContain(r.file.mechanism);
  expect(Number.isInteger(r.file.policies.agents)).toBe(true);
  expect(r.file.config.firms).toHaveLength(r.file.policies.agents);
  for (const m of r.messages) expect(typeof m).toBe('string');
  for (const [k, field] of Object.entries(permitAuctionSchema)) {
    const v = (r.file.config as Record<string, unknown>)[k];
    if (field.kind === 'number') expect(v as number).toBeGreaterThanOrEqual(field.min), expect(v as number).toBeLessThanOrEqual(field.max);
    if (field.kind === 'numberArray') expect(Array.isArray(v)).toBe(true);
  }
}

describe('parsePolicyFile: one reader for the permit policy file', () => {
  // [case, file (object or text), expected: 'ok' with a message matching, or 'refused' with a reason matching]
  const cases: [string, unknown, 'ok' | 'refused', RegExp][] = [
    ['sweepFirms as a number', withConfig({ sweepFirms: 5 }), 'ok', /settings: sweepFirms/],
    ['sweepFirms as an object', withConfig({ sweepFirms: { a: 1 } }), 'ok', /settings: sweepFirms: not a list/],
    ['auctions 1e15', withConfig({ auctions: 1e15 }), 'ok', /settings: auctions: 1000000000000000 is out of range; expected an integer in \[512, 5000000\]/],
    ['settings not an object', { ...exported(), config: 'x' }, 'refused', /settings cannot be used: its settings are not an object/],
    ['settings missing', { ...exported(), config: undefined }, 'refused', /settings cannot be used: its settings are missing/],
    ['seed a string', { ...exported(), seed: '3' }, 'refused', /seed 3 is not an integer/],
    ['unknown settings key', withConfig({ evil: '<img>' }), 'ok', /settings: evil: unknown key/],
    ['mechanism HTML', { ...exported(), mechanism: '<img src=x onerror=alert(1)>' }, 'refused', /mechanism <img src=x onerror=alert\(1\)> is not one of uniform\|discriminatory\|vcg/],
    ['mechanism __proto__', JSON.parse(JSON.stringify(exported()).replace('"mechanism":"uniform"', '"mechanism":"__proto__"')), 'refused', /mechanism __proto__ is not one of/],
    ['mechanism constructor', { ...exported(), mechanism: 'constructor' }, 'refused', /mechanism constructor is not one of/],
    ['mechanism toString', { ...exported(), mechanism: 'toString' }, 'refused', /mechanism toString/],
    ['mechanism an object', { ...exported(), mechanism: { a: 1 } }, 'refused', /mechanism \{"a":1\} is not one of/],
    ['mechanism missing', { ...exported(), mechanism: undefined }, 'refused', /mechanism .* is not one of/],
    ['settings mechanism differs', withConfig({ mechanism: 'vcg' }), 'ok', /mechanism: the settings say vcg, the policies were trained under uniform/],
    ['logStd null', withPolicies({ logStd: [null, ...Array<number>(15).fill(-1)] }), 'refused', /policies.logStd\[0\] is null/],
    ['logStd "x"', withPolicies({ logStd: ['x', ...Array<number>(15).fill(-1)] }), 'refused', /policies.logStd\[0\] is x/],
    ['logStd not a list', withPolicies({ logStd: null }), 'refused', /policies.logStd is not a list/],
    ['logStd 1e308', withPolicies({ logStd: [1e308, ...Array<number>(15).fill(-1)] }), 'ok', new RegExp(`policies.logStd: 1 entry was outside \\[${LOG_STD_MIN}, ${LOG_STD_MAX}\\]`)],
    ['logStd too short', withPolicies({ logStd: [-1, -1] }), 'refused', /policies.logStd has 2 entries; the network sizes imply 16/],
    ['truncated weights', withPolicies({ policyParams: (exported().policies as PpoPolicySnapshot).policyParams.slice(0, P - 1) }), 'refused', new RegExp(`policyParams has ${P - 1} entries; the network sizes imply ${P}`)],
    ['weights for other sizes', withPolicies({ hidden: 16 }), 'refused', /policyParams has \d+ entries; the network sizes imply \d+/],
    ['NaN weight (JSON null)', withPolicies({ policyParams: [null, ...Array<number>(P - 1).fill(0)] }), 'refused', /policyParams\[0\] is null; every weight must be a finite number/],
    ['NaN weight (text)', withPolicies({ policyParams: [...Array<number>(P - 1).fill(0), 'NaN'] }), 'refused', new RegExp(`policyParams\\[${P - 1}\\] is NaN`)],
    ['huge weight', withPolicies({ policyParams: [...Array<number>(P - 1).fill(0), 1e7] }), 'refused', /\|w\| ≤ 1000000/],
    ['hidden 1e9', withPolicies({ hidden: 1e9 }), 'refused', /policies.hidden is 1000000000; expected an integer in \[4, 128\]/],
    ['agents 13', withPolicies({ agents: 13 }), 'refused', /policies.agents is 13; expected an integer in \[2, 12\]/],
    ['agents "4"', withPolicies({ agents: '4' }), 'refused', /policies.agents is 4; expected an integer/],
    ['obsDim 3', withPolicies({ obsDim: 3 }), 'refused', /policies.obsDim is 3; expected 2/],
    ['snapshot tag', withPolicies({ format: 'other' }), 'refused', /policies.format is other/],
    ['no policies', { ...exported(), policies: [] }, 'refused', /the file has no policies/],
    ['version 9', { ...exported(), version: 9 }, 'refused', /policy file version 9 is not supported/],
    ['not a policy file', { a: 1 }, 'refused', /not an Auction Lab policy file/],
    ['a list', [1, 2], 'refused', /not an Auction Lab policy file/],
    ['not JSON', '{"format":', 'refused', /^not JSON$/],
    ['empty', '', 'refused', /^not JSON$/],
    ['a 9-million-character file', ' '.repeat(POLICY_FILE_MAX_CHARS + 1), 'refused', /million characters; a policy file has at most 8 million/],
    ['a 5 MB file of weights for no network', withPolicies({ policyParams: Array<number>(250_000).fill(0.1234567890123456) }), 'refused', /policyParams has 250000 entries/],
  ];

  it.each(cases)('%s', (_name, input, want, pattern) => {
    let r: PolicyFileResult | undefined;
    expect(() => (r = parse(input))).not.toThrow();
    expect(r!.ok).toBe(want === 'ok');
    if (r!.ok) expect(r!.messages.join('\n')).toMatch(pattern);
    else expect(r!.reason).toMatch(pattern);
    expectTyped(r!);
  });

  it('clamps the settings exactly as a link would, and never applies them raw', () => {
    const r = parse(withConfig({ auctions: 1e15, sweepFirms: 5, hidden: 8 }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.file.config.auctions).toBe(5_000_000);
    expect(r.file.config.sweepFirms).toEqual(permitAuctionSchema.sweepFirms.default);
    const viaLink = restoreExperiment({ lab: 'permit-auction', config: { ...config, auctions: 1e15, sweepFirms: 5 }, seed: 3 });
    expect(viaLink.ok && viaLink.experiment.config).toEqual(r.file.config);
  });

  it('a hostile number of problems is capped', () => {
    const junk = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    const r = parse(withConfig(junk));
    expect(r.ok && r.messages).toHaveLength(POLICY_FILE_MAX_MESSAGES);
    expect(r.ok && r.messages.at(-1)).toMatch(/and 989 more problems/);
  });

  it('aligns the settings with the networks: train mode, their firm count and width', () => {
    const r = parse(withConfig({ mode: 'clear', firms: 3, hidden: 32 }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.file.config.mode).toBe('train');
    expect(r.file.config.firms).toHaveLength(4);
    expect(r.file.config.hidden).toBe(8);
    expect(r.messages.join('\n')).toMatch(/the settings have 3 firms, the policies 4/);
  });

  it('the largest file the lab writes (12 firms, 128 hidden units) is read', () => {
    const big = policyFileText({ mechanism: 'vcg', config: { ...config, mechanism: 'vcg', firms: firmsOfCount(12), hidden: 128 }, seed: 1, policies: snapshot(12, 128) });
    expect(big.length).toBeGreaterThan(3_000_000);
    expect(big.length).toBeLessThan(POLICY_FILE_MAX_CHARS);
    const r = parsePolicyFile(big, restoreExperiment);
    expect(r.ok && r.messages).toEqual([]);
  });

  it('round trip: a trained run’s exported file reads back to the same policies, settings and bids', async () => {
    const trained: PermitAuctionConfig = { ...config, auctions: 512, auctionsPerUpdate: 128, evalEvery: 2, evalAuctions: 16, minibatch: 64, hidden: 4 };
    const events: RunEvent[] = [];
    await runPermitAuction(trained, 7, { emit: (e) => events.push(e), checkpoint: async () => {}, backend: 'ts' });
    const last = events.filter((e) => e.type === 'snapshot' && e.name === 'policies').at(-1);
    const policies = (last?.type === 'snapshot' ? last.data : null) as PpoPolicySnapshot;
    const text = policyFileText({ mechanism: 'uniform', config: trained, seed: 7, policies });
    const r = parsePolicyFile(text, restoreExperiment);
    if (!r.ok) throw new Error(r.reason);
    expect(r.messages).toEqual([]);
    expect(r.file.policies).toEqual(policies);
    expect(r.file.config).toEqual(trained);
    expect(r.file.seed).toBe(7);
    expect(r.file.mechanism).toBe('uniform');
    const firms = drawRound(priorOf(trained), 4, 7, 1);
    expect(agentBids(policyNetworks(r.file.policies), firms, priorOf(r.file.config), 0)).toEqual(agentBids(policyNetworks(policies), firms, priorOf(trained), 0));
    expect(policyFileText({ mechanism: r.file.mechanism, config: r.file.config, seed: r.file.seed, policies: r.file.policies })).toBe(text);
  });
});
