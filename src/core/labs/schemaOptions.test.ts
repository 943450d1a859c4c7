import { describe, expect, it } from 'vitest';
import { multiUnitMechanismIds, multiUnitMechanisms } from '../mechanisms/multiUnitRegistry';
import { singleItemMechanismIds, singleItemMechanisms } from '../mechanisms/registry';
import { ALL_POLICIES } from './carbonMarket/allocation';
import { carbonMarketSchema } from './carbonMarket/schema';
import { learnToBidSchema } from './learnToBid/schema';
import { COMPARED_MECHANISMS } from './permitAuction/definition';
import { permitAuctionSchema } from './permitAuction/schema';

/** Pickers list what the registries hold: a mechanism added to its registry appears in the lab's options. */
describe('enum options come from the registries', () => {
  it('learn-to-bid: one option per single-item mechanism, titled as registered', () => {
    expect(learnToBidSchema.mechanism.options).toEqual(singleItemMechanismIds.map((id) => ({ value: id, label: singleItemMechanisms[id].title })));
    expect(singleItemMechanismIds).toContain(learnToBidSchema.mechanism.default);
  });

  it('permit auction: one option per multi-unit mechanism, titled as registered; the comparison trains every one', () => {
    expect(permitAuctionSchema.mechanism.options).toEqual(multiUnitMechanismIds.map((id) => ({ value: id, label: multiUnitMechanisms[id].title })));
    expect(multiUnitMechanismIds).toContain(permitAuctionSchema.mechanism.default);
    expect([...COMPARED_MECHANISMS]).toEqual(multiUnitMechanismIds);
  });

  it('carbon market: one policy option per allocation rule, in order', () => {
    expect(carbonMarketSchema.policy.options.map((o) => o.value)).toEqual(ALL_POLICIES);
  });
});
