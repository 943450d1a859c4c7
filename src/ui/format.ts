/**
 * Below this magnitude a figure is round-off of an exact zero (a truthful DRI of −3.55 × 10⁻¹⁵, an efficiency
 * gap of 1e−17) and is shown as 0.
 */
const ROUND_OFF = 1e-12;

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** `x` as "3.8 × 10⁻⁴": two significant digits and a superscript power of ten, minus signs as U+2212. */
export function fmtScientific(x: number): string {
  const [mantissa, exponent] = x.toExponential(1).split('e');
  const power = String(Number(exponent)).replace(/./g, (c) => SUPERSCRIPT[c] ?? c);
  return `${mantissa.replace('-', '−')} × 10${power}`;
}

/**
 * Number formatting for cards, tooltips and tables: `digits` decimals for ordinary magnitudes; round-off
 * (|x| < 1e−12) as an exact 0; small figures (|x| < 10⁻³, e.g. a regret of 0.00038) as "3.8 × 10⁻⁴" rather than
 * e-notation; large ones (|x| ≥ 10⁵) as whole numbers with thin thousands separators.
 */
export function fmt(x: unknown, digits = 3): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a < ROUND_OFF) return (0).toFixed(digits);
  if (a < 1e-3) return fmtScientific(x);
  if (a >= 1e5) return fmtInt(x);
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
