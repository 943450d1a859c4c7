import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../../../core/config/schema';
import { firmsOfCount } from '../../../../core/labs/permitAuction/fields';
import { parsePolicyFile, policyFileText } from '../../../../core/labs/permitAuction/policyFile';
import { permitAuctionSchema, type PermitAuctionConfig } from '../../../../core/labs/permitAuction/schema';
import { IndependentPpo } from '../../../../core/learning/ppo';
import { createRng } from '../../../../core/math/rng';
import { restoreExperiment } from '../../../../presets/restore';
import { readPolicyFileText } from './policyImport';

const config: PermitAuctionConfig = { ...defaultsOf(permitAuctionSchema), mode: 'train', firms: firmsOfCount(3), hidden: 4 };
const policies = new IndependentPpo({ agents: 3, obsDim: 2, actDim: 4, hyper: { hidden: 4 } }, createRng(2)).exportPolicies();

describe('the import button’s reader', () => {
  it('reads the settings through restoreExperiment: same config, same messages', () => {
    const text = policyFileText({ mechanism: 'discriminatory', config: { ...config, mechanism: 'discriminatory' }, seed: 4, policies });
    const hostile = text.replace('"auctions":51200', '"auctions":1e15').replace(/"sweepFirms":\[[^\]]*\]/, '"sweepFirms":5');
    for (const t of [text, hostile]) expect(readPolicyFileText(t)).toEqual(parsePolicyFile(t, restoreExperiment));
    const r = readPolicyFileText(hostile);
    expect(r.ok && r.file.config.auctions).toBe(5_000_000);
    expect(r.ok && r.messages.length).toBe(2);
    expect(readPolicyFileText(text.replace('"seed":4', '"seed":-1'))).toMatchObject({ ok: false, reason: expect.stringMatching(/seed -1/) });
  });
});
