import { maxValueBound, myersonOutcome, myersonRevenue, virtualValue, vickreyRevenue } from '../../equilibria/optimalAuction';
import { secondPrice } from '../../mechanisms/secondPrice';
import { meanRevenue } from '../../metrics/singleItem';
import type { ValueModelId, ValueModelParams } from '../../priors/valueModels';
import type { ImitationTarget } from './learner';
import type { OptimalAuctionConfig } from './schema';
import { reportUpper } from './valueRange';

/** The value-model parameters a config stands for. */
export function modelParams(c: OptimalAuctionConfig): ValueModelParams {
  return { rate: c.rate, correlation: c.correlation, upper: c.upper };
}

/** Which classic auction a prior's phase 1 imitates: Myerson for the independent priors (uniform, exp, hetero), Vickrey for correlated values. */
export function classicMechanism(prior: ValueModelId): 'myerson' | 'vickrey' {
  return prior === 'latent' ? 'vickrey' : 'myerson';
}

/** The warm-start target a config imitates (`none`: no phase 1). */
export function warmStartMechanism(c: OptimalAuctionConfig): 'myerson' | 'vickrey' | 'none' {
  if (c.warmStart === 'none') return 'none';
  if (c.warmStart === 'vickrey') return 'vickrey';
  return classicMechanism(c.prior);
}

/** Outcome of a classic auction on bids `[batch, n]` (Myerson where defined for the prior, else Vickrey). */
export function classicOutcome(kind: 'myerson' | 'vickrey', c: OptimalAuctionConfig, bids: Float64Array, batch: number): ImitationTarget {
  if (kind === 'myerson') {
    const m = myersonOutcome(c.prior, modelParams(c), bids, batch, c.bidders);
    if (m) return m;
  }
  return secondPrice.clear(bids, batch, c.bidders);
}

/** Baseline figures on the lab's own evaluation draws, and the closed forms where they exist (value units). */
export interface Baselines {
  /** Second price, no reserve, on the draws. */
  vickrey: number;
  /** Myerson's auction on the draws (independent priors: uniform, exp, hetero); null for latent. */
  myerson: number | null;
  /** E[max v] on the draws: no IR mechanism earns more. */
  maxValue: number;
  vickreyClosedForm: number | null;
  myersonClosedForm: number | null;
  maxValueClosedForm: number | null;
}

export function baselinesOn(c: OptimalAuctionConfig, values: Float64Array, batch: number): Baselines {
  const n = c.bidders;
  const p = modelParams(c);
  const my = myersonOutcome(c.prior, p, values, batch, n);
  let maxSum = 0;
  for (let k = 0; k < batch; k++) {
    let m = 0;
    for (let i = 0; i < n; i++) m = Math.max(m, values[k * n + i]);
    maxSum += m;
  }
  return {
    vickrey: meanRevenue(secondPrice.clear(values, batch, n).payments, batch),
    myerson: my ? meanRevenue(my.payments, batch) : null,
    maxValue: maxSum / batch,
    vickreyClosedForm: vickreyRevenue(c.prior, p, n),
    myersonClosedForm: myersonRevenue(c.prior, p, n),
    maxValueClosedForm: maxValueBound(c.prior, p, n),
  };
}

/**
 * Myerson's allocation boundary for two bidders with independent regular priors, over (v1, v2): bidder 1
 * wins where φ1(v1) ≥ max(0, φ2(v2)); bidder 2 where φ2(v2) > max(0, φ1(v1)); no sale where both virtual values
 * are negative (Myerson 1981). Returned as polylines in value units: the reserves r_i = φ_i⁻¹(0) and the
 * curve φ1(v1) = φ2(v2) from (r1, r2) to the edge of the box [0, hi1] × [0, hi2]. Null for latent values.
 */
export function myersonBoundary(c: OptimalAuctionConfig, points = 41): { reserve: [number, number]; curve: { v1: number; v2: number }[]; upper: [number, number] } | null {
  if (c.bidders !== 2 || c.prior === 'latent') return null;
  const p = modelParams(c);
  const vv = [virtualValue(c.prior, p, 0), virtualValue(c.prior, p, 1)];
  if (!vv[0] || !vv[1]) return null;
  const hi: [number, number] = [reportUpper(c.prior, p, 0), reportUpper(c.prior, p, 1)];
  const r: [number, number] = [vv[0].inv(0), vv[1].inv(0)];
  const curve: { v1: number; v2: number }[] = [];
  for (let g = 0; g < points; g++) {
    const v1 = r[0] + ((hi[0] - r[0]) * g) / (points - 1);
    const v2 = vv[1].inv(vv[0].phi(v1));
    if (v2 > hi[1]) {
      curve.push({ v1: vv[0].inv(vv[1].phi(hi[1])), v2: hi[1] });
      break;
    }
    curve.push({ v1, v2 });
  }
  return { reserve: r, curve, upper: hi };
}
