import { multiUnitMechanismIds, multiUnitMechanisms } from '../../mechanisms/multiUnitRegistry';
import type { MultiUnitMechanismId } from '../../mechanisms/multiUnit';
import { permitAuctionHistoryColumns, permitAuctionOverlay, permitAuctionSmoke, permitAuctionStreams } from './outputs';
import type { ConfigIssue } from '../../config/schema';
import type { FinalMetrics, LabDefinition } from '../types';
import { driBenchmark } from './benchmark';
import { estimatePermitAuction } from './cost';
import { firmsOfCount } from './fields';
import { permitAuctionPresets } from './presets';
import { permitAuctionSchema, type PermitAuctionConfig, type PermitAuctionSchema, TRAINING_FIELDS } from './schema';

/** The mechanisms a comparison trains side by side, in column order. */
export const COMPARED_MECHANISMS: readonly MultiUnitMechanismId[] = multiUnitMechanismIds;

/**
 * Cross-field rules. Clear mode: bids, when given, hold exactly one schedule per firm (otherwise they are rejected).
 * Train mode: a prior range given upside down is swapped; an N sweep trains one mechanism, so it turns the
 * three-mechanism comparison off.
 */
export function normalizePermitAuction(config: PermitAuctionConfig): { config: PermitAuctionConfig; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  let c = config;
  if (c.mode === 'train') {
    if (c.costMin > c.costMax) {
      issues.push({ field: 'costMax', code: 'inconsistent', message: `costMax: ${c.costMax} is below costMin ${c.costMin}`, repair: 'the two were swapped' });
      c = { ...c, costMin: c.costMax, costMax: c.costMin };
    }
    if (c.emissionsMin > c.emissionsMax) {
      issues.push({ field: 'emissionsMax', code: 'inconsistent', message: `emissionsMax: ${c.emissionsMax} is below emissionsMin ${c.emissionsMin}`, repair: 'the two were swapped' });
      c = { ...c, emissionsMin: c.emissionsMax, emissionsMax: c.emissionsMin };
    }
    if (c.sweep === 'firms' && c.compare) {
      issues.push({ field: 'compare', code: 'inconsistent', message: 'compare: an N sweep trains the chosen mechanism only', repair: 'the comparison was turned off' });
      c = { ...c, compare: false };
    }
    return { config: c, issues };
  }
  if (c.bids.length === 0 || c.bids.length === c.firms.length) return { config: c, issues };
  return {
    config: { ...c, bids: [] },
    issues: [{ field: 'bids', code: 'inconsistent', message: `bids: has ${c.bids.length} schedules for ${c.firms.length} firms; expected one per firm (or [] for truthful bids)`, repair: 'using truthful bids' }],
  };
}

/**
 * The runs a config stands for: one, or (train mode) one per mechanism for a comparison — same seed, so the same
 * type draws, network initialisations and exploration noise — or one per N for an N sweep (supply scaled to keep
 * the config's permits per firm).
 */
export function expandPermitAuction(c: PermitAuctionConfig): PermitAuctionConfig[] {
  if (c.mode !== 'train') return [c];
  if (c.sweep === 'firms') {
    const ns = [...new Set(c.sweepFirms.map((n) => Math.round(n)))].sort((a, b) => a - b);
    // Supply scales with N (the same permits per firm), so scarcity stays fixed and only competition changes.
    const perFirm = c.supply / c.firms.length;
    return ns.map((n) => ({ ...c, firms: firmsOfCount(n), supply: Math.round(perFirm * n * 100) / 100, compare: false }));
  }
  if (c.compare) return COMPARED_MECHANISMS.map((mechanism) => ({ ...c, mechanism }));
  return [c];
}

const pick = (m: FinalMetrics, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, typeof m[k] === 'number' ? m[k] : null]));
const HEADLINE = ['efficiency', 'dri', 'driQuantity', 'driTierShading', 'revenue', 'clearingPrice', 'meanProfit', 'efficiencySd', 'driSd', 'revenueSd', 'meanProfitSd', 'auctionsPerSecond'] as const;
/** The truthful two-tier baseline on the same held-out draws (the run's `truthful` metrics), beside the learned figures. */
const TRUTHFUL = ['dri', 'driQuantity', 'driTierShading', 'efficiency', 'revenue', 'clearingPrice'] as const;

function truthfulOf(m: FinalMetrics): Record<string, unknown> | null {
  const t = m.truthful;
  return t && typeof t === 'object' && !Array.isArray(t) ? pick(t as FinalMetrics, TRUTHFUL) : null;
}

