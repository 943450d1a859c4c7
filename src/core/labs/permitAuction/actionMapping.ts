/**
 * From a learning firm's unconstrained latent action z ∈ R⁴ to a valid two-tier bid [pH, qH, pL, qL], and back.
 *
 * A Gaussian policy (`learning/ppo.ts`) samples z freely; this map makes every sample a schedule the
 * environment accepts (`mechanisms/multiUnit.ts` `validateSchedules`: prices non-increasing, quantities ≥ 0),
 * never bids below the reserve and never asks for more than the firm's baseline emissions e. For a firm of type
 * (c, e) (`valuations/abatement.ts`) and reserve r ≥ 0, with σ the logistic function and scale = c·e (the true
 * value of the firm's first permit, the most any unit is worth to it):
 *
 *   pH = r + 2·scale·σ(z0)          ∈ [r, r + 2ce]   (up to twice the top marginal value: overbidding is expressible)
 *   qH = e·σ(z1)                     ∈ [0, e]
 *   pL = r + (pH − r)·σ(z2)          ∈ [r, pH]        (so r ≤ pL ≤ pH: bids must be monotone)
 *   qL = (e − qH)·σ(z3)              ∈ [0, e − qH]    (so qH + qL ≤ e)
 *
 * The Gaussian density is taken in z space; since the map is deterministic, PPO's probability ratio is the
 * same in z and in bid space wherever the map is invertible (the Jacobian cancels), so no Jacobian is needed.
 * Layout of batched arrays: `[K, N, 4]` at (k·N + i)·4, types `[K, N]` at k·N + i, as in `env/permitAuctionEnv.ts`.
 */

/** Logistic σ(z) = 1/(1 + e^−z), written so that neither branch overflows (σ(±∞) = 1, 0). */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const t = Math.exp(z);
  return t / (1 + t);
}

/** Inverse of σ: log(p/(1 − p)), for p ∈ (0, 1). */
function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** Largest |z| `truthfulLatent` returns: σ(±50) is 1 and 0 to double precision (|1 − σ(50)| ≈ 2e−22). */
export const LATENT_LIMIT = 50;

function clampLatent(z: number, limit: number): number {
  return z > limit ? limit : z < -limit ? -limit : z;
}

/**
 * Map one latent z (z[zOff..zOff+4)) of a firm of type (c, e) to a two-tier bid written at out[oOff..oOff+4)
 * as [pH, qH, pL, qL] (currency per unit, units, currency per unit, units). See the module comment for the
 * formulas. Any finite z gives r ≤ pL ≤ pH ≤ r + 2ce, 0 ≤ qH, 0 ≤ qL, qH + qL ≤ e; c, e are the type (≥ 0).
 */
export function latentToBid(z: ArrayLike<number>, zOff: number, c: number, e: number, r: number, out: Float64Array, oOff: number): void {
  const scale = c * e;
  const pH = r + 2 * scale * sigmoid(z[zOff]);
  const qH = e * sigmoid(z[zOff + 1]);
  let pL = r + (pH - r) * sigmoid(z[zOff + 2]);
  if (pL > pH) pL = pH; // rounding guard: r + (pH − r)·1 can differ from pH in the last bit
  let qL = (e - qH) * sigmoid(z[zOff + 3]);
  if (qL < 0) qL = 0;
  out[oOff] = pH;
  out[oOff + 1] = qH;
  out[oOff + 2] = pL;
  out[oOff + 3] = qH + qL > e ? e - qH : qL;
}

/**
 * Batched `latentToBid`: z `[K, N, 4]`, types c, e `[K, N]`, reserve r → bids `[K, N, 4]` (written into `out`,
 * default a fresh array), ready for `PermitAuctionEnv.step`.
 */
export function latentsToBids(
  z: ArrayLike<number>,
  c: ArrayLike<number>,
  e: ArrayLike<number>,
  r: number,
  out: Float64Array = new Float64Array(z.length),
): Float64Array {
  const n = c.length;
  if (z.length !== 4 * n || e.length !== n || out.length !== 4 * n) {
    throw new Error(`latentsToBids: expected z and out of length 4·${n} and e of length ${n}`);
  }
  for (let j = 0; j < n; j++) latentToBid(z, 4 * j, c[j], e[j], r, out, 4 * j);
  return out;
}

/**
 * The latent whose bid is the truthful two-tier bid [0.75ce, e/2, 0.25ce, e/2] (`truthfulTwoTier`), written
 * at out[oOff..oOff+4) (default a fresh length-4 array). Closed form, no Jacobian or iteration:
 *   σ(z0) = (0.75ce − r)/(2ce),  σ(z1) = 1/2,  σ(z2) = (0.25ce − r)/(pH − r),  σ(z3) = 1 (qL takes all of e − qH),
 * each probability clipped to [σ(−limit), σ(limit)], i.e. z clipped to [−limit, limit].
 *
 * With r = 0 this is a constant, z = (logit 0.375, 0, logit(1/3), limit), the same for every type; with the
 * default limit 50 (σ(50) = 1 in double precision) its bid equals the truthful bid to rounding. A smaller limit
 * (a learner's initial mean, where a saturated σ would have no gradient) gives qL = e/2·σ(limit) < e/2.
 *
 * With r > 0 a tier cannot be priced below the reserve: a tier whose truthful price is at or below r is bid
 * at r (its z at −limit, σ(−50) ≈ 2e−22 above r), so the bid is truthful except that prices below r are raised
 * to r; if 0.75ce ≤ r both tiers are bid at r. Degenerate types (c·e = 0) give pH = pL = r, z0 = z2 = 0.
 */
export function truthfulLatent(c: number, e: number, r: number, limit = LATENT_LIMIT, out: Float64Array = new Float64Array(4), oOff = 0): Float64Array {
  const scale = c * e;
  const lo = sigmoid(-limit);
  const hi = sigmoid(limit);
  const p = (x: number) => (x < lo ? lo : x > hi ? hi : x);
  let z0 = 0;
  let z2 = 0;
  if (scale > 0) {
    const s0 = p((0.75 * scale - r) / (2 * scale));
    z0 = clampLatent(logit(s0), limit);
    const pH = r + 2 * scale * s0;
    z2 = pH > r ? clampLatent(logit(p((0.25 * scale - r) / (pH - r))), limit) : -limit;
  }
  out[oOff] = z0;
  out[oOff + 1] = 0;
  out[oOff + 2] = z2;
  out[oOff + 3] = limit;
  return out;
}

/** Batched `truthfulLatent`: types c, e `[K, N]` → latents `[K, N, 4]` (into `out`, default fresh). */
export function truthfulLatents(
  c: ArrayLike<number>,
  e: ArrayLike<number>,
  r: number,
  limit = LATENT_LIMIT,
  out: Float64Array = new Float64Array(4 * c.length),
): Float64Array {
  for (let j = 0; j < c.length; j++) truthfulLatent(c[j], e[j], r, limit, out, 4 * j);
  return out;
}
