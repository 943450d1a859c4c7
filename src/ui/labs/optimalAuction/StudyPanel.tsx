import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { bestJson, bestTrial, configWithBest, finishedTrials, paretoFront, STUDY_SPACE, trialsCsv, type StudySnapshot } from '../../../core/labs/optimalAuction/study';
import type { OptimalAuctionConfig } from '../../../core/labs/optimalAuction/schema';
import { ChartCard } from '../../charts/ChartCard';
import { downloadText } from '../../charts/exportChart';
import { LineChartView } from '../../charts/LineChartView';
import { bidderColor, THEORY_COLOR } from '../../charts/palette';
import { fmt } from '../../format';
import { loadExperiment, notify } from '../../../state/store';

const LABELS: Record<string, string> = { lambdaInit: 'initial λ', rho: 'ρ', dualEvery: 'λ update every', lr: 'learning rate' };

/** Objective of every finished trial in order, with the best so far. */
function ObjectiveChart({ study }: { study: StudySnapshot }) {
  let best = -Infinity;
  const rows = finishedTrials(study)
    .sort((a, b) => a.number - b.number)
    .map((t) => {
      best = Math.max(best, t.objective!);
      return { trial: t.number + 1, objective: t.objective!, best };
    });
  return (
    <ChartCard id="study-objective" title="Objective over trials" caption={`Each dot: one trial's revenue − ${study.regretWeight} × evaluated regret. The line: the best so far. The first ${study.startup} trials are random; then TPE proposes where good trials cluster.`}>
      <LineChartView
        rows={rows}
        x="trial"
        xInteger
        xLabel="trial number"
        yLabel={`revenue − ${study.regretWeight}·regret (value units)`}
        lines={[
          { key: 'objective', name: 'trial objective', color: bidderColor(0), width: 1, dots: true },
          { key: 'best', name: 'best so far', color: THEORY_COLOR, width: 2 },
        ]}
        emptyHint="No finished trial yet."
      />
    </ChartCard>
  );
}

