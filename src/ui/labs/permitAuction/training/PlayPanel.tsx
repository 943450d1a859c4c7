import { useMemo, useState } from 'react';
import { parseSchedule } from '../../../../core/labs/permitAuction/fields';
import { agentBids, drawRound, playRound, policyNetworks, priorOf, type PlayResult } from '../../../../core/labs/permitAuction/play';
import type { PermitAuctionConfig } from '../../../../core/labs/permitAuction/schema';
import type { PpoPolicySnapshot } from '../../../../core/learning/ppoAgents';
import { multiUnitMechanisms } from '../../../../core/mechanisms/multiUnitRegistry';
import { truthfulTwoTier } from '../../../../core/valuations/abatement';
import { fmt } from '../../../format';
import { ClearingColumn } from '../PermitCharts';
import { MECHANISM_TITLES } from './MechanismColumn';

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
 * truthful bid would have earned against the same agent bids. Round counter and running score.
 */
export function PlayPanel({ sources }: { sources: PolicySource[] }) {
  const [sourceId, setSourceId] = useState<string>('');
  const source = sources.find((s) => s.id === sourceId) ?? sources[0];
  const [round, setRound] = useState(1);
  const [result, setResult] = useState<PlayResult | null>(null);
  const [text, setText] = useState<string[] | null>(null);
  const [issue, setIssue] = useState<string | null>(null);
  const [score, setScore] = useState({ rounds: 0, profit: 0, truthful: 0 });

  const setup = useMemo(() => {
    if (!source) return null;
    const prior = priorOf(source.config);
    const N = source.policies.agents;
    const firms = drawRound(prior, N, source.seed, round);
    const bids = agentBids(policyNetworks(source.policies), firms, prior, source.config.reserve);
    return { firms, bids, truthful: truthfulTwoTier(firms[0]) };
  }, [source, round]);

  if (!source || !setup) {
    return (
      <section className="panel" aria-label="Play against the agents" data-testid="play.panel">
        <h2>Play against the trained firms</h2>
        <p className="caption">Train firms first (press Run), or import a policy file: then bid as firm 1 against them here.</p>
      </section>
    );
  }
  const values = text ?? setup.truthful.map((x) => fmt(x, 2));
  const me = setup.firms[0];
  const submit = () => {
    const r = parseSchedule(values.map((v) => (v.trim() === '' ? NaN : Number(v))), 0);
    if (r.issue) {
      setIssue(r.issue.replace(/^firm 1/, 'your bid'));
      return;
    }
    const bid = [r.value![0][0], r.value![0][1], r.value![1][0], r.value![1][1]];
    // Quantities are typed to 2 decimals: a sum within 0.01 of e is e (the low tier is trimmed to fit).
    if (bid[1] + bid[3] > me.e + 0.01) {
      setIssue(`your bid asks for ${fmt(bid[1] + bid[3], 2)} permits; you emit only ${fmt(me.e, 2)}, so at most ${fmt(me.e, 2)}`);
      return;
    }
    bid[1] = Math.min(bid[1], me.e);
    bid[3] = Math.min(bid[3], me.e - bid[1]);
    setIssue(null);
    const res = playRound(source.config, source.mechanism, setup.firms, setup.bids, 0, bid, source.seed + round);
    setResult(res);
    setScore((s) => ({ rounds: s.rounds + 1, profit: s.profit + res.profit, truthful: s.truthful + res.truthfulProfit }));
  };
  const next = () => {
    setRound((r) => r + 1);
    setResult(null);
    setText(null);
    setIssue(null);
  };
  const diff = score.profit - score.truthful;
  return (
    <section className="panel" aria-label="Play against the agents" data-testid="play.panel">
      <h2>Play against the trained firms</h2>
      <div className="play-head">
        {sources.length > 1 && (
          <label>
            Opponents{' '}
            <select value={source.id} onChange={(e) => { setSourceId(e.target.value); next(); setScore({ rounds: 0, profit: 0, truthful: 0 }); }} data-testid="play.source">
              {sources.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <span data-testid="play.round">Round {round}</span>
        <span data-testid="play.score">
          Score after {score.rounds} {score.rounds === 1 ? 'round' : 'rounds'}: profit {fmt(score.profit, 1)} (truthful would have made {fmt(score.truthful, 1)},{' '}
          <b style={{ color: diff > 1e-9 ? 'var(--ok)' : diff < -1e-9 ? 'var(--err-line)' : undefined }}>
            {Math.abs(diff) < 0.05 ? '±0.0' : `${diff > 0 ? '+' : '−'}${fmt(Math.abs(diff), 1)}`}
          </b>
          )
        </span>
      </div>
      <p className="lab-intro" style={{ marginTop: 4 }}>
        {MECHANISM_TITLES[source.mechanism]}: {multiUnitMechanisms[source.mechanism].rule} You are <b>firm 1</b> this round: abatement cost slope c ={' '}
        {fmt(me.c, 2)}, emissions e = {fmt(me.e, 2)}, so your q-th permit is worth {fmt(me.c, 2)}·({fmt(me.e, 2)} − q). Truthful two-tier bid: [
        {setup.truthful.map((x) => fmt(x, 2)).join(', ')}]. {setup.firms.length - 1} trained firms bid for the others; supply {source.config.supply} permits.
      </p>
      <form
        className="play-bid"
        onSubmit={(e) => {
          e.preventDefault();
          if (!result) submit();
        }}
      >
        {FIELDS.map((f, i) => (
          <label key={f}>
            {f} <small>({UNITS[i]})</small>
            <input
              type="text"
              inputMode="decimal"
              value={values[i]}
              disabled={!!result}
              aria-label={`your ${f} (${UNITS[i]})`}
              data-testid={`play.${f}`}
              onChange={(e) => setText(values.map((v, j) => (j === i ? e.target.value : v)))}
            />
          </label>
        ))}
        {!result ? (
          <button className="primary" type="submit" data-testid="play.submit">
            Submit bid
          </button>
        ) : (
          <button className="primary" type="button" onClick={next} data-testid="play.next">
            Next round
          </button>
        )}
        <button type="button" disabled={!!result} onClick={() => setText(setup.truthful.map((x) => fmt(x, 2)))}>
          Fill truthful
        </button>
      </form>
      {issue && (
        <p role="alert" data-testid="play.issue" style={{ color: 'var(--err-line)' }}>
          {issue}
        </p>
      )}
      {result && (
        <div data-testid="play.result">
          <p className="lab-intro">
            You won <b>{fmt(result.outcome.allocation[0], 2)}</b> permits, paid <b>{fmt(result.outcome.payments[0], 2)}</b>: profit{' '}
            <b data-testid="play.profit">{fmt(result.profit, 2)}</b>. Bidding truthfully against the same bids would have made {fmt(result.truthfulProfit, 2)}.
          </p>
          <div className="charts" style={{ gridTemplateColumns: 'minmax(320px, 640px)' }}>
            <ClearingColumn
              id={source.mechanism}
              rule={multiUnitMechanisms[source.mechanism].rule}
              outcome={result.outcome}
              truthful={result.truthfulOutcome}
              schedules={result.schedules}
              supply={source.config.supply}
              firms={setup.firms}
              priceRule={source.config.priceRule}
              compareLabel="vs your truthful bid"
            />
          </div>
        </div>
      )}
    </section>
  );
}
