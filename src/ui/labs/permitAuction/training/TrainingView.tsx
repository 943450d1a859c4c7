import { COMPARED_MECHANISMS } from '../../../../core/labs/permitAuction/definition';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { FIRMS_MAX, FIRMS_MIN, firmsOfCount } from '../../../../core/labs/permitAuction/fields';
import { POLICY_FILE_MAX_CHARS, policyFileText, type PolicyFile } from '../../../../core/labs/permitAuction/policyFile';
import type { PermitAuctionConfig } from '../../../../core/labs/permitAuction/schema';
import { loadExperiment, notify, setField, useLabStore } from '../../../../state/store';
import { downloadText } from '../../../charts/exportChart';
import { fmt } from '../../../format';
import { sharedDomain } from './curves';
import { multiUnitMechanisms } from '../../../../core/mechanisms/multiUnitRegistry';
import { MechanismColumn, type ColumnDomains } from './MechanismColumn';
import { PlayPanel, type PolicySource } from './PlayPanel';
import { readPolicyFileText } from './policyImport';
import { SummaryTable } from './SummaryTable';
import { SweepView } from './SweepView';
import { useTrainingData, type TrainingRun } from './useTrainingData';
import { SessionLauncher } from '../../../session/SessionLauncher';
import { FileButton } from '../../../controls/FileButton';
import { selectSeed } from '../../../../state/selectors';
import { Explainer } from '../../../Explainer';

/** The reward scale of `train.ts`: mean c × mean e² / 2 (currency), a typical firm's surplus from its permits. */
function rewardScale(c: PermitAuctionConfig): number {
  const cm = (c.costMin + c.costMax) / 2;
  const em = (c.emissionsMin + c.emissionsMax) / 2;
  return cm * em * em > 0 ? (cm * em * em) / 2 : 1;
}

/**
 * How often the columns redraw while training (ms). Twelve charts at the store's 2 updates/s would keep a 2-core
 * machine's main thread busy while three workers train beside it; once a second reads as live and leaves it idle.
 */
const CHART_REFRESH_MS = 1000;

/** `value`, updated at most every `ms` (the latest value always lands, at the latest `ms` after it changed). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (value === shown) return;
    const wait = Math.max(0, last.current + ms - performance.now());
    const t = setTimeout(() => {
      last.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(t);
  }, [value, shown, ms]);
  return shown;
}

/** Shared y ranges of the columns (efficiency never above 1). */
function domainsOf(runs: TrainingRun[]): ColumnDomains {
  const rows = runs.map((r) => r.rows);
  const truth = (k: 'dri' | 'revenue' | 'clearingPrice' | 'efficiency') => runs.flatMap((r) => (r.truthful ? [r.truthful[k]] : []));
  const eff = sharedDomain(rows, ['efficiency'], truth('efficiency'));
  return {
    dri: sharedDomain(rows, ['dri'], truth('dri')),
    revenue: sharedDomain(rows, ['revenue'], truth('revenue')),
    price: sharedDomain(rows, ['clearingPrice'], truth('clearingPrice')),
    efficiency: eff ? [eff[0], Math.min(1, eff[1])] : undefined,
  };
}

/** Number of firms N (train mode): the config's `firms` as a count. */
function FirmCount({ n }: { n: number }) {
  return (
    <label className="field-inline">
      Firms N{' '}
      <input
        type="number"
        min={FIRMS_MIN}
        max={FIRMS_MAX}
        step={1}
        value={n}
        data-testid="ppo.firms"
        aria-label="number of firms"
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isInteger(v) && v >= FIRMS_MIN && v <= FIRMS_MAX) setField('firms', firmsOfCount(v));
        }}
      />
    </label>
  );
}

/**
 * Train mode of the permit-auction lab: independent PPO firms learn to bid; one live column per mechanism (a
 * comparison trains all three at once on identical draws), the summary table, the N sweep, policy export/import
 * and play against the trained firms.
 */
