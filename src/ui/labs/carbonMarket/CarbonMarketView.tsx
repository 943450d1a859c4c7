import { useDeferredValue } from 'react';
import { setField } from '../../../state/store';
import { ALL_POLICIES, POLICY_LABELS, type PolicyId } from '../../../core/labs/carbonMarket/allocation';
import { useStaggered } from '../../charts/useStaggered';
import { fmt } from '../../format';
import { MetricCard as Card } from '../../MetricCard';
import { RuleBars } from './RuleBars';
import { ScheduleTable } from './ScheduleTable';
import { SweepChart, TrainingChart } from './TrainSweepCharts';
import { useCarbonMarketData, type CarbonMarketData } from './useCarbonMarketData';
import { LearnedAllocationChart, YearPanels } from './YearCharts';
import { Explainer } from '../../Explainer';

const OK_STYLE = { background: '#eef7ee', borderColor: '#b7dcb5', color: '#1f4d1c' };
const WARN_STYLE = { background: '#fff6e6', borderColor: '#f0c987', color: '#6b4300' };

/** Key figures: the learned regulator against the best classic rule, and the shown policy's final figures. */
function MetricCards({ data, policy }: { data: CarbonMarketData; policy: PolicyId }) {
  const vs = data.learnedVsClassic;
  const shown = data.comparison.find((r) => r.policy === policy);
  const fps = data.main?.final?.firmYearsPerSecond as number | undefined;
  return (
    <div className="cards" aria-label="Key figures">
      <Card testId="metric.learned" k="learned objective" v={vs ? fmt(vs.learned, 0) : '—'} t={vs ? `± ${fmt(vs.learnedStd, 0)} over ${vs.seeds} seeds` : 'after training'} />
      <Card testId="metric.bestClassic" k="best classic rule" v={vs ? fmt(vs.bestClassic, 0) : '—'} t={vs ? `${POLICY_LABELS[vs.bestClassicRule as PolicyId]} ± ${fmt(vs.bestClassicStd, 0)}` : 'same seeds'} />
      <Card testId="metric.margin" k="learned − best classic" v={vs ? fmt(vs.margin, 0) : '—'} t={vs ? `learned ≥ on ${vs.seedsWon}/${vs.seeds} seeds` : '≥ 0: the regulator wins'} />
      <Card testId="metric.equality" k={`equality · ${POLICY_LABELS[policy]}`} v={fmt(shown?.equality, 3)} t={data.runConfig.smallSample ? '1 − Gini, with the factor N/(N − 1)' : '1 − Gini, without the factor N/(N − 1)'} />
      <Card testId="metric.shortfall" k="cumulative shortfall" v={fmt(shown?.shortfall, 2)} t="tons without allowances" />
      <Card testId="metric.price" k="mean allowance price" v={fmt(shown?.allowancePrice, 1)} t="currency per allowance" />
      <Card testId="metric.speed" k="speed" v={fps ? Math.round(fps).toLocaleString() : '—'} t="firm-years per second in training" />
    </div>
  );
}

/** Which policy's year-by-year panels to show (keyboard: a native select). */
function PolicyPicker({ value, onChange, available }: { value: PolicyId; onChange: (p: PolicyId) => void; available: PolicyId[] }) {
  return (
    <label style={{ fontSize: 14 }}>
      Year-by-year panels for:{' '}
      <select data-testid="carbon.policy" value={value} onChange={(e) => onChange(e.target.value as PolicyId)}>
        {ALL_POLICIES.map((p) => (
          <option key={p} value={p} disabled={available.length > 0 && !available.includes(p)}>
            {POLICY_LABELS[p]}
          </option>
        ))}
      </select>
    </label>
  );
}

function SingleRun({ data }: { data: CarbonMarketData }) {
  // The picker is the config's "Policy shown" field (one source of truth with the form, the URL and the CLI).
  const policy = data.config.policy;
  const setPicked = (p: PolicyId) => setField('policy', p);
  const slow = useStaggered(data, 1);
  const rows = slow.years[policy] ?? [];
  const c = data.runConfig;
  const seeds = data.main?.final ? Number(data.main.final.evaluationSeeds) : c.evalSeeds;
  const active = data.main !== null && !data.main.final && ['queued', 'running', 'paused'].includes(data.main.status);
  const hint = !data.main
    ? 'Press Run: the classic rules are simulated first, the learned regulator after training.'
    : active
      ? policy === 'learned'
        ? 'The learned regulator appears after training; pick a classic rule above to see it now.'
        : 'Simulating…'
      : 'No data for this policy in this run.';
  return (
    <>
      <MetricCards data={data} policy={policy} />
      {data.learnedVsClassic && (
        <p
          data-testid="carbon.note"
          role="status"
          style={{ margin: 0, padding: '8px 12px', borderRadius: 8, border: '1px solid', ...(data.learnedVsClassic.margin >= 0 ? OK_STYLE : WARN_STYLE) }}
        >
          {data.learnedVsClassic.note}
        </p>
      )}
      <div className="charts">
        <RuleBars rows={data.comparison} seeds={seeds} />
        <TrainingChart rows={data.train} classic={data.comparison} />
        {data.schedules && <ScheduleTable data={data.schedules} />}
      </div>
      <PolicyPicker value={policy} onChange={setPicked} available={Object.keys(slow.years) as PolicyId[]} />
      <div className="charts">
        <YearPanels rows={rows} n={c.firms} penalty={c.penalty} policyName={POLICY_LABELS[policy]} emptyHint={hint} />
        <LearnedAllocationChart rows={slow.years.learned ?? []} n={c.firms} budget={c.budget} years={c.years} cap={c.budget * c.maxYearShare} emptyHint={active ? 'The learned allocation appears after training.' : 'Press Run: the learned allocation appears after training.'} />
      </div>
    </>
  );
}

/** The carbon-market lab: one run (comparison, training, yearly panels, learned allocation) or a sensitivity sweep. */
export default function CarbonMarketView() {
  const data = useDeferredValue(useCarbonMarketData());
  const pending = data.runs.filter((r) => r.status === 'queued' || r.status === 'running' || r.status === 'paused').length;
  return (
    <>
      <Explainer>
        A regulator issues at most {data.config.budget} allowances over {data.config.years} years (≤ {Math.round(data.config.maxYearShare * 100)}% in one
        year) and decides who gets them. Firms produce (emitting tons of CO₂), trade allowances in a yearly uniform-price call market, pay a penalty of{' '}
        {data.config.penalty} per ton they cannot cover, and invest in research that lowers their emissions per unit. A PPO regulator learns the
        yearly issue and shares; compare it with grandfathering, equal shares, output benchmarking and full auctioning on the same seeds.
      </Explainer>
      {data.isSweep ? (
        <div className="charts">
          <SweepChart points={data.sweep} sweep={data.runs[0] ? String(data.runs[0].config.sweep) : data.config.sweep} pending={pending} />
        </div>
      ) : (
        <SingleRun data={data} />
      )}
    </>
  );
}
