import { preview, type JsonField } from '../../config/schema';
import { W_MAX, W_MIN } from './designs';

/** One evaluated design: the rule weight w, the mean revenue over rounds and its standard deviation (value units). */
export interface DesignSample {
  w: number;
  revenue: number;
  sd: number;
}

/** Most samples a fit accepts (far above the designs bound; guards hostile links). */
export const SAMPLES_MAX = 500;

/** Most bidders in a contest: the schema's `bidders` upper bound (a test keeps the two equal). */
const BIDDERS_MAX = 5;

/**
 * Largest revenue per contest the simulation can produce (value units). Revenue is the expected sum of payments
 * under the learned strategies (`learning/discreteBidLearner.ts`), and learned strategies need not be individually
 * rational (10 fictitious-play iterations with 10 random ones give R ≈ 2.5 at n = 5), so the bound is mechanical:
 * prize split, every bidder pays its bid and bids lie in [0, 1], so R ≤ n ≤ 5; payment split, bids lie in
 * [0, 1/w], the top bidder pays w·b ≤ 1 and the second (1 − w)·b ≤ (1 − w)/w ≤ 1, so R ≤ 2. Values are in
 * [0, 1] under both value models (U[0, 1] cell midpoints; integers 0–9 scaled to j/9). Payments are never negative.
 */
export const REVENUE_MAX = BIDDERS_MAX;
/**
 * Largest sd of a sample: the (n − 1)-denominator sd across rounds (`designs.ts` `meanSd`) of revenues in
 * [0, REVENUE_MAX] is largest for two rounds at the two ends, REVENUE_MAX/√2.
 */
export const SD_MAX = REVENUE_MAX / Math.SQRT2;

const num = (x: unknown): number => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN);

/**
 * `samples` (mode `fit`): the evaluated designs `[{"w":0.8,"revenue":0.4,"sd":0.01}, …]` a surrogate is fitted
 * to. In the design loop it is filled by the lab's `combine` step from the simulation runs; on the CLI it may be
 * given directly. w ∈ [1/2, 1], revenue ∈ [0, REVENUE_MAX], sd ∈ [0, SD_MAX] (missing sd reads as 0): what the
 * simulation can produce, so the fit never sees a number that overflows its standardization. Bad input is rejected
 * with a message naming the sample.
 */
export const samplesField: JsonField<DesignSample[]> = {
  kind: 'json',
  label: 'Samples',
  help: 'Evaluated designs (w, mean revenue, sd) that the surrogate is fitted to (mode fit).',
  default: [],
  shape: `a list of 0–${SAMPLES_MAX} samples {"w": ${W_MIN}–${W_MAX}, "revenue": 0–${REVENUE_MAX}, "sd": 0–${SD_MAX.toFixed(2)}}`,
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
      if (!(w >= W_MIN && w <= W_MAX)) return fail(`sample ${i + 1}: w must be in [${W_MIN}, ${W_MAX}]`);
      if (!(revenue >= 0 && revenue <= REVENUE_MAX)) return fail(`sample ${i + 1}: revenue must be a number in [0, ${REVENUE_MAX}] (value units; got ${preview(r?.revenue)})`);
      if (!(sd >= 0 && sd <= SD_MAX)) return fail(`sample ${i + 1}: sd must be a number in [0, ${SD_MAX.toFixed(2)}] (got ${preview(r?.sd)})`);
      out.push({ w, revenue, sd });
    }
    return { value: out };
  },
};
