import { describe, expect, it } from 'vitest';
import { defaultsOf } from '../../config/schema';
import { learnToBidLab } from './definition';
import { learnToBidSchema } from './schema';

describe('learn-to-bid run labels', () => {
  it('use the names the UI shows: the mechanism title and "linear" or "neural", never an internal id', () => {
    const c = { ...defaultsOf(learnToBidSchema), bidders: 3, upper: [1, 1, 1] };
    expect(learnToBidLab.label({ ...c, mechanism: 'first-price' }, 4)).toMatch(/^First price · N=3 · linear · β /);
    expect(learnToBidLab.label({ ...c, mechanism: 'all-pay', policy: 'mlp' }, 4)).toMatch(/^All-pay · N=3 · neural · /);
    expect(learnToBidLab.label({ ...c, mechanism: 'second-price' }, 4)).not.toMatch(/second-price/);
  });
});
