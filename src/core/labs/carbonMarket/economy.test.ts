import { describe, expect, it } from 'vitest';
import { DEFAULT_ECONOMY, improvedIntensity, marginalValue, penaltyEmissions, produce, researchSuccessProbability, revenue, ruleResearchBudget, type FirmType } from './economy';

/** A = 60, Q = 10, e = 1, penalty 30: v(x) = 60(1 − x/10), x_pen = 10(1 − 30/60) = 5, BAU 10. */
const firm: FirmType = { A: 60, Q: 10, e0: 1, w0: 100 };

describe('firm economics (hand-computed)', () => {
  it('marginal value v(x) = (A/e)(1 − x/(eQ)) capped at the penalty; x_pen = eQ(1 − penalty·e/A)', () => {
    expect(marginalValue(firm, 1, 0, 30)).toBe(30);
    expect(marginalValue(firm, 1, 6, 30)).toBeCloseTo(24, 12);
    expect(marginalValue(firm, 1, 12, 30)).toBe(0);
    expect(penaltyEmissions(firm, 1, 30)).toBeCloseTo(5, 12);
    expect(penaltyEmissions(firm, 2, 30)).toBe(0); // A/e = 30: never worth the penalty
  });

  it('short of allowances it emits x_pen and pays the penalty; with plenty it stops at BAU', () => {
    const short = produce(firm, 1, 3, 30);
    expect(short.emissions).toBeCloseTo(5, 12);
    expect(short.shortfall).toBeCloseTo(2, 12);
    expect(short.output).toBeCloseTo(5, 12);
    expect(short.operatingProfit).toBeCloseTo(60 * (5 - 25 / 20) - 60, 10); // 225 − 60
    const mid = produce(firm, 1, 8, 30);
    expect(mid.emissions).toBeCloseTo(8, 12);
    expect(mid.shortfall).toBe(0);
    expect(mid.operatingProfit).toBeCloseTo(60 * (8 - 64 / 20), 10); // 288
    expect(produce(firm, 1, 12, 30).emissions).toBeCloseTo(10, 12);
    expect(revenue(firm, 20)).toBeCloseTo(300, 12); // capped at Q: A·Q/2
  });

  it('research: P(success) = 1 − e^(−I/I₀); a success closes δ of the gap to the floor', () => {
    expect(researchSuccessProbability(20, 20)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(researchSuccessProbability(0, 20)).toBe(0);
    // e = 1, floor 0.2, δ = 0.25 → 0.2 + 0.75·0.8 = 0.8
    expect(improvedIntensity(1, DEFAULT_ECONOMY)).toBeCloseTo(0.8, 12);
  });

  it('rule budget I* = I₀ ln(S/I₀) maximizes S(1 − e^(−I/I₀)) − I; nothing when S ≤ I₀', () => {
    const p = DEFAULT_ECONOMY;
    // price 30, output 10, Δe = 0.2, 5 years left → S = 300
    const I = ruleResearchBudget(30, 10, 1, 5, p);
    expect(I).toBeCloseTo(20 * Math.log(300 / 20), 10);
    const gain = (x: number) => 300 * (1 - Math.exp(-x / 20)) - x;
    expect(gain(I)).toBeGreaterThan(gain(I - 1));
    expect(gain(I)).toBeGreaterThan(gain(I + 1));
    expect(ruleResearchBudget(30, 10, 1, 0, p)).toBe(0);
  });
});
