import { CLASSIC_RULES, evenPlan, frontLoadedPlan, POLICY_LABELS, totalsPlan, type ClassicRule, type IssuancePlan, type IssuanceSchedule } from './allocation';
import { evaluateAll, type RuleSummary } from './evaluate';
import type { EpisodeTrace, FirmBehaviour, MarketSettings } from './simulate';

/**
 * The classic rules on every issuance schedule, beside the learned regulator, so the comparison separates how much
 * is issued per year (the schedule) from who gets it (the shares). The regulator's margin over the best classic
 * rule on the even schedule splits exactly into
 *   from the schedule   = best classic on the learned totals − best classic on the even schedule,
 *   from the allocation = learned − best classic on the learned totals,
 * (objective units; the same split on equality × productivity, the objective without its emissions factor).
 * Issuance never exceeds the budget under any rule (`simulate.ts` issues min(request, remaining, cap)); emissions can:
 * a firm short of allowances emits anyway and pays the penalty, and the objective's e^(−κ·Σ shortfall) counts it.
 */

/** One classic rule on one schedule (final year, mean over the evaluation seeds). */
export interface ScheduleRow {
  schedule: IssuanceSchedule;
  rule: ClassicRule;
  objective: number;
  objectiveStd: number;
  /** `RuleSummary.equalityProductivity`. */
  equalityProductivity: number;
  equality: number;
  productivity: number;
  /** Cumulative shortfall (tons emitted without an allowance, penalized). */
  shortfall: number;
  /** Emissions over the horizon (tons). */
  emissions: number;
  /** Allowances issued over the horizon (≤ budget). */
  issued: number;
}

/** The best classic rule of one schedule. */
export interface BestOnSchedule {
  schedule: IssuanceSchedule;
  rule: ClassicRule;
  objective: number;
  equalityProductivity: number;
}

export interface ScheduleComparison {
  rows: ScheduleRow[];
  /** The learned regulator's mean issue per year (allowances, length T), or null before training. */
  learnedTotals: number[] | null;
  learned: { objective: number; equalityProductivity: number; shortfall: number; emissions: number; issued: number } | null;
  best: BestOnSchedule[];
  /** Split of the learned margin over the best even-schedule rule (objective units), null without a learned regulator. */
  fromSchedule: number | null;
  fromAllocation: number | null;
  /** The same split on equality × productivity (currency). */
  fromScheduleEP: number | null;
  fromAllocationEP: number | null;
  budget: number;
  note: string;
}

/** The learned regulator's mean issue per year over the K episodes of its trace (allowances, length T). */
export function meanYearlyIssue(tr: EpisodeTrace): number[] {
  return Array.from({ length: tr.T }, (_, t) => {
    let s = 0;
    for (let k = 0; k < tr.K; k++) s += tr.issued[t * tr.K + k];
    return s / tr.K;
  });
}

/** The plan of a schedule; `learned` needs the regulator's totals (null when there are none yet). */
export function planOf(schedule: IssuanceSchedule, learnedTotals: readonly number[] | null): IssuancePlan | null {
  if (schedule === 'even') return evenPlan;
  if (schedule === 'front-loaded') return frontLoadedPlan;
  return learnedTotals ? totalsPlan(learnedTotals) : null;
}

const row = (schedule: IssuanceSchedule, r: RuleSummary): ScheduleRow => ({
  schedule,
  rule: r.policy as ClassicRule,
  objective: r.objective,
  objectiveStd: r.objectiveStd,
  equalityProductivity: r.equalityProductivity,
  equality: r.equality,
  productivity: r.productivity,
  shortfall: r.shortfall,
  emissions: r.emissions,
  issued: r.issued,
});

/**
 * Evaluate every classic rule on every schedule (the learned totals only when `learned` is given) on the same seeds
 * and firms as `evaluateAll`, and write the note: the margin's split and what "within budget" means.
 */
export function compareSchedules(
  s: MarketSettings,
  seeds: readonly number[],
  learned: { summary: RuleSummary; trace: EpisodeTrace } | null,
  firms: ((K: number) => FirmBehaviour) | null,
): ScheduleComparison {
  const learnedTotals = learned ? meanYearlyIssue(learned.trace) : null;
  const rows: ScheduleRow[] = [];
  const best: BestOnSchedule[] = [];
  for (const schedule of ['even', 'front-loaded', 'learned'] as const) {
    const plan = planOf(schedule, learnedTotals);
    if (!plan) continue;
    const { summaries } = evaluateAll(s, seeds, null, firms, CLASSIC_RULES, plan);
    const these = summaries.map((r) => row(schedule, r));
    rows.push(...these);
    const top = these.reduce((a, b) => (b.objective > a.objective ? b : a));
    best.push({ schedule, rule: top.rule, objective: top.objective, equalityProductivity: top.equalityProductivity });
  }
  const even = best.find((b) => b.schedule === 'even')!;
  const own = best.find((b) => b.schedule === 'learned') ?? null;
  const L = learned?.summary ?? null;
  const fromSchedule = own ? own.objective - even.objective : null;
  const fromAllocation = own && L ? L.objective - own.objective : null;
  const fromScheduleEP = own ? own.equalityProductivity - even.equalityProductivity : null;
  const fromAllocationEP = own && L ? L.equalityProductivity - own.equalityProductivity : null;
  const evenRows = rows.filter((r) => r.schedule === 'even');
  const over = Math.max(...evenRows.map((r) => r.emissions)) - s.budget;
  const f0 = (x: number) => x.toFixed(0);
  const f1 = (x: number) => x.toFixed(1);
  const parts: string[] = [];
  if (L && own) {
    parts.push(
      `Learned regulator: objective ${f0(L.objective)}, equality × productivity ${f0(L.equalityProductivity)}. Best classic rule on the even schedule (${POLICY_LABELS[even.rule]}): ${f0(even.objective)} and ${f0(even.equalityProductivity)}; on the learned regulator’s own yearly totals (${POLICY_LABELS[own.rule]}): ${f0(own.objective)} and ${f0(own.equalityProductivity)}.`,
      `Of the objective margin ${f0(L.objective - even.objective)}, ${f0(fromSchedule!)} comes from how much is issued each year (the schedule) and ${f0(fromAllocation!)} from who gets it (the shares); on equality × productivity the margin is ${f0(L.equalityProductivity - even.equalityProductivity)}: ${f0(fromScheduleEP!)} from the schedule, ${f0(fromAllocationEP!)} from the shares.`,
    );
  }
  parts.push(
    over > 0
      ? `Every rule issues at most the budget of ${f0(s.budget)} allowances (issuance never exceeds it), but emissions can: on the even schedule the classic rules emit up to ${f1(s.budget + over)} tons, ${f1(over)} above the budget, without allowances; that shortfall is paid at the penalty and discounted by e^(−κ·shortfall) in the objective.`
      : `Every rule issues at most the budget of ${f0(s.budget)} allowances (issuance never exceeds it); emissions stay within it here, since no rule runs short on the even schedule.`,
  );
  const learnedOut = L ? { objective: L.objective, equalityProductivity: L.equalityProductivity, shortfall: L.shortfall, emissions: L.emissions, issued: L.issued } : null;
  return { rows, learnedTotals, learned: learnedOut, best, fromSchedule, fromAllocation, fromScheduleEP, fromAllocationEP, budget: s.budget, note: parts.join(' ') };
}