export default function TrainingView() {
  const data = useDeferredValue(useThrottled(useTrainingData(), CHART_REFRESH_MS));
  const { runs, config, sweep } = data;
  const [imported, setImported] = useState<{ file: PolicyFile; messages: string[] }[]>([]);
  const domains = useMemo(() => domainsOf(runs), [runs]);
  const sources: PolicySource[] = useMemo(() => {
    const own = sweep
      ? []
      : runs.filter((r) => r.policies && r.record.status === 'done').map((r) => ({
          id: r.record.id,
          label: `${multiUnitMechanisms[r.mechanism].shortTitle} firms (this page)`,
          mechanism: r.mechanism,
          config: r.config,
          seed: r.record.seed,
          policies: r.policies!,
        }));
    const files = imported.map(({ file }, i) => ({
      id: `file-${i}`,
      label: `${multiUnitMechanisms[file.mechanism].shortTitle} firms (imported file ${i + 1})`,
      mechanism: file.mechanism,
      config: file.config,
      seed: file.seed,
      policies: file.policies,
    }));
    return [...own, ...files];
  }, [runs, imported, sweep]);

  const exportPolicies = (r: TrainingRun) => {
    const text = policyFileText({ mechanism: r.mechanism, config: r.config, seed: r.record.seed, policies: r.policies! });
    downloadText(text, `auction-lab-policies-${r.mechanism}-N${r.config.firms.length}-seed${r.record.seed}.json`, 'application/json');
  };
  // Everything shown of a file is a validated, typed value of `readPolicyFileText`'s result (or its reason).
  const importPolicies = async (f: File) => {
    if (f.size > POLICY_FILE_MAX_CHARS) {
      notify('error', `${f.name}: ${(f.size / 1e6).toFixed(1)} MB is too large for a policy file (at most ${POLICY_FILE_MAX_CHARS / 1e6} MB); nothing was imported`);
      return;
    }
    let text: string;
    try {
      text = await f.text();
    } catch {
      notify('error', `${f.name}: could not be read; nothing was imported`);
      return;
    }
    const r = readPolicyFileText(text);
    if (!r.ok) {
      notify('error', `${f.name}: ${r.reason}; nothing was imported`);
      return;
    }
    setImported((xs) => [...xs, { file: r.file, messages: r.messages }]);
    const head = `Imported ${r.file.policies.agents} ${multiUnitMechanisms[r.file.mechanism].shortTitle} firms from ${f.name}: play against them below, or load their settings.`;
    if (r.messages.length) notify('warn', `${head} The file had problems; fixed what could be fixed. ${r.messages.join(' · ')}`);
    else notify('info', head);
  };
  const loadImported = ({ file, messages }: { file: PolicyFile; messages: string[] }, i: number) => {
    loadExperiment({ lab: 'permit-auction', config: file.config, seed: file.seed });
    if (messages.length) notify('warn', `Settings of imported file ${i + 1} loaded; the file had problems, fixed as it was imported. ${messages.join(' · ')}`);
  };
  const seed = useLabStore(selectSeed);
  const runnable = runs.filter((r) => r.policies);
  const n = config.firms.length;
  return (
    <>
      <Explainer hideInPresenter>
        Each firm is an independent learner (PPO): every auction it draws its own abatement cost c ~ U[{config.costMin}, {config.costMax}] and emissions e ~ U[
        {config.emissionsMin}, {config.emissionsMax}]{config.bigFirm !== 1 ? ` (firm 1: ×${config.bigFirm})` : ''}, sees only its own type, bids two tiers [pH, qH, pL,
        qL] and learns from its profit alone (rewards divided by c̄·ē²/2 ={' '}
        {fmt(rewardScale(config), 2)}, a typical firm’s surplus, for the value network).{' '}
        {config.sweep === 'firms' ? `${fmt(config.supply / n, 2)} permits per firm.` : `${config.supply} permits per auction.`} Firms start truthful; what they learn is how far the rule rewards shading. DRI
        (demand reduction index) = the share of true demand at the competitive price the bids leave out, each tier read at the units it
        covers: 0 for truthful bids, about 0 under VCG, above 0 when firms hold back their marginal permits (the uniform-price incentive). Efficiency = value of the
        permits as allocated ÷ the best possible.
      </Explainer>
      <div className="play-head presenter-hidden">
        {config.sweep !== 'firms' && <FirmCount n={n} />}
        {!sweep && runnable.map((r) => (
          <button key={r.record.id} onClick={() => exportPolicies(r)} data-testid={`ppo.export.${r.mechanism}`} title="JSON: network weights and the config they were trained with">
            Save {multiUnitMechanisms[r.mechanism].shortTitle} policies
          </button>
        ))}
        <FileButton testId="ppo.import" onFile={(f) => void importPolicies(f)}>
          Import policies…
        </FileButton>
        {imported.map((f, i) => (
          <button key={i} onClick={() => loadImported(f, i)} data-testid={`ppo.import.load.${i + 1}`}>
            Load settings of imported file {i + 1}
          </button>
        ))}
      </div>
      {sweep ? (
        <div className="charts">
          <SweepView runs={runs} />
        </div>
      ) : runs.length === 0 ? (
        <div className="charts" style={{ gridTemplateColumns: `repeat(${config.compare ? COMPARED_MECHANISMS.length : 1}, minmax(300px, 1fr))` }}>
          {(config.compare ? COMPARED_MECHANISMS : [config.mechanism]).map((m) => (
            <section className="chart-card" key={m} data-testid={`ppo.col.${m}`}>
              <header>
                <h3>{multiUnitMechanisms[m].shortTitle}</h3>
              </header>
              <p className="caption">Press Run (or Space) to train {n} firms for {fmt(config.auctions, 0)} auctions each.</p>
            </section>
          ))}
        </div>
      ) : (
        <div className="charts" style={{ gridTemplateColumns: `repeat(${runs.length}, minmax(300px, 1fr))` }}>
          {runs.map((r, i) => (
            <MechanismColumn key={r.record.id} run={r} domains={domains} slot={i} />
          ))}
        </div>
      )}
      {!sweep && runs.length > 0 && <SummaryTable runs={runs} />}
      {!sweep && <PlayPanel sources={sources} />}
      <SessionLauncher config={config} seed={seed} sources={sources} />
    </>
  );
}
