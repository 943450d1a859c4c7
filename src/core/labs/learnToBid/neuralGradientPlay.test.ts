import { describe, expect, it } from 'vitest';
import { mlpKernelsSync } from '../../learning/kernels/mlpKernels';
import { createRng } from '../../math/rng';
import { singleItemMechanismIds, singleItemMechanisms } from '../../mechanisms/registry';
import { pairedBidGradientTs } from './neuralGradientPlay';

/**
 * The SIMD pairing loop (assembly/pairing.ts) against its TypeScript twin on the same rows: ∂U/∂b bit for bit, the
 * utilities' sum to rounding. B is odd so the scalar tail runs too; R does not divide B so the shifts are uneven.
 */
describe('pairedBidGradient: SIMD and TypeScript', () => {
  const kernels = mlpKernelsSync();
  it('this engine has the SIMD kernels', () => expect(kernels).not.toBeNull());
  const B = 257;
  const R = 7;
  const beta = 37;
  const MECH = { 'first-price': 0, 'second-price': 1, 'all-pay': 2 } as const;
  for (const mech of singleItemMechanismIds) {
    it(`${mech}: the same db, the same utility sum`, () => {
      const k = kernels!.instantiate();
      const rng = createRng(11);
      const at = 8192;
      k.memory.grow(1);
      const row = (i: number) => new Float64Array(k.memory.buffer, at + i * B * 8, B);
      const [v, b, m, em, eb, db] = [0, 1, 2, 3, 4, 5].map(row);
      for (let j = 0; j < B; j++) {
        v[j] = rng.next();
        b[j] = 2 * v[j] * rng.next();
        m[j] = 2 * rng.next();
        em[j] = Math.exp(beta * (m[j] - 1));
        eb[j] = Math.exp(-beta * (b[j] - 1));
      }
      const ts = new Float64Array(B);
      const uTs = pairedBidGradientTs(singleItemMechanisms[mech].relaxation, B, R, beta, true, v.slice(), b.slice(), m.slice(), em.slice(), eb.slice(), ts);
      db.fill(0);
      const uK = k.pairedBidGradient(MECH[mech], B, R, beta, 1, v.byteOffset, b.byteOffset, m.byteOffset, em.byteOffset, eb.byteOffset, db.byteOffset);
      expect(Array.from(db)).toEqual(Array.from(ts));
      expect(Math.abs(uK - uTs)).toBeLessThan(1e-12 * Math.max(1, Math.abs(uTs)));
      // Something was summed: the rows are not all zero.
      expect(ts.some((x) => x !== 0)).toBe(true);
    });
  }
});
