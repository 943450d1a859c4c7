import { learnToBidSchema } from './schema';

/**
 * Links and stored records of version 1 give β in absolute bid units: P(win) ≈ σ(β·(b − m)). From version 2 β is
 * relative to the value range A = max_i a_i: σ(β·(b − m)/A). The same run therefore has β₂ = β₁·A, for `beta` and
 * `betaEnd`. A is read from `upper` as version 1 read it (each bound clamped to the schema's range); where `upper`
 * is missing or unreadable the default range (1) is used, which leaves β as it was. Values keep their form: a link's
 * text stays text, a stored record's number stays a number; anything unreadable is left for the schema to report.
 * The schema's β range (up to 20,000) holds every version-1 β (up to 2000) times the widest range (10).
 */
export function rescaleLegacyBeta(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  const a = legacyRange(config.upper);
  if (a === 1) return out;
  for (const key of ['beta', 'betaEnd'] as const) {
    const raw = config[key];
    const x = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(x)) continue;
    const scaled = x * a;
    out[key] = typeof raw === 'string' ? String(scaled) : scaled;
  }
  return out;
}

/** `rescaleLegacyBeta` on a version-1 link's text parameters. */
export function rescaleLegacyBetaLink(params: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...params };
  const scaled = rescaleLegacyBeta(params);
  for (const key of ['beta', 'betaEnd']) {
    const x = scaled[key];
    if (typeof x === 'string') out[key] = x;
  }
  return out;
}

/** max_i a_i of a version-1 `upper` (a list of numbers, or text "1,2" / "[1,2]"), each clamped; 1 when unreadable. */
function legacyRange(upper: unknown): number {
  const list = Array.isArray(upper) ? upper : typeof upper === 'string' ? upper.replace(/^\s*\[|\]\s*$/g, '').split(',') : [];
  const bounds = list.map((x) => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN));
  if (bounds.length === 0 || bounds.some((x) => !Number.isFinite(x))) return 1;
  const { min, max } = learnToBidSchema.upper;
  return Math.max(...bounds.map((x) => Math.min(max, Math.max(min, x))));
}
