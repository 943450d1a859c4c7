import type { JsonField } from '../../config/schema';

/** One evaluated design: the rule weight w, the mean revenue over rounds and its standard deviation (value units). */
export interface DesignSample {
  w: number;
  revenue: number;
  sd: number;
}

/** Most samples a fit accepts (far above the designs bound; guards hostile links). */
export const SAMPLES_MAX = 500;

const num = (x: unknown): number => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN);

/**
 * `samples` (mode `fit`): the evaluated designs `[{"w":0.8,"revenue":0.4,"sd":0.01}, …]` a surrogate is fitted
 * to. In the design loop it is filled by the lab's `combine` step from the simulation runs; on the CLI it may be
 * given directly. w ∈ [1/2, 1], revenue finite, sd ≥ 0 (missing sd reads as 0). Bad input is rejected with a
 * message naming the sample.
 */
export const samplesField: JsonField<DesignSample[]> = {
  kind: 'json',
  label: 'Samples',
  help: 'Evaluated designs (w, mean revenue, sd) that the surrogate is fitted to (mode fit).',
  default: [],
  shape: `a list of 0–${SAMPLES_MAX} samples {"w": 0.5–1, "revenue": number, "sd": ≥ 0}`,
  parse(raw) {
    const fail = (issue: string) => ({ value: [] as DesignSample[], issue });
    if (!Array.isArray(raw)) return fail('expected a list of samples like [{"w":0.8,"revenue":0.4,"sd":0.01}, …]');
    if (raw.length > SAMPLES_MAX) return fail(`has ${raw.length} samples; expected at most ${SAMPLES_MAX}`);
    const out: DesignSample[] = [];
    for (let i = 0; i < raw.length; i++) {
      const r = raw[i] as Record<string, unknown> | null;
      const w = num(r?.w);
      const revenue = num(r?.revenue);
      const sd = r?.sd === undefined ? 0 : num(r.sd);
      if (!(w >= 0.5 && w <= 1)) return fail(`sample ${i + 1}: w must be in [0.5, 1]`);
      if (!Number.isFinite(revenue)) return fail(`sample ${i + 1}: revenue must be a finite number`);
      if (!(sd >= 0 && Number.isFinite(sd))) return fail(`sample ${i + 1}: sd must be a finite number ≥ 0`);
      out.push({ w, revenue, sd });
    }
    return { value: out };
  },
};
