/** A two-tier bid [pH, qH, pL, qL] as a step line over quantity: price pH up to qH, then pL up to qH + qL, then 0. */
export function bidStepLine(b: readonly number[]): { q: number; p: number }[] {
  const [pH, qH, pL, qL] = b as [number, number, number, number];
  return [
    { q: 0, p: pH },
    { q: qH, p: pH },
    { q: qH, p: pL },
    { q: qH + qL, p: pL },
    { q: qH + qL, p: 0 },
  ];
}

/** Shared [lo, hi] of `key` over several row lists and extra values, padded by 5% (for comparable columns). */
export function sharedDomain(rowLists: readonly (readonly Record<string, number>[])[], keys: readonly string[], extra: readonly number[] = []): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const rows of rowLists) for (const r of rows) for (const k of keys) {
    const v = r[k];
    if (v !== undefined && Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  for (const v of extra) if (Number.isFinite(v)) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi >= lo)) return undefined;
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.05;
  return [lo - pad, hi + pad];
}
