import { useState } from 'react';
import { MAX_NAME_CHARS, type ServerMessage, type StudentView } from '../../core/session/protocol';
import { multiUnitMechanisms } from '../../core/mechanisms/multiUnitRegistry';
import { BidForm } from './BidForm';
import { ConnectionNote } from './ConnectionNote';
import { StudentResults, RoundResult } from './StudentResult';
import { dropSeatToken, loadSeatToken, roomCodeOf, saveSeatToken } from './storage';
import { useConnection, useCountdown, clockText } from './useConnection';
import { ValueChart } from './ValueChart';
import { fmt } from '../format';
import './session.css';

/** A refusal or problem to show the student, as the server (or the page) worded it. */
interface Problem {
  code: string;
  text: string;
}

/** What each phase means to a student, in a line. */
const PHASE_TEXT: Record<StudentView['phase'], string> = {
  lobby: 'You are in. Waiting for the instructor to deal the first round.',
  ready: 'Your firm for this round is dealt. Bidding opens soon.',
  open: 'Bidding is open: enter your two-tier bid. You can change it until the round closes.',
  closed: 'The round is closed. Waiting for the instructor to reveal the results.',
  revealed: 'Results are in.',
  ended: 'The session has ended. Thank you for playing.',
};

/**
 * The student's page (a phone, 390 × 844, touch): join a room by its link, optionally with a display name, get a
 * firm with a private type each round, see its marginal value curve, enter or change a two-tier bid while the round
 * is open, then see the own result against bidding truthfully. The seat token stays in the browser, so a reload (or
 * a dropped connection) gets the seat, type and current bid back.
 */
export default function StudentPage({ rawCode }: { rawCode: string }) {
  const code = roomCodeOf(rawCode);
  if (!code) {
    return (
      <main className="session student">
        <h1>Auction Lab class session</h1>
        <p role="alert" className="session-problem" data-testid="student.problem">
          This link holds no room code (a room code is 6 letters and digits, e.g. BC3DF7). Ask for the link again or scan the QR code on the projector.
        </p>
      </main>
    );
  }
  return <StudentRoom code={code} />;
}

function StudentRoom({ code }: { code: string }) {
  const [view, setView] = useState<StudentView | null>(null);
  const [token, setToken] = useState<string | null>(() => loadSeatToken(code));
  const [wantsToJoin, setWantsToJoin] = useState<{ name?: string } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [sending, setSending] = useState(false);

  const onMessage = (m: ServerMessage) => {
    switch (m.type) {
      case 'joined':
        saveSeatToken(code, m.seatToken);
        setToken(m.seatToken);
        setProblem(null);
        return;
      case 'student':
        setView(m);
        return;
      case 'bid-accepted':
        setSending(false);
        setProblem(null);
        return;
      case 'error':
        setSending(false);
        if (m.code === 'bad-seat-token') {
          dropSeatToken(code);
          setToken(null);
          setView(null);
          setWantsToJoin(null);
          setProblem({ code: m.code, text: 'Your seat in this room could not be found any more. Join again to get a new seat.' });
          return;
        }
        if (m.code === 'no-such-room') {
          setWantsToJoin(null);
          setProblem({ code: m.code, text: `No room has the code ${code}. Check the code on the projector; the session may have ended.` });
          return;
        }
        setProblem({ code: m.code, text: m.message });
        return;
      case 'host':
      case 'counts':
      case 'created':
      case 'export':
        return;
    }
  };
  const join = (name?: string) => {
    if (token) send({ type: 'join', code, seatToken: token });
    else send({ type: 'join', code, ...(name ? { name } : {}) });
  };
  const { state, send } = useConnection(onMessage, () => {
    if (token) join();
    else if (wantsToJoin) join(wantsToJoin.name);
  });
  const seated = view !== null;
  return (
    <main className="session student" data-testid="student.page" data-connection={state}>
      <header className="student-head">
        <h1>
          Room <span className="room-code" data-testid="student.code">{code}</span>
        </h1>
        {view && (
          <p className="student-who" data-testid="student.who">
            Seat {view.seat + 1}
            {view.name !== null ? (
              <>
                {' · '}
                <span data-testid="student.name">{view.name}</span>
              </>
            ) : (
              ' · anonymous'
            )}
          </p>
        )}
      </header>
      <ConnectionNote state={state} testId="student.connection" unreachable="If this stays, the server is not running: tell the instructor." />
      {problem && (
        <p role="alert" className="session-problem" data-testid="student.problem" data-code={problem.code}>
          {problem.text}
        </p>
      )}
      {!seated && !token && (
        <JoinForm
          disabled={state !== 'open' || wantsToJoin !== null}
          onJoin={(name) => {
            setWantsToJoin({ name });
            setProblem(null);
            join(name);
          }}
        />
      )}
      {!seated && token && state === 'open' && !problem && <p className="session-status">Getting your seat back…</p>}
      {view && (
        <Seat
          view={view}
          sending={sending}
          onBid={(values) => {
            setProblem(null);
            if (send({ type: 'bid', round: view.round, bid: [values[0], values[1], values[2], values[3]] })) setSending(true);
            else setProblem({ code: 'offline', text: 'Not connected to the session server right now: your bid was not sent. It will reconnect by itself; then send it again.' });
          }}
        />
      )}
    </main>
  );
}