/** Revenue against regret of every trial; the Pareto front (more revenue for no more regret) joined. */
function ParetoChart({ study }: { study: StudySnapshot }) {
  const done = finishedTrials(study).map((t) => ({ regret: t.regret!, revenue: t.revenue!, trial: t.number + 1 }));
  const front = paretoFront(study.trials).map((t) => ({ regret: t.regret!, revenue: t.revenue!, trial: t.number + 1 }));
  return (
    <ChartCard id="study-pareto" title="Revenue vs regret (Pareto front)" caption="Every trial trades revenue for incentive compatibility. The joined points are the Pareto front: no other trial has more revenue with no more regret.">
      {done.length === 0 ? (
        <div className="empty">No finished trial yet.</div>
      ) : (
        <ResponsiveContainer width="100%" height={280}>
          <ScatterChart margin={{ top: 8, right: 16, bottom: 28, left: 16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis type="number" dataKey="regret" name="regret" tickFormatter={(v: number) => fmt(v, 4)} label={{ value: 'evaluated regret per auction (value units)', position: 'insideBottom', offset: -16 }} />
            <YAxis type="number" dataKey="revenue" name="revenue" domain={['auto', 'auto']} tickFormatter={(v: number) => fmt(v, 3)} label={{ value: 'revenue per auction (value units)', angle: -90, position: 'insideLeft', offset: 0, style: { textAnchor: 'middle' } }} />
            <Tooltip formatter={(v) => fmt(Number(v), 4)} />
            <Legend verticalAlign="top" />
            <Scatter name="trials" data={done} fill={bidderColor(0)} isAnimationActive={false} />
            <Scatter name="Pareto front" data={front} fill={THEORY_COLOR} line={{ stroke: THEORY_COLOR, strokeWidth: 2 }} isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}

/**
 * A tuning study: progress, best trial with "run with best", exports (trials.csv, best.json), the trials
 * table, objective over trials and the revenue-vs-regret scatter with its Pareto front.
 */
export function StudyPanel({ study, config, seed, running, onAddTrials }: { study: StudySnapshot | null; config: OptimalAuctionConfig; seed: number; running: boolean; onAddTrials: (finished: number, more: number) => void }) {
  if (!study)
    return (
      <p className="lab-intro" data-testid="study.empty">
        A tuning study of {config.study} trials is set up. Press Run: {config.studyWorkers} workers ask the saved study for trials (random for the first {config.studyStartup}, then TPE) until it holds {config.study}. Studies are
        kept in this browser per prior, settings and seed: run again with more trials to add to it.
      </p>
    );
  const best = bestTrial(study);
  const done = finishedTrials(study).length;
  const runningTrials = study.trials.filter((t) => t.state === 'running').length;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const runWithBest = () => {
    const c = configWithBest(config, study);
    if (!c) return;
    loadExperiment({ lab: 'optimal-auction', config: c, seed });
    notify('info', `Applied trial #${best!.number + 1} (study off). Press Run to train with it.`);
  };
  return (
    <>
      <div className="cards" aria-label="Study figures">
        <div className="card" data-testid="study.trials">
          <div className="k">trials finished</div>
          <div className="v">{done} / {study.target}</div>
          <div className="t">{runningTrials ? `${runningTrials} running` : 'saved in this browser'}</div>
        </div>
        <div className="card" data-testid="study.best">
          <div className="k">best objective</div>
          <div className="v">{fmt(best?.objective)}</div>
          <div className="t">{best ? `trial #${best.number + 1}: revenue ${fmt(best.revenue)}, regret ${fmt(best.regret, 4)}` : 'no finished trial yet'}</div>
        </div>
      </div>
      <div className="study-actions" style={{ display: 'flex', gap: 8, flexWrap: 'wrap', margin: '10px 0' }}>
        <button onClick={() => onAddTrials(done, 20)} disabled={running} data-testid="study.add" title="Resume this saved study: raise its trial count by 20 and run">Add 20 trials</button>
        <button onClick={runWithBest} disabled={!best || running} data-testid="study.runBest">Run with best</button>
        <button onClick={() => downloadText(trialsCsv(study), `optimal-auction-trials-${stamp}.csv`, 'text/csv')} data-testid="study.csv">Export trials.csv</button>
        <button onClick={() => downloadText(JSON.stringify(bestJson(study), null, 2), `optimal-auction-best-${stamp}.json`, 'application/json')} disabled={!best} data-testid="study.json">Export best.json</button>
      </div>
      <div className="charts">
        <ObjectiveChart study={study} />
        <ParetoChart study={study} />
      </div>
      <section className="chart-card" aria-label="Trials" style={{ marginTop: 16 }}>
        <header><h3>Trials</h3></header>
        <div style={{ maxHeight: 320, overflow: 'auto' }}>
          <table className="history" data-testid="study.table">
            <thead>
              <tr>
                <th>#</th>
                <th>state</th>
                {STUDY_SPACE.map((p) => <th key={p.name}>{LABELS[p.name] ?? p.name}</th>)}
                <th>revenue</th>
                <th>regret</th>
                <th>objective</th>
              </tr>
            </thead>
            <tbody>
              {[...study.trials].sort((a, b) => a.number - b.number).map((t) => (
                <tr key={t.number} style={best && t.number === best.number ? { fontWeight: 650 } : undefined}>
                  <td className="num">{t.number + 1}{best && t.number === best.number ? ' ★' : ''}</td>
                  <td title={t.error}>{t.state}</td>
                  {STUDY_SPACE.map((p) => <td key={p.name} className="num">{p.integer ? t.params[p.name] : fmt(t.params[p.name], 4)}</td>)}
                  <td className="num">{fmt(t.revenue, 4)}</td>
                  <td className="num">{fmt(t.regret, 5)}</td>
                  <td className="num">{fmt(t.objective, 4)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
