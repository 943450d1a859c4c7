import { describe, expect, it } from 'vitest';
import { BIDDER_COLORS, seriesDash } from './palette';

/** Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB. */
const PROTANOPIA = [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]];
const DEUTERANOPIA = [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]];

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const rgb = (hex: string) => [1, 3, 5].map((i) => toLinear(parseInt(hex.slice(i, i + 2), 16) / 255));

/** CIELAB (D65) of linear RGB, clamped to the gamut as a screen shows it. */
function lab([r, g, b]: number[]): [number, number, number] {
  [r, g, b] = [r, g, b].map((c) => Math.min(1, Math.max(0, c)));
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
const simulate = (m: number[][] | null, c: number[]) => (m ? m.map((row) => row[0] * c[0] + row[1] * c[1] + row[2] * c[2]) : c);
const deltaE = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

function closestPair(colors: string[], vision: number[][] | null): number {
  const labs = colors.map((c) => lab(simulate(vision, rgb(c))));
  let min = Infinity;
  for (let i = 0; i < labs.length; i++) for (let j = i + 1; j < labs.length; j++) min = Math.min(min, deltaE(labs[i], labs[j]));
  return min;
}

describe('series palette under colour-vision deficiency', () => {
  const visions = { normal: null, protanopia: PROTANOPIA, deuteranopia: DEUTERANOPIA };
  it.each(Object.entries(visions))('%s: the first six series are at least 17 ΔE apart, all ten at least 13', (_name, vision) => {
    expect(closestPair(BIDDER_COLORS.slice(0, 6), vision)).toBeGreaterThanOrEqual(17);
    expect(closestPair(BIDDER_COLORS, vision)).toBeGreaterThanOrEqual(13);
  });
  it('the old Tableau order fails the same check (its green and red merge under deuteranopia)', () => {
    expect(closestPair(['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948'], DEUTERANOPIA)).toBeLessThan(5);
  });
  it('series 7 to 10 get distinct dash patterns, unlike the theory lines\' 6 4', () => {
    const dashes = BIDDER_COLORS.map((_, i) => seriesDash(i));
    expect(dashes.slice(0, 6).every((d) => d === undefined)).toBe(true);
    const later = dashes.slice(6);
    expect(new Set(later).size).toBe(4);
    expect(later).not.toContain('6 4');
  });
});
