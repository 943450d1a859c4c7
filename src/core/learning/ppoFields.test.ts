import { describe, expect, it } from 'vitest';
import type { ConfigSchema, NumberField } from '../config/schema';
import { carbonMarketSchema } from '../labs/carbonMarket/schema';
import { permitAuctionSchema } from '../labs/permitAuction/schema';
import { DEFAULT_PPO } from './ppo';
import { PPO_FIELDS, ppoFields } from './ppoFields';

/** (key, default, min, max, integer) of every PPO field before the fields came from one table: links name these. */
const BEFORE: Record<string, [string, number, number, number, boolean][]> = {
  'permit-auction': [
    ['lr', 3e-4, 1e-5, 1e-2, false],
    ['epochs', 4, 1, 20, true],
    ['minibatch', 256, 8, 8192, true],
    ['clip', 0.2, 0.01, 1, false],
    ['entropyCoef', 0.001, 0, 0.1, false],
    ['valueCoef', 0.5, 0, 10, false],
    ['maxGradNorm', 0.5, 0.01, 100, false],
    ['initLogStd', -1, -5, 1, false],
    ['hidden', 16, 4, 128, true],
  ],
  'carbon-market': [['lr', 0.003, 0.00001, 0.03, false]],
};

const SCHEMAS: Record<string, ConfigSchema> = { 'permit-auction': permitAuctionSchema, 'carbon-market': carbonMarketSchema };

function tuple(schema: ConfigSchema, key: string): [string, number, number, number, boolean] {
  const f = schema[key];
  if (f.kind !== 'number') throw new Error(`${key} is a ${f.kind} field`);
  const n: NumberField = f;
  return [key, n.default, n.min, n.max, n.integer ?? false];
}

describe('PPO fields of the lab schemas', () => {
  for (const [lab, before] of Object.entries(BEFORE)) {
    it(`${lab}: every key, default and bound reads as before`, () => {
      expect(before.map(([key]) => tuple(SCHEMAS[lab], key))).toEqual(before);
    });
  }
});

describe('PPO_FIELDS', () => {
  it('DEFAULT_PPO is its defaults (the numbers the trainers always used) plus the log-std clamp', () => {
    expect(DEFAULT_PPO).toEqual({ lr: 3e-4, clip: 0.2, epochs: 4, minibatch: 256, entropyCoef: 0.001, valueCoef: 0.5, maxGradNorm: 0.5, initLogStd: -1, logStdMin: -5, logStdMax: 1, hidden: 16 });
  });

  it('every default lies within its bounds, also after a lab’s overrides', () => {
    const inRange = (f: NumberField) => f.min <= f.default && f.default <= f.max && (!f.integer || Number.isInteger(f.default));
    expect(Object.values(PPO_FIELDS).every(inRange)).toBe(true);
    for (const schema of Object.values(SCHEMAS)) for (const f of Object.values(schema)) if (f.kind === 'number') expect(inRange(f)).toBe(true);
  });

  it('a lab override changes only what it names', () => {
    const { lr, clip } = ppoFields({ lr: { default: 3e-3 } });
    expect(lr).toEqual({ ...PPO_FIELDS.lr, default: 3e-3 });
    expect(clip).toEqual(PPO_FIELDS.clip);
  });
});
