import type { Rng } from '../../math/rng';

/**
 * The carbon-market economy (after the enterprise model of Wang et al. 2024, "Carbon Market Simulation with
 * Adaptive Mechanism Design", arXiv 2406.07875, whose code builds on Salesforce's AI Economist; simplified to
 * closed forms so that one firm-year costs a few hundred flops).
 *
 * Firm i has productivity A_i (currency per unit of output at zero output), capacity Q_i (output units where its
 * marginal revenue reaches 0) and emission intensity e_i (tons of CO₂ per unit of output, one allowance per ton).
 * Revenue is concave in output q ∈ [0, Q]:  R_i(q) = A_i·(q − q²/(2Q_i)),  R'(q) = A_i·(1 − q/Q_i).
 * Emissions x = e_i·q, so the marginal value of one more ton (allowance) at emissions x is
 *   v_i(x) = R'(x/e_i)/e_i = (A_i/e_i)·(1 − x/(e_i·Q_i)),
 * and a firm short of allowances pays `penalty` per ton instead: it emits past its holdings while v_i > penalty,
 * i.e. up to x_pen = e_i·Q_i·(1 − penalty·e_i/A_i)⁺. Holding h allowances it emits
 *   x(h) = max(x_pen, min(h, e_i·Q_i))   and falls short by max(0, x_pen − h) (allowances expire at year end).
 */
export interface FirmType {
  /** Productivity A (currency per unit of output). */
  A: number;
  /** Capacity Q (units of output). */
  Q: number;
  /** Initial emission intensity e₀ (tons per unit of output). */
  e0: number;
  /** Wealth at the start of year 1 (currency). */
  w0: number;
}

/** Ranges of the seeded firm types and the research technology (all in the units of `FirmType`). */
export interface EconomyParams {
  /** Penalty per ton of emissions not covered by allowances (currency; default 30). */
  penalty: number;
  /** Productivity range A ~ U[aMin, aMax]. */
  aMin: number;
  aMax: number;
  /** Capacity range Q ~ U[qMin, qMax]. */
  qMin: number;
  qMax: number;
  /** Initial intensity range e₀ ~ U[eMin, eMax]. */
  eMin: number;
  eMax: number;
  /** Intensity floor research can approach (tons per unit of output). */
  eFloor: number;
  /** Initial wealth w₀ ~ U[wMin, wMax]. */
  wMin: number;
  wMax: number;
  /** Research scale I₀ (currency): a project of cost I succeeds with probability 1 − e^(−I/I₀). */
  researchScale: number;
  /** Share δ of the gap to the floor a successful project closes: e ← e_floor + (1 − δ)(e − e_floor). */
  researchStep: number;
}

export const DEFAULT_ECONOMY: EconomyParams = {
  penalty: 30,
  aMin: 40,
  aMax: 80,
  qMin: 6,
  qMax: 12,
  eMin: 0.6,
  eMax: 1.4,
  eFloor: 0.2,
  wMin: 50,
  wMax: 150,
  researchScale: 20,
  researchStep: 0.25,
};

/** Draw N firm types from `rng` (A, Q, e₀, w₀ in that order per firm). */
export function drawFirms(n: number, p: EconomyParams, rng: Rng): FirmType[] {
  const u = (lo: number, hi: number) => lo + (hi - lo) * rng.next();
  return Array.from({ length: n }, () => ({ A: u(p.aMin, p.aMax), Q: u(p.qMin, p.qMax), e0: u(p.eMin, p.eMax), w0: u(p.wMin, p.wMax) }));
}

/** Emissions a firm wants at a carbon price of 0: e·Q (business as usual, tons). */
export function bauEmissions(f: FirmType, e: number): number {
  return e * f.Q;
}

/** Emissions below which the firm would rather pay the penalty than cut output: x_pen = e·Q·(1 − penalty·e/A)⁺ (tons). */
export function penaltyEmissions(f: FirmType, e: number, penalty: number): number {
  const s = 1 - (penalty * e) / f.A;
  return s > 0 ? e * f.Q * s : 0;
}

/** Marginal value of the x-th ton, v(x) = (A/e)(1 − x/(eQ)), capped at the penalty and floored at 0 (currency per ton). */
export function marginalValue(f: FirmType, e: number, x: number, penalty: number): number {
  const v = (f.A / e) * (1 - x / (e * f.Q));
  return v > penalty ? penalty : v > 0 ? v : 0;
}

/** Revenue R(q) = A(q − q²/(2Q)) for q ∈ [0, Q] (currency). */
export function revenue(f: FirmType, q: number): number {
  const c = q < 0 ? 0 : q > f.Q ? f.Q : q;
  return f.A * (c - (c * c) / (2 * f.Q));
}

/** What a firm does with h allowances at intensity e: emissions, output, shortfall (tons) and revenue − penalty (currency). */
export interface Production {
  emissions: number;
  output: number;
  shortfall: number;
  /** Revenue minus the shortfall penalty (currency). */
  operatingProfit: number;
}

/** The firm's best response to holding h allowances (see `FirmType`): x = max(x_pen, min(h, eQ)). */
export function produce(f: FirmType, e: number, h: number, penalty: number): Production {
  const xPen = penaltyEmissions(f, e, penalty);
  const bau = bauEmissions(f, e);
  const x = Math.max(xPen, Math.min(h, bau));
  const shortfall = Math.max(0, xPen - h);
  const output = x / e;
  return { emissions: x, output, shortfall, operatingProfit: revenue(f, output) - penalty * shortfall };
}

/** Probability that a research project of cost I succeeds: 1 − e^(−I/I₀). */
export function researchSuccessProbability(cost: number, scale: number): number {
  return cost > 0 ? 1 - Math.exp(-cost / scale) : 0;
}

/** Intensity after a successful project: e_floor + (1 − δ)(e − e_floor) (diminishing returns: each success closes δ of the remaining gap). */
export function improvedIntensity(e: number, p: EconomyParams): number {
  return p.eFloor + (1 - p.researchStep) * (e - p.eFloor);
}

/**
 * The rule-based firm's research budget: expected saving S of a success = carbon price × output × (e − e_new) ×
 * years left (the same output is worth S less in allowances or penalties), and I maximizes S·(1 − e^(−I/I₀)) − I:
 * I* = I₀·ln(S/I₀) when S > I₀, else 0 (currency). `price` is the firm's marginal carbon cost this year.
 */
export function ruleResearchBudget(price: number, output: number, e: number, yearsLeft: number, p: EconomyParams): number {
  const saving = price * output * (e - improvedIntensity(e, p)) * yearsLeft;
  return saving > p.researchScale ? p.researchScale * Math.log(saving / p.researchScale) : 0;
}
