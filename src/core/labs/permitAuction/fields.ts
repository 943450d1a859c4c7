import type { JsonField } from '../../config/schema';
import { randomFirms, type FirmPrior } from '../../priors/firms';

/** A firm's private type: abatement cost slope c (currency per unit²) and baseline emissions e (units). */
export interface FirmType {
  c: number;
  e: number;
}

/** A bid schedule: (price, quantity) steps, prices non-increasing. Two-tier bids are two steps. */
export type Schedule = [number, number][];

export const FIRMS_MIN = 2;
export const FIRMS_MAX = 12;
export const C_BOUNDS = [0.01, 100] as const;
export const E_BOUNDS = [0.1, 1000] as const;
/** Largest price a bid may name (currency per permit); far above any true marginal value c·e. */
export const PRICE_MAX = 1e6;

const num = (x: unknown): number => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN);

/** The prior the firm types of a bare count (`firms=6`) are drawn from: the PPO demo's c ~ U[0.5, 1.5], e ~ U[4, 8]. */
export const COUNT_PRIOR: FirmPrior = { cMin: 0.5, cMax: 1.5, eMin: 4, eMax: 8 };

/**
 * N firm types for a bare count: `randomFirms(1000 + N, N, COUNT_PRIOR)`, rounded to 2 decimals so they read well
 * in the firms table. Deterministic: the same N always gives the same firms.
 */
export function firmsOfCount(n: number): FirmType[] {
  return randomFirms(1000 + n, n, COUNT_PRIOR).map((f) => ({ c: Math.round(f.c * 100) / 100, e: Math.round(f.e * 100) / 100 }));
}

/**
 * `firms`: 2–12 firms as `[{"c":1,"e":10}, …]` (or `[[1,10], …]`), c in [0.01, 100], e in [0.1, 1000]; or a
 * bare count N (2–12), as the training CLI writes it (`--set firms=4`): N firms drawn by `firmsOfCount` (in
 * training only the count matters: each auction draws fresh types from the prior).
 * Bad input is rejected (defaults kept) with a message naming the firm.
 */
export function firmsField(defaults: FirmType[]): JsonField<FirmType[]> {
  return {
    kind: 'json',
    label: 'Firms',
    help: 'Each firm’s abatement cost slope c and baseline emissions e: abating a units costs c·a²/2.',
    default: defaults,
    shape: `a list of ${FIRMS_MIN}–${FIRMS_MAX} firms {"c": ${C_BOUNDS[0]}–${C_BOUNDS[1]}, "e": ${E_BOUNDS[0]}–${E_BOUNDS[1]}}, or a count ${FIRMS_MIN}–${FIRMS_MAX}`,
    parse(raw) {
      const fail = (issue: string) => ({ value: defaults.map((f) => ({ ...f })), issue });
      const count = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
      if (Number.isFinite(count)) {
        if (!Number.isInteger(count) || count < FIRMS_MIN || count > FIRMS_MAX) return fail(`${count} firms; expected a whole number ${FIRMS_MIN}–${FIRMS_MAX}`);
        return { value: firmsOfCount(count) };
      }
      if (!Array.isArray(raw)) return fail('expected a list of firms like [{"c":1,"e":10}, …]');
      if (raw.length < FIRMS_MIN || raw.length > FIRMS_MAX) return fail(`has ${raw.length} firms; expected ${FIRMS_MIN}–${FIRMS_MAX}`);
      const out: FirmType[] = [];
      for (let i = 0; i < raw.length; i++) {
        const r = raw[i] as unknown;
        const c = num(Array.isArray(r) ? r[0] : (r as { c?: unknown } | null)?.c);
        const e = num(Array.isArray(r) ? r[1] : (r as { e?: unknown } | null)?.e);
        if (!(c >= C_BOUNDS[0] && c <= C_BOUNDS[1])) return fail(`firm ${i + 1}: c = ${String(c)} is not in [${C_BOUNDS[0]}, ${C_BOUNDS[1]}]`);
        if (!(e >= E_BOUNDS[0] && e <= E_BOUNDS[1])) return fail(`firm ${i + 1}: e = ${String(e)} is not in [${E_BOUNDS[0]}, ${E_BOUNDS[1]}]`);
        out.push({ c, e });
      }
      return { value: out };
    },
  };
}

/**
 * Read one firm's schedule: a two-tier bid `[pH, qH, pL, qL]` or a step list `[[price, quantity], …]`
 * (1–12 steps). Returns the canonical step list, or a message. Prices must not increase (pL ≤ pH);
 * prices and quantities must be finite and ≥ 0. Never "fixes" a bad schedule.
 */
export function parseSchedule(raw: unknown, firm: number): { value?: Schedule; issue?: string } {
  let steps: unknown[][];
  if (Array.isArray(raw) && raw.length === 4 && raw.every((x) => !Array.isArray(x))) {
    steps = [
      [raw[0], raw[1]],
      [raw[2], raw[3]],
    ];
  } else if (Array.isArray(raw) && raw.length >= 1 && raw.length <= 12 && raw.every((x) => Array.isArray(x) && x.length === 2)) {
    steps = raw as unknown[][];
  } else {
    return { issue: `firm ${firm + 1}: expected [pH, qH, pL, qL] or a list of [price, quantity] steps` };
  }
  const out: Schedule = [];
  for (let t = 0; t < steps.length; t++) {
    const p = num(steps[t][0]);
    const q = num(steps[t][1]);
    if (!Number.isFinite(p) || p < 0 || p > PRICE_MAX) return { issue: `firm ${firm + 1}, step ${t + 1}: price ${String(steps[t][0])} must be a number in [0, ${PRICE_MAX}]` };
    if (!Number.isFinite(q) || q < 0 || q > E_BOUNDS[1]) return { issue: `firm ${firm + 1}, step ${t + 1}: quantity ${String(steps[t][1])} must be a number in [0, ${E_BOUNDS[1]}]` };
    if (t > 0 && p > out[t - 1][0]) {
      return { issue: `firm ${firm + 1}: step ${t + 1} price ${p} is above step ${t} price ${out[t - 1][0]}; prices must not increase (pL ≤ pH)` };
    }
    out.push([p, q]);
  }
  return { value: out };
}

/**
 * `bids`: one schedule per firm, each `[pH, qH, pL, qL]` or `[[price, quantity], …]`; an empty list means
 * truthful two-tier bids. Invalid schedules are rejected with a message naming the firm and step.
 */
export const bidsField: JsonField<Schedule[]> = {
  kind: 'json',
  label: 'Bids',
  help: 'Each firm’s demand schedule; empty = truthful two-tier bids (each tier at its true mean marginal value).',
  default: [],
  shape: 'a list with one schedule per firm: [pH, qH, pL, qL] or [[price, quantity], …] with non-increasing prices; [] = truthful',
  parse(raw) {
    if (!Array.isArray(raw)) return { value: [], issue: 'expected a list of schedules, e.g. [[20,5,8,5], …]' };
    if (raw.length > FIRMS_MAX) return { value: [], issue: `has ${raw.length} schedules; at most ${FIRMS_MAX}` };
    const out: Schedule[] = [];
    for (let i = 0; i < raw.length; i++) {
      const r = parseSchedule(raw[i], i);
      if (r.issue) return { value: [], issue: r.issue };
      out.push(r.value!);
    }
    return { value: out };
  },
};
