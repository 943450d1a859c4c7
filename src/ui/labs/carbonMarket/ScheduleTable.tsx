import { CLASSIC_RULES, ISSUANCE_SCHEDULES, POLICY_LABELS, SCHEDULE_LABELS } from '../../../core/labs/carbonMarket/allocation';
import type { ScheduleComparison } from '../../../core/labs/carbonMarket/schedules';
import { ChartCard } from '../../charts/ChartCard';
import { fmt } from '../../format';

/**
 * Every classic rule on every issuance schedule (even, front-loaded, the learned regulator's own yearly totals),
 * objective and equality × productivity side by side, the learned regulator in the last row, and the split of its
 * margin (`core/labs/carbonMarket/schedules.ts`).
 */
export function ScheduleTable({ data }: { data: ScheduleComparison }) {
  const schedules = ISSUANCE_SCHEDULES.filter((s) => data.rows.some((r) => r.schedule === s));
  const cell = (schedule: string, rule: string) => data.rows.find((r) => r.schedule === schedule && r.rule === rule);
  return (
    <ChartCard
      id="schedules"
      title="Classic rules on each issuance schedule"
      caption="Objective / equality × productivity, final year, mean over the evaluation seeds; shortfall in tons emitted without allowances (penalized). Same seeds for every cell."
    >
      <table className="history" data-testid="carbon.schedules">
        <thead>
          <tr>
            <th scope="col">rule</th>
            {schedules.map((s) => (
              <th scope="col" key={s}>
                {SCHEDULE_LABELS[s]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {CLASSIC_RULES.map((rule) => (
            <tr key={rule}>
              <th scope="row">{POLICY_LABELS[rule]}</th>
              {schedules.map((s) => {
                const c = cell(s, rule);
                return (
                  <td className="num" key={s} data-testid={`carbon.schedules.${s}.${rule}`}>
                    {c ? `${fmt(c.objective, 0)} / ${fmt(c.equalityProductivity, 0)} · short ${fmt(c.shortfall, 1)}` : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
          {data.learned && (
            <tr>
              <th scope="row">{POLICY_LABELS.learned}</th>
              <td className="num" colSpan={schedules.length}>
                {`${fmt(data.learned.objective, 0)} / ${fmt(data.learned.equalityProductivity, 0)} · short ${fmt(data.learned.shortfall, 1)} (its own schedule)`}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </ChartCard>
  );
}
