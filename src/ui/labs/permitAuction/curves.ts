import type { FirmType, Schedule } from '../../../core/labs/permitAuction/fields';

type Pt = { q: number; p: number };

/** Firm i's true marginal value of its q-th permit, c·(e − q) for q in [0, e] (a straight line). */
export function marginalValueLine(f: FirmType): Pt[] {
  return [
    { q: 0, p: f.c * f.e },
    { q: f.e, p: 0 },
  ];
}

/** Aggregate true demand: permits wanted at price p, Σ max(0, e_i − p/c_i), drawn as (quantity, price). */
export function aggregateTrueDemand(firms: FirmType[], points = 60): Pt[] {
  const top = Math.max(...firms.map((f) => f.c * f.e));
  return Array.from({ length: points + 1 }, (_, k) => {
    const p = top * (1 - k / points);
    return { q: firms.reduce((s, f) => s + Math.max(0, f.e - p / f.c), 0), p };
  });
}

/** Aggregate bid demand as a step line: every step of every schedule, highest price first. */
export function aggregateBidSteps(schedules: Schedule[]): Pt[] {
  const steps = schedules.flat().filter(([, q]) => q > 0).sort((a, b) => b[0] - a[0]);
  const pts: Pt[] = [];
  let q = 0;
  for (const [p, dq] of steps) {
    pts.push({ q, p }, { q: q + dq, p });
    q += dq;
  }
  if (pts.length) pts.push({ q, p: 0 });
  return pts;
}

/** A vertical line at the supply S from price 0 to `top`. */
export function supplyLine(supply: number, top: number): Pt[] {
  return [
    { q: supply, p: 0 },
    { q: supply, p: top },
  ];
}
