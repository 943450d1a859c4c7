import { useEffect, useRef, useState } from 'react';
import { multiUnitMechanismIds, multiUnitMechanisms } from '../../core/mechanisms/multiUnitRegistry';
import type { MultiUnitMechanismId } from '../../core/mechanisms/multiUnit';
import type { HostCommand, HostView, ServerMessage, SessionExport } from '../../core/session/protocol';
import { keepSessionInHistory, sessionRunRecord, sessionRunsJson } from '../../state/sessionHistory';
import { downloadText } from '../charts/exportChart';
import { ConnectionNote } from './ConnectionNote';
import { DriHistoryChart, RevealPanel } from './RevealPanel';
import { QrCode } from './QrCode';
import { joinLink } from './route';
import { dropHostHold, loadHostHold, roomCodeOf, type HostHold } from './storage';
import { clockText, useConnection, useCountdown } from './useConnection';
import './session.css';

const PHASE_TEXT: Record<HostView['phase'], string> = {
  lobby: 'Lobby: students are joining',
  ready: 'Types dealt: bidding not open yet',
  open: 'Bidding open',
  closed: 'Round closed: ready to reveal',
  revealed: 'Results revealed',
  ended: 'Session ended',
};

/**
 * The instructor's projector page of a room (`?host=CODE`): room code, QR code and join link; live counts of
 * students joined and bids in; the round controls; after each reveal the anonymous aggregate bids against supply
 * and true demand with the round's figures; over rounds, the class's demand reduction per mechanism; at the end
 * the session export (CSV and JSON) and a record in the run history. The host secret stays in this browser
 * (`storage.ts`), so a reload takes the room back.
 */
export default function HostPage({ rawCode }: { rawCode: string }) {
  const code = roomCodeOf(rawCode);
  const hold = code ? loadHostHold(code) : null;
  useEffect(() => {
    document.body.classList.add('session-projector');
    return () => document.body.classList.remove('session-projector');
  }, []);
  if (!code || !hold) {
    return (
      <main className="session host">
        <h1>Auction Lab class session</h1>
        <p role="alert" className="session-problem" data-testid="host.problem">
          {code
            ? `This browser does not hold room ${code}: the instructor’s key to a room stays in the browser that created it.`
            : 'This link holds no room code (6 letters and digits).'}{' '}
          To run a class, open the permit-auction lab and press “Start a class session”.
        </p>
        <p>
          <a href="./">Open the lab</a>
        </p>
      </main>
    );
  }
  return <HostRoom hold={hold} />;
}

