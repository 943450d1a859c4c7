/** Number formatting for cards, tooltips and tables. */
export function fmt(x: unknown, digits = 3): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2);
  return x.toFixed(digits);
}

/** Seconds as "1 m 05 s" / "12 s". */
export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} m ${String(Math.round(seconds - m * 60)).padStart(2, '0')} s`;
}

/** Integer with thin thousands separators, e.g. 12 000 (much cheaper than toLocaleString in tick formatters). */
export function fmtInt(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const s = String(Math.round(Math.abs(x)));
  return (x < 0 ? '−' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
