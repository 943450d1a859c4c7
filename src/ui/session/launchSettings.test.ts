import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { permitAuctionConfig } from '../../core/labs/configs';
import { defaultsOf } from '../../core/config/schema';
import { permitAuctionSchema } from '../../core/labs/permitAuction/schema';
import { RoomSettings } from '../../core/session/protocol';
import { classSupply, policyUpload, roomSettingsOf } from './launchSettings';

const lab = permitAuctionConfig({ ...defaultsOf(permitAuctionSchema), mechanism: 'vcg', priceRule: 'last-accepted', reserve: 2 });

describe('launch settings', () => {
  it('the room takes the lab’s mechanism, price rule, reserve and type distribution, and parses as the protocol’s settings', () => {
    const r = roomSettingsOf(lab, { seats: 30, ppoSeats: 4, timerSeconds: 60, supply: classSupply(lab, 30) });
    expect('settings' in r).toBe(true);
    if (!('settings' in r)) return;
    expect(r.settings).toMatchObject({ mechanism: 'vcg', priceRule: 'last-accepted', reserve: 2, seats: 30, ppoSeats: 4, timerSeconds: 60 });
    expect(r.settings.prior).toEqual({ cMin: lab.costMin, cMax: lab.costMax, eMin: lab.emissionsMin, eMax: lab.emissionsMax });
    expect(v.safeParse(RoomSettings, r.settings).success).toBe(true);
  });

  it('supply keeps the lab’s scarcity: 24 permits for emissions 36 is 2/3 of the class’s expected emissions (6 a seat)', () => {
    expect(lab.supply).toBe(24);
    expect(lab.firms.reduce((s, f) => s + f.e, 0)).toBe(36);
    expect([lab.emissionsMin, lab.emissionsMax]).toEqual([4, 8]);
    expect(classSupply(lab, 30)).toBe(120);
    expect(classSupply(lab, 5)).toBe(20);
    expect(classSupply({ ...lab, supply: 0.1 }, 2)).toBe(1);
  });

  it('refuses choices the server would refuse, naming the field', () => {
    const ok = { seats: 10, ppoSeats: 2, timerSeconds: 0, supply: 60 };
    expect(roomSettingsOf(lab, { ...ok, seats: 1 })).toEqual({ issue: expect.stringMatching(/^seats/) });
    expect(roomSettingsOf(lab, { ...ok, ppoSeats: 10 })).toEqual({ issue: expect.stringMatching(/^trained firms/) });
    expect(roomSettingsOf(lab, { ...ok, timerSeconds: 1.5 })).toEqual({ issue: expect.stringMatching(/^round timer/) });
    expect(roomSettingsOf(lab, { ...ok, supply: NaN })).toEqual({ issue: expect.stringMatching(/^supply/) });
  });

  it('policies go up as the protocol’s snapshot, or say why they cannot', () => {
    const snap = { format: 'auction-lab/ppo-policies' as const, version: 1 as const, agents: 4, obsDim: 2, hidden: 16, actDim: 4, policyParams: [0.1, -0.2], logStd: [0, 0] };
    expect(policyUpload(snap)).toEqual({ policies: { ...snap, obsDim: 2, actDim: 4 } });
    expect(policyUpload({ ...snap, hidden: 128 })).toEqual({ issue: expect.stringContaining('128 hidden units') });
    expect(policyUpload({ ...snap, obsDim: 3 })).toEqual({ issue: expect.stringContaining('not permit-auction firms') });
  });
});