function HostRoom({ hold }: { hold: HostHold }) {
  const { code, secret } = hold;
  const [view, setView] = useState<HostView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [gone, setGone] = useState<string | null>(null);
  const [exported, setExported] = useState<{ session: SessionExport; csv: string } | null>(null);
  const [kept, setKept] = useState<string | null>(null);
  const [switchTo, setSwitchTo] = useState<MultiUnitMechanismId | null>(null);
  const asked = useRef(false);

  const onMessage = (m: ServerMessage) => {
    switch (m.type) {
      case 'host':
        setView(m);
        setProblem(null);
        return;
      case 'counts':
        setView((v) => (v && v.round === m.round ? { ...v, joined: m.joined, connected: m.connected, bidsIn: m.bidsIn } : v));
        return;
      case 'export': {
        setExported({ session: m.session, csv: m.csv });
        const record = sessionRunRecord(m.session, hold.labConfig, hold.labSeed);
        void keepSessionInHistory(record).then((r) =>
          setKept(r.ok ? `Kept in the run history of the permit-auction lab as “${record.label}”.` : `Could not keep it in the run history: ${r.reason}`),
        );
        return;
      }
      case 'error':
        if (m.code === 'not-host' || m.code === 'no-such-room') {
          dropHostHold(code);
          setGone(m.code === 'no-such-room' ? `The session server has no room ${code} any more.` : `The server did not accept this browser’s key to room ${code}.`);
          return;
        }
        setProblem(m.message);
        return;
      case 'created':
      case 'joined':
      case 'student':
      case 'bid-accepted':
        return;
    }
  };
  const { state, send } = useConnection(onMessage, () => send({ type: 'host-resume', code, secret }));
  const command = (c: HostCommand) => {
    setProblem(null);
    if (!send({ type: 'host', code, secret, command: c })) setProblem('Not connected to the session server: the command was not sent. It reconnects by itself; then press it again.');
  };
  // At the end, ask once for the export (it is kept in the run history when it arrives).
  useEffect(() => {
    if (view?.phase === 'ended' && !asked.current && state === 'open') {
      asked.current = true;
      send({ type: 'host', code, secret, command: { kind: 'export' } });
    }
  }, [view?.phase, state, send, code, secret]);

  const left = useCountdown(view?.phase === 'open' ? view : null);
  if (gone) {
    return (
      <main className="session host">
        <h1>Room {code}</h1>
        <p role="alert" className="session-problem" data-testid="host.problem">
          {gone} Start a new session from the permit-auction lab.
        </p>
        <p>
          <a href="./">Open the lab</a>
        </p>
      </main>
    );
  }
  const link = joinLink(code);
  const phase = view?.phase ?? 'lobby';
  const students = view ? view.settings.seats - view.settings.ppoSeats : 0;
  const canSwitch = phase === 'lobby' || phase === 'ready' || phase === 'revealed';
  const target = switchTo ?? multiUnitMechanismIds.find((m) => m !== view?.mechanism) ?? 'vcg';
  const big = phase === 'lobby';
  return (
    <main className="session host" data-testid="host.page" data-connection={state}>
      <header className={`host-head ${big ? 'big' : ''}`}>
        <div className="host-join">
          <p className="host-label">Join at</p>
          <p className="host-link" data-testid="host.link">
            {/* A long address breaks before its query, not inside it. */}
            {link.slice(0, link.indexOf('?'))}
            <wbr />
            {link.slice(link.indexOf('?'))}
          </p>
          <p className="host-label">Room code</p>
          <h1 className="room-code host-code">
            <span className="visually-hidden">Class session, room </span>
            <span data-testid="host.code">{code}</span>
          </h1>
        </div>
        <QrCode text={link} size={big ? 300 : 116} label={`QR code of the join link for room ${code}`} />
        <div className="host-counts" aria-live="polite">
          <p data-testid="host.phase" data-phase={phase} data-round={view?.round ?? 0}>
            {view ? (view.round > 0 ? `Round ${view.round} · ` : '') : ''}
            <b>{view ? multiUnitMechanisms[view.mechanism].shortTitle : '…'}</b>
            <br />
            {view ? (view.paused && phase === 'open' ? 'Paused' : PHASE_TEXT[phase]) : 'Connecting…'}
            {phase === 'open' && left !== null && (
              <span className="host-clock" data-testid="host.clock">
                {' '}
                · {clockText(left)}
              </span>
            )}
          </p>
          <p className="host-count">
            <span data-testid="host.joined" data-value={view?.joined ?? 0}>
              <b>{view?.joined ?? 0}</b> / {students} joined
            </span>
            <span data-testid="host.bids" data-value={view?.bidsIn ?? 0}>
              <b>{view?.bidsIn ?? 0}</b> bids in
            </span>
          </p>
          {view && (
            <p className="host-sub">
              {view.connected} connected · {view.settings.ppoSeats} trained firms{view.settings.ppoSeats > 0 && !view.policiesLoaded ? ' (no policies loaded: they sit out)' : ''} ·{' '}
              {view.settings.supply} permits per round
            </p>
          )}
        </div>
      </header>
      <ConnectionNote state={state} testId="host.connection" unreachable="If this stays, start the server with npm start in the project folder (the room log brings the room back)." />
      {problem && (
        <p role="alert" className="session-problem" data-testid="host.issue">
          {problem}
        </p>
      )}
      {view && phase !== 'ended' && (
        <nav className="host-controls" aria-label="Round controls">
          <button className="primary" disabled={!(phase === 'lobby' || phase === 'ready' || phase === 'revealed')} onClick={() => command({ kind: 'open' })} data-testid="host.open">
            Open round
          </button>
          <button disabled={phase !== 'open'} onClick={() => command({ kind: 'close' })} data-testid="host.close">
            Close now
          </button>
          <button className={phase === 'closed' ? 'primary' : ''} disabled={phase !== 'closed'} onClick={() => command({ kind: 'reveal' })} data-testid="host.reveal">
            Reveal
          </button>
          <button disabled={!(phase === 'lobby' || phase === 'revealed')} onClick={() => command({ kind: 'next' })} data-testid="host.next" title="Deal the next round's types (bidding opens with Open round)">
            Next round
          </button>
          <span className="host-switch">
            <select value={target} onChange={(e) => setSwitchTo(multiUnitMechanismIds.find((m) => m === e.target.value) ?? null)} aria-label="mechanism to switch to" data-testid="host.switch.mechanism">
              {multiUnitMechanismIds.map((m) => (
                <option key={m} value={m}>
                  {multiUnitMechanisms[m].shortTitle}
                </option>
              ))}
            </select>
            <button disabled={!canSwitch || target === view.mechanism} onClick={() => command({ kind: 'switch', mechanism: target })} data-testid="host.switch" title="The next round replays the same types under this rule">
              Switch (same types)
            </button>
          </span>
          <button disabled={phase !== 'open'} onClick={() => command({ kind: view.paused ? 'resume' : 'pause' })} data-testid="host.pause">
            {view.paused ? 'Resume' : 'Pause'}
          </button>
          <button className="danger" onClick={() => command({ kind: 'end' })} data-testid="host.end">
            End session
          </button>
        </nav>
      )}
      {view?.lastReveal && (phase === 'revealed' || phase === 'ended' || phase === 'ready' || phase === 'open' || phase === 'closed') && (
        <RevealPanel reveal={view.lastReveal} priceRule={view.settings.priceRule} current={phase === 'revealed' || phase === 'ended'} />
      )}
      {view && view.history.length > 0 && <DriHistoryChart history={view.history} />}
      {view && view.roster.length > 0 && (
        <details className="host-roster" open>
          <summary>Students ({view.roster.length})</summary>
          <ul data-testid="host.roster">
            {view.roster.map((r) => (
              <li key={r.seat} className={r.connected ? '' : 'away'}>
                <span data-testid="host.roster.name">{r.name ?? `seat ${r.seat + 1}`}</span>
                {r.hasBid ? ' ✓' : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
      {phase === 'ended' && (
        <section className="panel" aria-label="Export" data-testid="host.export">
          <h2>Session export</h2>
          {exported ? (
            <>
              <p data-testid="host.kept">{kept ?? 'Keeping it in the run history…'}</p>
              <div className="run-controls">
                <button onClick={() => downloadText(exported.csv, `auction-lab-session-${code}.csv`, 'text/csv')} data-testid="host.export.csv">
                  Download CSV
                </button>
                <button
                  onClick={() => downloadText(sessionRunsJson(sessionRunRecord(exported.session, hold.labConfig, hold.labSeed)), `auction-lab-session-${code}.json`, 'application/json')}
                  data-testid="host.export.json"
                >
                  Download JSON
                </button>
                <a className="button-like" href="./">
                  Back to the lab
                </a>
              </div>
            </>
          ) : (
            <p>Asking the server for the session…</p>
          )}
        </section>
      )}
    </main>
  );
}
