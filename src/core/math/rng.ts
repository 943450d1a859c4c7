/**
 * Seeded pseudo-random numbers: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand-clean),
 * seeded through splitmix32 so that nearby integer seeds give unrelated streams.
 *
 * Every run is `(lab, config, seed)`; all randomness of a run comes from one of these generators, so the
 * same triple reproduces the same curve on the CPU backend.
 */
export interface Rng {
  /** Uniform on [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer on {0, …, n − 1}. */
  int(n: number): number;
  /** Standard normal N(0, 1) (Box–Muller, one value per call; the pair's second value is cached). */
  normal(): number;
  /** A new independent generator derived from this one (for per-bidder or per-worker streams). */
  fork(): Rng;
}

/** splitmix32 step: a well-mixed 32-bit hash used only for seeding. */
function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [s, z >>> 0];
}

/** Create a generator from any finite number (non-integers and negatives are hashed, never rejected). */
export function createRng(seed: number): Rng {
  let s = Number.isFinite(seed) ? Math.floor(seed) | 0 : 0;
  const words: number[] = [];
  for (let k = 0; k < 4; k++) {
    const [next, out] = splitmix32(s);
    s = next;
    words.push(out);
  }
  let [a, b, c, d] = words as [number, number, number, number];
  let spare: number | null = null;

  const nextU32 = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const out = (t + d) | 0;
    c = (c + out) | 0;
    return out >>> 0;
  };
  for (let k = 0; k < 12; k++) nextU32();

  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int: (n) => Math.floor((nextU32() / 4294967296) * n),
    normal: () => {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u = 0;
      while (u === 0) u = rng.next();
      const v = rng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    fork: () => createRng(nextU32() ^ 0x5bd1e995),
  };
  return rng;
}
