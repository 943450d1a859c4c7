import { useEffect, useRef, useState } from 'react';
import { POLICY_FILE_MAX_CHARS } from '../../core/labs/permitAuction/policyFile';
import type { PermitAuctionConfig } from '../../core/labs/permitAuction/schema';
import type { PpoPolicySnapshot } from '../../core/learning/ppoAgents';
import { multiUnitMechanisms } from '../../core/mechanisms/multiUnitRegistry';
import { MAX_SEATS, MAX_TIMER_SECONDS, type ServerMessage } from '../../core/session/protocol';
import { FileButton } from '../controls/FileButton';
import { readPolicyFileText } from '../labs/permitAuction/training/policyImport';
import { classSupply, policyUpload, roomSettingsOf } from './launchSettings';
import { hostLink } from './route';
import { saveHostHold, heldRoomCode } from './storage';
import { useConnection } from './useConnection';
import { fmt } from '../format';
import './launcher.css';

/** Trained firms the session can seat: from a run of this page, or a saved policy file. */
export interface SessionPolicySource {
  id: string;
  label: string;
  policies: PpoPolicySnapshot;
}

/** Where creating the room stands. */
type Step = { kind: 'form' } | { kind: 'creating' } | { kind: 'uploading'; code: string } | { kind: 'unreachable' } | { kind: 'refused'; text: string };

/**
 * "Start a class session" in the permit-auction lab: a room on the session server with the lab's current settings
 * (mechanism, price rule, reserve, the firms' type distribution; supply scaled to the seats at the lab's scarcity), a number of seats of
 * which some are trained PPO firms (policies of this page's runs or of a saved policy file, uploaded to the server),
 * and a round timer. Once the server has acknowledged the room (and the policies), the page goes to the room's
 * projector view. When no session server answers (the static app), it says how to start one.
 */
export function SessionLauncher({ config, seed, sources }: { config: PermitAuctionConfig; seed: number; sources: readonly SessionPolicySource[] }) {
  const [opened, setOpened] = useState(false);
  const held = heldRoomCode();
  if (!opened) {
    return (
      <div className="run-controls session-launch">
        <button className="primary" onClick={() => setOpened(true)} data-testid="session.start">
          Start a class session…
        </button>
        {held && (
          <a className="button-like" href={hostLink(held)} data-testid="session.return">
            Back to class session {held}
          </a>
        )}
      </div>
    );
  }
  return <LaunchForm config={config} seed={seed} sources={sources} onCancel={() => setOpened(false)} />;
}

