/**
 * Axis domains and "nice" ticks (1, 2, 2.5, 5 × 10^k steps; Heckbert, Graphics Gems 1990), computed here so
 * recharts skips its own decimal-arithmetic tick search, which dominated chart updates while runs stream.
 */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

/** Domain rounded out to nice steps and the ticks inside it (about `count` of them). */
export function niceAxis(min: number, max: number, count = 5): { domain: [number, number]; ticks: number[] } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };
  if (max - min < 1e-9) {
    const pad = Math.abs(max) > 1e-9 ? Math.abs(max) * 0.05 : 0.5;
    min -= pad;
    max += pad;
  }
  const step = niceStep(max - min, count);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { domain: [lo, hi], ticks };
}

/** Ticks 1, 2, 5 × 10^k within [min, max] for a log axis (e.g. β from 10 to 500). */
export function logTicks(min: number, max: number): { domain: [number, number]; ticks: number[] } {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= 0) return { domain: [1, 10], ticks: [1, 2, 5, 10] };
  const lo = Math.max(min, 1e-12);
  const hi = Math.max(max, lo * 1.0001);
  const ticks: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** k;
      if (t >= lo * 0.999 && t <= hi * 1.001) ticks.push(t);
    }
  }
  if (ticks.length < 2) return { domain: [lo * 0.9, hi * 1.1], ticks: [lo, hi].map((x) => Number(x.toPrecision(3))) };
  return { domain: [Math.min(lo, ticks[0]), Math.max(hi, ticks.at(-1)!)], ticks };
}

/** Min and max of `key` over rows (NaN-safe); `extra` values (theory lines) widen the range. */
export function extent(rowsList: readonly (readonly Record<string, number>[])[], keys: readonly string[], extra: readonly number[] = []): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const rows of rowsList)
    for (const r of rows)
      for (const k of keys) {
        const v = r[k];
        if (v !== undefined && Number.isFinite(v)) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
  for (const v of extra) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  return [lo, hi];
}

/** Decimals that tell ticks `step` apart (0.25 → 2, 0.1 → 1, 500 → 0). */
export function decimalsFor(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 2;
  for (let d = 0; d <= 8; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return d;
  return 8;
}