/** Per-firm headline index (firm 1 first), when the run reported it. */
function byFirmOf(m: FinalMetrics): number[] | null {
  const v = m.driByFirm;
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? v : null;
}

/**
 * CLI summary of a multi-run training job. `dri` is the headline index (`metrics/demandReduction.ts`); `truthful` is
 * the truthful two-tier baseline on the same draws (its `dri` is 0). Comparison: `byMechanism` (headline figures,
 * `driByFirm` and `truthful` per mechanism) and `driGap` = DRI(uniform) − DRI(VCG). N sweep: `sweep` = one entry
 * per N with the final figures, the truthful baseline and `theoryDri` (`driBenchmark`: 1/(N − 1) under the
 * uniform price, 0 under VCG, null for pay-as-bid).
 */
export function summarizePermitAuction(runs: readonly { config: PermitAuctionConfig; metrics: FinalMetrics }[]): Record<string, unknown> {
  if (runs.length && runs[0].config.sweep === 'firms') {
    return {
      sweep: runs.map(({ config, metrics }) => ({
        firms: config.firms.length,
        mechanism: config.mechanism,
        ...pick(metrics, HEADLINE),
        theoryDri: driBenchmark(config.mechanism, config.firms.length),
        truthful: truthfulOf(metrics),
      })),
    };
  }
  const byMechanism: Record<string, Record<string, unknown>> = Object.fromEntries(
    runs.map(({ config, metrics }) => [config.mechanism, { ...pick(metrics, HEADLINE), driByFirm: byFirmOf(metrics), truthful: truthfulOf(metrics) }]),
  );
  const dri = (m: string) => {
    const x = byMechanism[m]?.dri;
    return typeof x === 'number' ? x : null;
  };
  const u = dri('uniform');
  const v = dri('vcg');
  return { byMechanism, driGap: u !== null && v !== null ? u - v : null };
}

/**
 * The mechanisms a run uses, by their UI names: every mechanism when it clears them side by side or compares them
 * in training, else the chosen one (e.g. "PPO · Pay as bid" in the run history).
 */
function mechanismName(c: PermitAuctionConfig): string {
  const all = c.mode !== 'train' || (c.compare && c.sweep !== 'firms');
  return all ? multiUnitMechanismIds.map((id) => multiUnitMechanisms[id].shortTitle).join(' · ') : multiUnitMechanisms[c.mechanism].shortTitle;
}

/** The pure registry entry of the permit-auction lab (runner: src/learn/labs; view: src/ui/labs). */
export const permitAuctionLab: LabDefinition<PermitAuctionSchema> = {
  id: 'permit-auction',
  title: 'Permit auction',
  summary: 'A regulator auctions carbon permits to firms with abatement costs: uniform price, pay-as-bid and VCG side by side; watch demand reduction, by hand or with learning (PPO) firms.',
  schema: permitAuctionSchema,
  presets: permitAuctionPresets,
  normalize: normalizePermitAuction,
  label: (c, seed) =>
    c.mode === 'train'
      ? `PPO · ${mechanismName(c)}${c.sweep === 'firms' ? ' · N sweep' : ''} · ${c.firms.length} firms · S=${c.supply} · ${c.auctions} auctions · seed ${seed}`
      : `${mechanismName(c)} · ${c.firms.length} firms · S=${c.supply}${c.bids.length ? '' : ' · truthful'} · seed ${seed}`,
  expand: expandPermitAuction,
  summarize: summarizePermitAuction,
  partLabel: (c) => (c.sweep === 'firms' ? `N=${c.firms.length}` : c.mechanism),
  sideBySide: (c) => c.mode === 'train' && c.compare && c.sweep !== 'firms',
  progressUnit: (c) => (c.mode === 'train' ? 'auctions' : 'steps'),
  paced: (c) => c.mode !== 'train',
  estimate: estimatePermitAuction,
  streams: permitAuctionStreams,
  historyColumns: permitAuctionHistoryColumns,
  overlay: permitAuctionOverlay,
  smoke: permitAuctionSmoke,
  // Clear mode shows all three mechanisms at once and trains nothing; a comparison trains every mechanism.
  inapplicable: (c) =>
    c.mode === 'train'
      ? [...(c.compare && c.sweep !== 'firms' ? ['mechanism'] : []), ...(c.sweep === 'firms' ? ['compare'] : ['sweepFirms'])]
      : ['mechanism', ...TRAINING_FIELDS],
};
