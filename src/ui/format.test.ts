import { describe, expect, it } from 'vitest';
import { fmt, fmtInt, fmtScientific } from './format';

describe('fmt: numbers as people read them', () => {
  it('shows round-off of zero as 0, never e-notation', () => {
    expect(fmt(-3.55e-15)).toBe('0.000');
    expect(fmt(1.03727e-17, 2)).toBe('0.00');
    expect(fmt(0)).toBe('0.000');
  });

  it('writes small figures with a power of ten', () => {
    expect(fmt(0.000381)).toBe('3.8 × 10⁻⁴');
    expect(fmt(-0.000381)).toBe('−3.8 × 10⁻⁴');
    expect(fmtScientific(2.5e-12)).toBe('2.5 × 10⁻¹²');
    expect(fmt(0.001)).toBe('0.001');
  });

  it('writes large figures as grouped whole numbers', () => {
    expect(fmt(102400)).toBe('102 400');
    expect(fmt(-1234567.8)).toBe('−1 234 568');
    expect(fmtInt(999)).toBe('999');
  });

  it('keeps ordinary figures at the asked precision, and says — for what is not a number', () => {
    expect(fmt(0.4741, 2)).toBe('0.47');
    expect(fmt(Number.NaN)).toBe('—');
    expect(fmt('1')).toBe('—');
  });
});
