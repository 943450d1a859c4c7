import { useMemo, useState, type ReactNode } from 'react';
import { nextRound, parseBid, playTable, scoreOf, startPlay, submitBid, type PlaySession } from '../../../../core/labs/permitAuction/play';
import type { PermitAuctionConfig } from '../../../../core/labs/permitAuction/schema';
import type { PpoPolicySnapshot } from '../../../../core/learning/ppoAgents';
import { multiUnitMechanisms } from '../../../../core/mechanisms/multiUnitRegistry';
import { fmt } from '../../../format';
import { ClearingColumn } from '../PermitCharts';

/** Trained policies the user can play against: from a run of this page, or an imported file. */
export interface PolicySource {
  id: string;
  label: string;
  mechanism: 'uniform' | 'discriminatory' | 'vcg';
  config: PermitAuctionConfig;
  seed: number;
  policies: PpoPolicySnapshot;
}

const FIELDS = ['pH', 'qH', 'pL', 'qL'] as const;
const UNITS = ['per permit', 'permits', 'per permit', 'permits'];

/**
 * Play against the agents: you are firm 1; each round draws every firm's type, the trained agents bid for the
 * others (their mean bids), and you enter a two-tier bid. The clearing view shows the outcome next to what your
 * truthful bid would have earned against the same agent bids. Round counter and running score. The round flow is
 * core's `PlaySession` (awaiting-bid → settled → next round); choosing other opponents starts a new session.
 */
export function PlayPanel({ sources }: { sources: PolicySource[] }) {
  const [sourceId, setSourceId] = useState<string>('');
  const source = sources.find((s) => s.id === sourceId) ?? sources[0];
  if (!source) {
    return (
      <section className="panel" aria-label="Play against the agents" data-testid="play.panel">
        <h2>Play against the trained firms</h2>
        <p className="caption">Train firms first (press Run), or import a policy file: then bid as firm 1 against them here.</p>
      </section>
    );
  }
  const picker =
    sources.length > 1 ? (
      <label>
        Opponents{' '}
        <select value={source.id} onChange={(e) => setSourceId(e.target.value)} data-testid="play.source">
          {sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
    ) : null;
  return <PlayBoard key={source.id} source={source} picker={picker} />;
}

function PlayBoard({ source, picker }: { source: PolicySource; picker: ReactNode }) {
  const table = useMemo(() => playTable(source.config, source.mechanism, source.seed, source.policies), [source]);
  const [session, setSession] = useState<PlaySession>(() => startPlay(table));
  const [text, setText] = useState<string[] | null>(null);
  const [issue, setIssue] = useState<string | null>(null);

  const { deal } = session;
  const settled = session.state === 'settled' ? session.result : null;
  const score = scoreOf(session.results);
  const values = text ?? deal.truthful.map((x) => fmt(x, 2));
  const me = deal.firms[0];
  const submit = () => {
    if (session.state !== 'awaiting-bid') return;
    const parsed = parseBid(values, me);
    if (parsed.issue !== undefined) {
      setIssue(parsed.issue);
      return;
    }
    setIssue(null);
    setSession(submitBid(table, session, parsed.bid));
  };
  const next = () => {
    setSession(nextRound(table, session));
    setText(null);
    setIssue(null);
  };
  const diff = score.gain;
  return (
    <section className="panel" aria-label="Play against the agents" data-testid="play.panel">
      <h2>Play against the trained firms</h2>
      <div className="play-head">
        {picker}
        <span data-testid="play.round">Round {deal.round}</span>
        <span data-testid="play.state" data-state={session.state}>
          {settled ? 'Settled' : 'Your bid'}
        </span>
        <span data-testid="play.score" data-rounds={score.rounds}>
          Score after {score.rounds} {score.rounds === 1 ? 'round' : 'rounds'}: profit {fmt(score.profit, 1)} (truthful would have made {fmt(score.truthful, 1)},{' '}
          <b style={{ color: diff > 1e-9 ? 'var(--ok)' : diff < -1e-9 ? 'var(--err-line)' : undefined }}>
            {Math.abs(diff) < 0.05 ? '±0.0' : `${diff > 0 ? '+' : '−'}${fmt(Math.abs(diff), 1)}`}
          </b>
          )
        </span>
      </div>
      <p className="lab-intro" style={{ marginTop: 4 }}>
        {multiUnitMechanisms[source.mechanism].shortTitle}: {multiUnitMechanisms[source.mechanism].rule} You are <b>firm 1</b> this round: abatement cost slope c ={' '}
        {fmt(me.c, 2)}, emissions e = {fmt(me.e, 2)}, so your q-th permit is worth {fmt(me.c, 2)}·({fmt(me.e, 2)} − q). Truthful two-tier bid: [
        {deal.truthful.map((x) => fmt(x, 2)).join(', ')}]. {deal.firms.length - 1} trained firms bid for the others; supply {source.config.supply} permits.
      </p>
      <form
        className="play-bid"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {FIELDS.map((f, i) => (
          <label key={f}>
            {f} <small>({UNITS[i]})</small>
            <input
              type="text"
              inputMode="decimal"
              value={values[i]}
              disabled={!!settled}
              aria-label={`your ${f} (${UNITS[i]})`}
              data-testid={`play.${f}`}
              onChange={(e) => setText(values.map((v, j) => (j === i ? e.target.value : v)))}
            />
          </label>
        ))}
        {/* Distinct keys, and Next cancels its click: the button under the pointer never turns into the submit
            button of the next round within the same click (which would settle that round with the pre-filled bid). */}
        {!settled ? (
          <button key="submit" className="primary" type="submit" data-testid="play.submit">
            Submit bid
          </button>
        ) : (
          <button
            key="next"
            className="primary"
            type="button"
            data-testid="play.next"
            onClick={(e) => {
              e.preventDefault();
              next();
            }}
          >
            Next round
          </button>
        )}
        <button type="button" disabled={!!settled} onClick={() => setText(deal.truthful.map((x) => fmt(x, 2)))}>
          Fill truthful
        </button>
      </form>
      {issue && (
        <p role="alert" data-testid="play.issue" style={{ color: 'var(--err-line)' }}>
          {issue}
        </p>
      )}
      {settled && (
        <div data-testid="play.result">
          <p className="lab-intro">
            You won <b>{fmt(settled.outcome.allocation[0], 2)}</b> permits, paid <b>{fmt(settled.outcome.payments[0], 2)}</b>: profit{' '}
            <b data-testid="play.profit">{fmt(settled.profit, 2)}</b>. Bidding truthfully against the same bids would have made {fmt(settled.truthfulProfit, 2)}.
          </p>
          <div className="charts" style={{ gridTemplateColumns: 'minmax(320px, 640px)' }}>
            <ClearingColumn
              id={source.mechanism}
              rule={multiUnitMechanisms[source.mechanism].rule}
              outcome={settled.outcome}
              truthful={settled.truthfulOutcome}
              schedules={settled.schedules}
              supply={source.config.supply}
              firms={deal.firms}
              priceRule={source.config.priceRule}
              compareLabel="vs your truthful bid"
            />
          </div>
        </div>
      )}
    </section>
  );
}
