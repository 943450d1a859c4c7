/**
 * A finished class session as a run of the permit-auction lab: one {@link RunRecord} whose `series.rounds` holds a
 * row per revealed round (prices, revenue, efficiency, demand reduction of students, PPO firms and truthful
 * bidding) and whose `snapshots.session` holds the whole session export (every round's types, bids and outcomes).
 * It enters the run history through the one restore path every stored or imported run takes (`parseRunsFile` →
 * `restoreRunRecord`), so it is read exactly as an imported runs file is; its JSON download is that runs file.
 */
import type { SessionExport } from '../core/session/protocol';
import { multiUnitMechanismIds, multiUnitMechanisms } from '../core/mechanisms/multiUnitRegistry';
import { PRESET_VERSION } from '../presets/urlCodec';
import { runsToJson } from './exportRuns';
import { saveRun } from './historyDb';
import { parseRunsFile } from './importRuns';
import type { RunRecord } from './runRecord';
import { refreshHistory } from './store';

const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

/**
 * The run record of a session. `labConfig`/`labSeed`: the permit-lab settings the room was started from (the
 * record's experiment, restored as a link's are); the room's own settings are in `snapshots.session.settings`.
 * Series row fields: round, drawIndex, mechanism (index in `multiUnitMechanismIds`), bidders, humanBids,
 * clearingPrice and competitivePrice (per permit), revenue, efficiency (0–1), unitsSold (permits), driHumans,
 * driPpo (absent when that class had no bidder), driTruthful, truthfulPrice, truthfulRevenue, truthfulEfficiency.
 * Final figures: the mechanism(s) played, rounds, students, and the means over rounds of the students' DRI,
 * efficiency and revenue, plus the students' and PPO firms' mean DRI per mechanism (`driByMechanism`).
 */
export function sessionRunRecord(doc: SessionExport, labConfig: Record<string, unknown>, labSeed: number): RunRecord {
  const summaries = doc.rounds.map((r) => r.summary);
  const rows = summaries.map((s) => {
    const row: Record<string, number> = {
      round: s.round,
      drawIndex: s.drawIndex,
      mechanism: multiUnitMechanismIds.indexOf(s.mechanism),
      bidders: s.bidders,
      humanBids: s.humanBids,
      clearingPrice: s.clearingPrice,
      competitivePrice: s.competitivePrice,
      revenue: s.revenue,
      efficiency: s.efficiency,
      unitsSold: s.unitsSold,
      driTruthful: s.dri.truthful,
      truthfulPrice: s.truthful.clearingPrice,
      truthfulRevenue: s.truthful.revenue,
      truthfulEfficiency: s.truthful.efficiency,
    };
    if (s.dri.humans !== null) row.driHumans = s.dri.humans;
    if (s.dri.ppo !== null) row.driPpo = s.dri.ppo;
    return row;
  });
  const played = [...new Set(summaries.map((s) => s.mechanism))];
  const students = new Set(doc.rounds.flatMap((r) => r.seats.filter((x) => x.kind === 'student').map((x) => x.seat))).size;
  const driByMechanism: Record<string, { rounds: number; humans: number | null; ppo: number | null }> = {};
  for (const m of played) {
    const of = summaries.filter((s) => s.mechanism === m);
    driByMechanism[m] = {
      rounds: of.length,
      humans: mean(of.flatMap((s) => (s.dri.humans === null ? [] : [s.dri.humans]))),
      ppo: mean(of.flatMap((s) => (s.dri.ppo === null ? [] : [s.dri.ppo]))),
    };
  }
  const last = doc.rounds.at(-1);
  return {
    id: `class-session-${doc.code}-${doc.createdAt}`,
    v: PRESET_VERSION,
    lab: 'permit-auction',
    label: `Class session ${doc.code}: ${doc.rounds.length} ${doc.rounds.length === 1 ? 'round' : 'rounds'}, ${students} ${students === 1 ? 'student' : 'students'}`,
    config: labConfig,
    seed: labSeed,
    status: 'done',
    backend: 'session server',
    startedAt: doc.createdAt,
    finishedAt: last ? last.closedAt : doc.createdAt,
    series: { rounds: rows },
    snapshots: { session: doc },
    final: {
      mechanism: played.length === 1 ? played[0] : played.map((m) => multiUnitMechanisms[m].shortTitle).join(' + ') || doc.settings.mechanism,
      rounds: doc.rounds.length,
      students,
      dri: mean(summaries.flatMap((s) => (s.dri.humans === null ? [] : [s.dri.humans]))),
      efficiency: mean(summaries.map((s) => s.efficiency)),
      revenue: mean(summaries.map((s) => s.revenue)),
      driByMechanism,
    },
  };
}

/** The session's JSON download: a runs file (`auction-lab/runs`) holding its one record, importable into any history. */
export function sessionRunsJson(record: RunRecord): string {
  return runsToJson([record]);
}

/**
 * Keep the session in the run history: its runs file is read back through `parseRunsFile` (the validated restore
 * path), saved, and the visible history reloaded. Resolves with what restoring said, or why it was refused.
 */
export async function keepSessionInHistory(record: RunRecord): Promise<{ ok: true; messages: string[] } | { ok: false; reason: string }> {
  const { records, problems } = parseRunsFile(sessionRunsJson(record));
  const restored = records[0];
  if (!restored) return { ok: false, reason: problems.join('; ') || 'the session record could not be read back' };
  await saveRun(restored);
  await refreshHistory();
  return { ok: true, messages: problems };
}