function JoinForm({ disabled, onJoin }: { disabled: boolean; onJoin: (name?: string) => void }) {
  const [name, setName] = useState('');
  return (
    <form
      className="join-form"
      aria-label="Join the market"
      onSubmit={(e) => {
        e.preventDefault();
        onJoin(name.trim() || undefined);
      }}
    >
      <p className="session-status">You are about to join your class’s carbon-permit market: each round you run a firm and bid for permits, next to your classmates and trained firms.</p>
      <label>
        Display name <small>(optional, at most {MAX_NAME_CHARS} characters; leave empty to stay anonymous)</small>
        <input
          type="text"
          value={name}
          maxLength={MAX_NAME_CHARS}
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
          data-testid="student.name-input"
        />
      </label>
      <button type="submit" className="primary big" disabled={disabled} data-testid="student.join">
        Join the market
      </button>
    </form>
  );
}

function Seat({ view, sending, onBid }: { view: StudentView; sending: boolean; onBid: (values: string[]) => void }) {
  const left = useCountdown(view.phase === 'open' ? view : null);
  const mech = multiUnitMechanisms[view.mechanism];
  return (
    <>
      <section className="student-card" aria-label="This round" data-testid="student.phase" data-phase={view.phase} data-round={view.round}>
        <p className="student-round">
          {view.round > 0 ? `Round ${view.round}` : 'Lobby'} · <b>{mech.shortTitle}</b>
          {view.phase === 'open' && left !== null && (
            <span className="student-clock" data-testid="student.clock">
              {view.paused ? ' · paused' : ` · ${clockText(left)} left`}
            </span>
          )}
        </p>
        <p className="session-status">{view.paused && view.phase === 'open' ? 'Paused by the instructor: bids are not taken right now.' : PHASE_TEXT[view.phase]}</p>
        {view.phase !== 'lobby' && <p className="caption">{mech.rule} {view.supply} permits for sale{view.reserve > 0 ? `, reserve price ${fmt(view.reserve, 2)} per permit` : ''}.</p>}
      </section>
      {/* After the reveal the student's own result comes first, above the firm and the bid. */}
      {view.result ? (
        <RoundResult result={view.result} />
      ) : (
        view.phase === 'revealed' && (
          <section className="student-card result" aria-label="Your result" data-testid="student.result" data-round={view.round}>
            <h2>Your result, round {view.round}</h2>
            <p data-testid="student.result.line">You did not bid this round, so you sat it out: no permits, nothing paid.</p>
          </section>
        )
      )}
      {view.firm && view.truthfulBid && view.phase !== 'ended' && (
        <section className="student-card" aria-label="Your firm">
          <h2>Your firm (private)</h2>
          <p data-testid="student.firm">
            Abatement cost slope c = <b>{fmt(view.firm.c, 2)}</b> per unit², emissions e = <b>{fmt(view.firm.e, 2)}</b> units. Your q-th permit saves you c·(e − q) ={' '}
            {fmt(view.firm.c, 2)}·({fmt(view.firm.e, 2)} − q) of abatement cost.
          </p>
          <ValueChart firm={view.firm} bid={view.bid} />
        </section>
      )}
      {view.firm && view.truthfulBid && (view.phase === 'ready' || view.phase === 'open' || view.phase === 'closed') && (
        <BidForm key={`${view.round}`} view={view} firm={view.firm} truthful={view.truthfulBid} sending={sending} onBid={onBid} />
      )}
      {view.results.length > 0 && <StudentResults results={view.results} />}
    </>
  );
}