function LaunchForm({ config, seed, sources, onCancel }: { config: PermitAuctionConfig; seed: number; sources: readonly SessionPolicySource[]; onCancel: () => void }) {
  const [seats, setSeats] = useState('30');
  const [ppo, setPpo] = useState(sources.length ? '4' : '0');
  const [timer, setTimer] = useState('60');
  const [supplyText, setSupplyText] = useState<string | null>(null);
  const [fileSources, setFileSources] = useState<SessionPolicySource[]>([]);
  const all = [...sources, ...fileSources];
  const [sourceId, setSourceId] = useState<string>('');
  const source = all.find((s) => s.id === sourceId) ?? all[0];
  const [issue, setIssue] = useState<string | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const seatCount = Number(seats);
  const supply = supplyText ?? String(Number.isInteger(seatCount) && seatCount >= 2 ? classSupply(config, seatCount) : config.supply);
  const ppoCount = Number(ppo);
  const pending = useRef<{ code: string; secret: string; upload: boolean } | null>(null);

  const onMessage = (m: ServerMessage) => {
    if (m.type === 'created') {
      saveHostHold({ code: m.code, secret: m.secret, labConfig: config, labSeed: seed });
      const upload = ppoCount > 0 && source ? policyUpload(source.policies) : null;
      pending.current = { code: m.code, secret: m.secret, upload: !!upload && 'policies' in upload };
      if (upload && 'policies' in upload) {
        setStep({ kind: 'uploading', code: m.code });
        send({ type: 'host', code: m.code, secret: m.secret, command: { kind: 'upload-policies', policies: upload.policies } });
      }
      return;
    }
    if (m.type === 'host' && pending.current && m.code === pending.current.code) {
      // The room is acknowledged (and, when uploaded, so are the policies): go to its projector view.
      if (!pending.current.upload || m.policiesLoaded) location.assign(hostLink(m.code));
      return;
    }
    if (m.type === 'error') setStep({ kind: 'refused', text: m.message });
  };
  const [connect, setConnect] = useState(false);
  const { state, send } = useConnection(
    onMessage,
    () => {
      const r = build();
      if ('settings' in r) send({ type: 'create', settings: r.settings });
    },
    { enabled: connect, retryWhenUnreachable: false },
  );
  const build = () => roomSettingsOf(config, { seats: seatCount, ppoSeats: ppoCount, timerSeconds: Number(timer), supply: Number(supply) });
  useEffect(() => {
    if (connect && state === 'unreachable') {
      setStep({ kind: 'unreachable' });
      setConnect(false);
    }
  }, [connect, state]);
  const create = () => {
    const r = build();
    if ('issue' in r) return setIssue(r.issue);
    if (ppoCount > 0 && !source) return setIssue('trained firms: train firms on this page (Run in train mode) or load a saved policy file first, or seat 0 trained firms');
    if (ppoCount > 0 && source) {
      const u = policyUpload(source.policies);
      if ('issue' in u) return setIssue(`trained firms: ${u.issue}`);
    }
    setIssue(null);
    setStep({ kind: 'creating' });
    if (connect && state === 'open') send({ type: 'create', settings: r.settings });
    else setConnect(true);
  };
  const loadFile = async (f: File) => {
    if (f.size > POLICY_FILE_MAX_CHARS) return setIssue(`${f.name} is too large for a policy file`);
    let text: string;
    try {
      text = await f.text();
    } catch {
      return setIssue(`${f.name} could not be read`);
    }
    const r = readPolicyFileText(text);
    if (!r.ok) return setIssue(`${f.name}: ${r.reason}`);
    const id = `file-${fileSources.length + 1}`;
    setFileSources((xs) => [...xs, { id, label: `${multiUnitMechanisms[r.file.mechanism].shortTitle} firms (${f.name})`, policies: r.file.policies }]);
    setSourceId(id);
    setIssue(null);
  };
  const busy = step.kind === 'creating' || step.kind === 'uploading';
  return (
    <section className="panel session-launch" aria-label="Start a class session" data-testid="session.launcher">
      <h2>Start a class session</h2>
      <p className="lab-intro">
        Students join from their phones with a room code and bid as firms, next to trained PPO firms, in one market. The room uses this lab’s settings:{' '}
        <b>{multiUnitMechanisms[config.mechanism].shortTitle}</b>
        {config.mechanism === 'uniform' ? ` (${config.priceRule === 'last-accepted' ? 'last accepted bid' : 'first rejected bid'})` : ''}, reserve {fmt(config.reserve, 2)} per permit, cost slope c ~ U[
        {config.costMin}, {config.costMax}] per unit², emissions e ~ U[{config.emissionsMin}, {config.emissionsMax}] units. You can switch the mechanism between rounds.
      </p>
      <div className="session-launch-fields">
        <label>
          Seats <small>(students + trained firms, 2–{MAX_SEATS})</small>
          <input type="number" min={2} max={MAX_SEATS} step={1} value={seats} onChange={(e) => setSeats(e.target.value)} data-testid="session.seats" />
        </label>
        <label>
          Trained PPO firms <small>(seats they fill)</small>
          <input type="number" min={0} step={1} value={ppo} onChange={(e) => setPpo(e.target.value)} data-testid="session.ppo-seats" />
        </label>
        <label>
          Supply <small>(permits per round; the lab sells {config.supply} for emissions {fmt(config.firms.reduce((s, f) => s + f.e, 0), 0)})</small>
          <input type="number" min={0.1} step="any" value={supply} onChange={(e) => setSupplyText(e.target.value)} data-testid="session.supply" />
        </label>
        <label>
          Round timer <small>(seconds; 0 = you close each round, at most {MAX_TIMER_SECONDS})</small>
          <input type="number" min={0} max={MAX_TIMER_SECONDS} step={1} value={timer} onChange={(e) => setTimer(e.target.value)} data-testid="session.timer" />
        </label>
        <label>
          Trained firms from
          {all.length ? (
            <select value={source?.id ?? ''} onChange={(e) => setSourceId(e.target.value)} data-testid="session.policy-source">
              {all.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          ) : (
            <small>none yet: train firms on this page, or load a saved policy file</small>
          )}
        </label>
        <div>
          <FileButton testId="session.policy-file" onFile={(f) => void loadFile(f)}>
            Load a saved policy file…
          </FileButton>
        </div>
      </div>
      {issue && (
        <p role="alert" className="session-problem" data-testid="session.issue">
          {issue}
        </p>
      )}
      {step.kind === 'unreachable' && (
        <p role="alert" className="session-problem" data-testid="session.unreachable">
          No class session server answers at {location.host}: this is the app without its server. Start the server with <code>npm start</code> in the project folder and open the
          address it prints (on the same network, students join at that address too).
        </p>
      )}
      {step.kind === 'refused' && (
        <p role="alert" className="session-problem" data-testid="session.refused">
          The server refused: {step.text}
        </p>
      )}
      <div className="run-controls">
        <button className="primary" onClick={create} disabled={busy} data-testid="session.create">
          {step.kind === 'creating' ? 'Creating the room…' : step.kind === 'uploading' ? 'Uploading the trained firms…' : 'Create the room'}
        </button>
        <button onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </section>
  );
}
