import { parseSeed } from '../core/config/seed';
import { create } from 'zustand';
import { describeIssue, parseField, type ConfigIssue } from '../core/config/schema';
import { findLab, labs } from '../core/labs/registry';
import type { RunEvent } from '../core/labs/types';
import { decodeExperiment, encodeExperiment, PRESET_VERSION, presetExperiment, type Experiment } from '../presets/urlCodec';
import { checkCost, describeEstimate, estimateJob, type CostCheck } from '../core/jobs/estimate';
import { planJob, runJob, type JobPolicy } from '../core/jobs/jobEngine';
import type { RunState } from '../core/labs/runControl';
import { defaultPoolSize, type RunHandle, type RunOutcome } from '../workers/client';
import type { BackendRequest, WorkerEvent } from '../workers/protocol';

export type { BackendRequest };
import { deleteRun, listRuns, saveRun, storageStatus } from './historyDb';
import { parseRunsFile } from './importRuns';
import { restoreRunRecord } from './restoreRun';
import { getPool } from './pool';
import type { RunRecord } from './runRecord';

/** A stored history row that could not be restored: its key (to delete it) and why. */
export interface UnreadableRun {
  key: IDBValidKey;
  reason: string;
}

/** A message for the banner (bad link, failed run …). */
export interface Notice {
  id: number;
  level: 'info' | 'warn' | 'error';
  text: string;
  /** What the notice is about; a newer notice on the same topic replaces it (e.g. a newly opened link's problems). */
  topic?: 'link' | 'storage';
}

/**
 * What one lab holds while the page lives: its experiment (serialisable; the visible lab's is mirrored in the URL
 * hash), the runs of its latest Run press and its form problems. Switching labs keeps every lab's slot, so a lab
 * never shows, loses or cancels another lab's settings, runs or results.
 */
export interface LabSlot {
  config: Record<string, unknown>;
  seed: number;
  /** Which built-in preset the config came from (cleared on edit). */
  presetId: string | null;
  /** Runs of this lab's latest Run press (one, or several for a sweep), in order. */
  currentRunIds: string[];
  /** Per-field problems from the form (kept until the field is valid again). */
  fieldIssues: Record<string, string>;
  /** History records overlaid on this lab's charts. */
  overlayIds: string[];
}

export interface LabState {
  /** The visible lab. */
  lab: string;
  /** Every lab's slot, by lab id (a lab gets its slot, from its first preset, when first shown). */
  slots: Record<string, LabSlot>;

  // ── runs (ephemeral, every lab's) ──
  runs: Record<string, RunRecord>;

  // ── history of the visible lab (IndexedDB), restored ──
  history: RunRecord[];
  /** What restoring repaired in a history record (by run id), said when the record is loaded. */
  historyRepairs: Record<string, string[]>;
  /** Stored rows of the visible lab that could not be restored, listed so they can be deleted. */
  unreadable: UnreadableRun[];

  // ── ui ──
  backend: BackendRequest;
  /** Steps per second cap for a readable pace (0 = full speed). */
  pace: number;
  notices: Notice[];
}

/** Default display pace: a 2,000-step run takes about 4 s, slow enough to watch w fall, fast enough not to wait. */
export const DEFAULT_PACE = 500;

const handles = new Map<string, RunHandle>();
/** Runs a worker has picked up (a paused run that never started goes back to `queued` on resume). */
const started = new Set<string>();
let noticeId = 0;
let runCounter = 0;

/** A lab's slot before anything was changed: its first preset, no runs. */
function defaultSlot(labId: string): LabSlot {
  const lab = findLab(labId) ?? labs[0];
  const e = presetExperiment(lab.id, lab.presets[0].id)!;
  return { config: e.config, seed: e.seed, presetId: lab.presets[0].id, currentRunIds: [], fieldIssues: {}, overlayIds: [] };
}

function initialState(): LabState {
  const lab = labs[0].id;
  return { lab, slots: { [lab]: defaultSlot(lab) }, runs: {}, history: [], historyRepairs: {}, unreadable: [], backend: 'auto', pace: DEFAULT_PACE, notices: [] };
}

/** The slot of lab `labId` (its defaults when it was never shown). */
export function slotOf(s: LabState, labId: string): LabSlot {
  return s.slots[labId] ?? defaultSlot(labId);
}

/** The visible lab's slot. */
export function activeSlot(s: LabState): LabSlot {
  return slotOf(s, s.lab);
}

export const useLabStore = create<LabState>()(() => initialState());

const set = useLabStore.setState;
const get = useLabStore.getState;

/** Change lab `labId`'s slot (pure `f` of the current one). */
function updateSlot(labId: string, f: (slot: LabSlot, s: LabState) => Partial<LabSlot>): void {
  set((s) => {
    const slot = slotOf(s, labId);
    return { slots: { ...s.slots, [labId]: { ...slot, ...f(slot, s) } } };
  });
}

// ───────────────────────── notices ─────────────────────────

export function notify(level: Notice['level'], text: string, topic?: Notice['topic']): void {
  set((s) => {
    const kept = topic ? s.notices.filter((n) => n.topic !== topic) : s.notices;
    return { notices: [...kept.slice(-4), { id: ++noticeId, level, text, ...(topic ? { topic } : {}) }] };
  });
}
/** Dismiss every notice on `topic`. */
function clearTopic(topic: NonNullable<Notice['topic']>): void {
  set((s) => (s.notices.some((n) => n.topic === topic) ? { notices: s.notices.filter((n) => n.topic !== topic) } : {}));
}
export function dismissNotice(id: number): void {
  set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

// ───────────────────────── experiment ─────────────────────────

/**
 * Load an experiment (from a link, a preset or history) into its lab and show that lab. The lab's previous
 * job no longer matches what is shown, so it leaves the screen; a run of it still in progress is cancelled and
 * kept in the run history as cancelled, with a notice.
 */
export function loadExperiment(e: Experiment, presetId: string | null = null): void {
  const before = slotOf(get(), e.lab);
  const active = before.currentRunIds.filter((id) => isActive(get().runs[id]));
  for (const id of active) handles.get(id)?.cancel();
  if (active.length) notify('info', 'The run in progress was stopped because another experiment was loaded; it is kept in the run history as cancelled.');
  set((s) => ({
    lab: e.lab,
    history: s.lab === e.lab ? s.history : [],
    slots: { ...s.slots, [e.lab]: { ...slotOf(s, e.lab), config: e.config, seed: e.seed, presetId, fieldIssues: {}, currentRunIds: [] } },
  }));
  void refreshHistory();
}

/**
 * Decode a URL hash into the store (never throws; bad links fall back to defaults with a message). The banner
 * then speaks of this link only: a previous link's problems are dismissed.
 */
export function loadFromHash(hash: string): void {
  const { experiment, messages, fallback } = decodeExperiment(hash);
  const problems = fallback ? [`Could not read the link, so the defaults are shown.`, ...messages] : messages;
  loadExperiment(experiment, matchingPreset(experiment));
  if (problems.length) notify('warn', `This link had problems; fixed what could be fixed. ${problems.join(' · ')}`, 'link');
  else clearTopic('link');
}

function isActive(r: RunRecord | undefined): boolean {
  return !!r && (r.status === 'running' || r.status === 'queued' || r.status === 'paused');
}

/** The built-in preset an experiment is exactly (so a preset link shows its title and description). */
export function matchingPreset(e: Experiment): string | null {
  const lab = findLab(e.lab);
  const key = encodeExperiment(e);
  return lab?.presets.find((p) => encodeExperiment(presetExperiment(lab.id, p.id)!) === key)?.id ?? null;
}

/** Show lab `labId` as it was left (its settings, runs and results), or its first preset on first visit. */
export function selectLab(labId: string): void {
  if (!findLab(labId) || labId === get().lab) return;
  // The history shown is the visible lab's: empty until this lab's records are read.
  set((s) => ({ lab: labId, slots: { ...s.slots, [labId]: slotOf(s, labId) }, history: [], unreadable: [] }));
  void refreshHistory();
}

export function applyPreset(presetId: string): void {
  const e = presetExperiment(get().lab, presetId);
  if (e) loadExperiment(e, presetId);
}

/**
 * Set one config field from a form control. Valid input is applied (after the lab's cross-field rules);
 * invalid input keeps the previous value and records a message for that field, so nothing is lost.
 */
export function setField(key: string, raw: unknown): ConfigIssue | undefined {
  const labId = get().lab;
  const lab = findLab(labId);
  const field = lab?.schema[key];
  if (!lab || !field) return { field: key, code: 'unknown-key', message: `${key}: unknown setting` };
  const { value, issue } = parseField(key, field, raw);
  // Unreadable input (not a number, bad list or JSON) keeps the previous value: nothing typed is applied blindly.
  if (issue?.code === 'unreadable') {
    updateSlot(labId, (slot) => ({ fieldIssues: { ...slot.fieldIssues, [key]: describeIssue(issue, 'clamp') } }));
    return issue;
  }
  const current = slotOf(get(), labId);
  const { config, issues: crossField } = lab.normalize({ ...current.config, [key]: value });
  // Leaving a field without changing it (Tab through the form) must not clear the preset.
  if (!issue && JSON.stringify(config) === JSON.stringify(current.config)) {
    if (current.fieldIssues[key]) updateSlot(labId, (slot) => ({ fieldIssues: withoutKey(slot.fieldIssues, key) }));
    return undefined;
  }
  // The lab's cross-field rules may change another field (N bidders resets per-bidder bounds): say so there.
  updateSlot(labId, (slot) => {
    const fieldIssues = issue ? { ...slot.fieldIssues, [key]: describeIssue(issue, 'clamp') } : withoutKey(slot.fieldIssues, key);
    for (const c of crossField) fieldIssues[c.field] = describeIssue(c, 'clamp');
    return { config, presetId: null, fieldIssues };
  });
  return issue;
}

function withoutKey(o: Record<string, string>, key: string): Record<string, string> {
  const copy = { ...o };
  delete copy[key];
  return copy;
}

/** Set the seed from the form: the seed field's one parser; unreadable input keeps the seed and says why. */
export function setSeed(raw: unknown): void {
  const labId = get().lab;
  const { value: n, issue } = parseSeed(typeof raw === 'string' ? raw.trim() : raw);
  if (issue) {
    updateSlot(labId, (slot) => ({ fieldIssues: { ...slot.fieldIssues, seed: describeIssue(issue, 'strict') } }));
    return;
  }
  updateSlot(labId, (slot) => ({ seed: n, presetId: n === slot.seed ? slot.presetId : null, fieldIssues: withoutKey(slot.fieldIssues, 'seed') }));
}

export function setBackend(backend: BackendRequest): void {
  set({ backend });
}

export function setPace(pace: number): void {
  set({ pace });
  for (const slot of Object.values(get().slots)) for (const id of slot.currentRunIds) handles.get(id)?.setPace(pace);
}

// ───────────────────────── runs ─────────────────────────

function updateRun(id: string, f: (r: RunRecord) => RunRecord): void {
  flushEvents();
  set((s) => (s.runs[id] ? { runs: { ...s.runs, [id]: f(s.runs[id]) } } : {}));
}

/**
 * Worker events are buffered and folded into the store at most every `UI_FLUSH_MS`, in one update for all
 * runs: the charts then re-render ≤ 2 times a second however fast the workers stream, which keeps the page's
 * main-thread tasks short.
 */
export const UI_FLUSH_MS = 500;
let pendingEvents: { id: string; e: WorkerEvent }[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function queueEvent(id: string, e: WorkerEvent): void {
  pendingEvents.push({ id, e });
  flushTimer ??= setTimeout(flushEvents, UI_FLUSH_MS);
}

function flushEvents(): void {
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  if (!pendingEvents.length) return;
  const batch = pendingEvents;
  pendingEvents = [];
  set((s) => {
    const runs = { ...s.runs };
    for (const { id, e } of batch) if (runs[id]) runs[id] = applyEvent(runs[id], e);
    return { runs };
  });
  for (const id of new Set(batch.map((b) => b.id))) scheduleCheckpoint(id);
}

/**
 * How often a running run's record is written to the run history (ms), so that a reload or a closed tab leaves it
 * there as `interrupted` with its curve up to the last checkpoint (restoreRun reads a stored running record so).
 */
export const CHECKPOINT_MS = 3000;
const checkpointTimers = new Map<string, ReturnType<typeof setTimeout>>();
/** Checkpoints written per run id (test hook: an e2e test reloads once one is on disk). */
const checkpointsWritten = new Map<string, number>();

function scheduleCheckpoint(id: string): void {
  if (checkpointTimers.has(id)) return;
  checkpointTimers.set(id, setTimeout(() => {
    checkpointTimers.delete(id);
    void writeCheckpoint(id);
  }, CHECKPOINT_MS));
}

async function writeCheckpoint(id: string): Promise<void> {
  const r = get().runs[id];
  if (!r || !isActive(r) || !hasProduced(r)) return;
  await saveRun(r);
  checkpointsWritten.set(id, (checkpointsWritten.get(id) ?? 0) + 1);
}

/** Write every running run's checkpoint now (the page is being hidden or closed; best effort). */
export function checkpointActiveRuns(): void {
  flushEvents();
  for (const [id, r] of Object.entries(get().runs)) if (isActive(r)) void writeCheckpoint(id);
}

/** Test hook: checkpoints of run `runId` written to the run history so far. */
export function checkpointsOf(runId: string): number {
  return checkpointsWritten.get(runId) ?? 0;
}

function hasProduced(r: RunRecord): boolean {
  return Object.values(r.series).some((rows) => rows.length > 0) || !!r.final;
}

/** Fold one streamed event into a run record (pure; exported for tests). */
export function applyEvent(r: RunRecord, e: WorkerEvent | RunEvent): RunRecord {
  switch (e.type) {
    case 'points':
      return { ...r, series: { ...r.series, [e.series]: [...(r.series[e.series] ?? []), ...e.rows] } };
    case 'snapshot':
      return { ...r, snapshots: { ...r.snapshots, [e.name]: e.data } };
    case 'progress':
      return { ...r, snapshots: { ...r.snapshots, progress: e } };
    case 'final':
      return { ...r, final: e.metrics };
    case 'backend':
      return { ...r, backend: e.backend.name, backendReason: e.backend.reason };
    case 'log':
      return r;
  }
}

/**
 * What the visible lab's experiment would cost, checked before it runs (`core/jobs/estimate`): `ok`, `confirm`
 * (it takes minutes: ask first) or `refuse` (it needs more memory than a worker has; the message names the fields
 * to lower).
 */
export function checkRun(): CostCheck & { estimate: string } {
  const s = get();
  const lab = findLab(s.lab) ?? labs[0];
  const slot = activeSlot(s);
  const estimate = estimateJob(lab, slot.config, slot.seed, defaultPoolSize());
  return { ...checkCost(estimate), estimate: describeEstimate(estimate) };
}

/**
 * Start the visible lab's experiment (several runs for a sweep) in the worker pool, as one job of the job engine
 * (`core/jobs`: expansion, width and CPU share per job, final phase). It replaces that lab's previous job
 * (cancelled if still running); other labs' runs go on, queued on the pool when it is full.
 */
export function startRun(): string[] {
  const s = get();
  const lab = findLab(s.lab);
  if (!lab) return [];
  const slot = activeSlot(s);
  cancelAll();
  const plan = planJob(lab, slot.config, slot.seed, defaultPoolSize());
  const sweepId = plan.parts.length > 1 ? `sweep-${Date.now()}` : undefined;
  const newRecord = (config: Record<string, unknown>): RunRecord => ({
    id: `run-${Date.now().toString(36)}-${(++runCounter).toString(36)}`,
    lab: lab.id,
    label: lab.label(config, slot.seed),
    config,
    seed: slot.seed,
    v: PRESET_VERSION,
    status: 'queued',
    backend: s.backend,
    startedAt: Date.now(),
    series: {},
    snapshots: {},
    sweepId,
  });
  const records = plan.parts.map((p) => newRecord(p.config));
  const ids = records.map((r) => r.id);
  // Finished runs that no lab shows any more live in the history (IndexedDB); drop them from memory.
  set((st) => {
    const slots = { ...st.slots, [lab.id]: { ...slotOf(st, lab.id), currentRunIds: ids } };
    const shown = new Set(Object.values(slots).flatMap((sl) => sl.currentRunIds));
    const kept: Record<string, RunRecord> = {};
    for (const [id, r] of Object.entries(st.runs)) if (isActive(r) || shown.has(id)) kept[id] = r;
    for (const r of records) kept[r.id] = r;
    return { runs: kept, slots };
  });
  let finalRecord: RunRecord | null = null;
  void runJob(lab, slot.config, plan, (part, policy) => submitRun(part.final ? finalRecord! : records[part.index], s.backend, get().pace, policy), {
    // A newer Run press (or a newly loaded experiment) replaced this job: its results start no final phase.
    stillWanted: () => slotOf(get(), lab.id).currentRunIds.join() === ids.join(),
    onFinalPart: (part) => {
      const rec = newRecord(part.config);
      finalRecord = rec;
      set((st) => ({ runs: { ...st.runs, [rec.id]: rec } }));
      updateSlot(lab.id, (sl) => ({ currentRunIds: [...sl.currentRunIds, rec.id] }));
    },
  });
  return ids;
}

function submitRun(rec: RunRecord, backend: BackendRequest, pace: number, policy: JobPolicy): Promise<RunOutcome> {
  const id = rec.id;
  const { width, cpuShare } = policy;
  const handle = getPool().submit(
    { runId: id, lab: rec.lab, config: rec.config, seed: rec.seed, backend, pace, ...(cpuShare < 1 ? { cpuShare } : {}) },
    (e) => queueEvent(id, e),
    () => {
      started.add(id);
      updateRun(id, (r) => ({ ...r, status: r.status === 'paused' ? 'paused' : 'running', startedAt: Date.now() }));
    },
    { width, onState: (state) => acknowledge(id, state) },
  );
  handles.set(id, handle);
  return handle.outcome.then((o) => {
    finishRun(id, o);
    return o;
  });
}

function finishRun(id: string, o: RunOutcome): void {
  handles.delete(id);
  started.delete(id);
  const timer = checkpointTimers.get(id);
  if (timer) clearTimeout(timer);
  checkpointTimers.delete(id);
  updateRun(id, (r) => ({
    ...r,
    status: o.status,
    finishedAt: Date.now(),
    final: o.status === 'done' ? o.metrics : r.final,
    error: o.status === 'failed' ? o.error : undefined,
  }));
  const r = get().runs[id];
  if (!r) return;
  if (o.status === 'failed') notify('error', `Run “${r.label}” failed: ${o.error}. The curve so far is kept.`);
  // A cancelled run is kept too (with its curve so far), unless it was cancelled before it produced anything.
  if (o.status === 'done' || o.status === 'failed' || (o.status === 'cancelled' && hasProduced(r))) void saveRun(r).then(refreshHistory);
  else if (checkpointsWritten.has(id)) void deleteRun(id).then(refreshHistory);
}

/** Ids of the visible lab's current runs. */
function visibleRunIds(): string[] {
  return activeSlot(get()).currentRunIds;
}

/**
 * Pause the visible lab's runs. A run on a worker shows `paused` only once its worker acknowledges it (at its
 * next checkpoint, after the events it emitted so far): from then on its curve stands still. A run still queued
 * is paused at once (it will wait when a worker picks it up).
 */
export function pauseRuns(): void {
  for (const id of visibleRunIds()) {
    handles.get(id)?.pause();
    if (!started.has(id)) updateRun(id, (r) => (r.status === 'queued' ? { ...r, status: 'paused' } : r));
  }
}

/** Resume the visible lab's runs; a run on a worker shows `running` once its worker acknowledges it. */
export function resumeRuns(): void {
  for (const id of visibleRunIds()) {
    handles.get(id)?.resume();
    if (!started.has(id)) updateRun(id, (r) => (r.status === 'paused' ? { ...r, status: 'queued' } : r));
  }
}

/** A state a run's worker acknowledged: the run record follows it (a settled run keeps how it ended). */
function acknowledge(id: string, state: RunState): void {
  const status = state === 'paused' ? 'paused' : state === 'running' ? 'running' : null;
  if (status) updateRun(id, (r) => (r.status === 'running' || r.status === 'paused' ? { ...r, status } : r));
}

/** Cancel the visible lab's current runs (other labs' runs go on). */
export function cancelAll(): void {
  for (const id of visibleRunIds()) handles.get(id)?.cancel();
}

/** Test hook: heartbeats received from a run's worker (0 when it has no worker). */
export function heartbeatsOf(runId: string): number {
  return handles.get(runId)?.heartbeats ?? 0;
}

/** Test hook: kill the worker of a run without a word, as a browser's out-of-memory kill does. */
export function killWorkerOf(runId: string): void {
  getPool().killWorkerOf(runId);
}

/** Test hook: crash the worker of a run (proves a dead worker fails only its run). */
export function crashWorkerOf(runId: string): void {
  getPool().crashWorkerOf(runId);
}

// ───────────────────────── history ─────────────────────────

/**
 * Reload the visible lab's run history (and drop overlays of records that are gone). Every stored row goes through
 * `restoreRunRecord`: a row that cannot be restored is listed as unreadable (so it can be deleted) instead of
 * reaching the views, and what was repaired in the others is kept to tell the user when they load one.
 */
let historyLoad = 0;
export async function refreshHistory(): Promise<void> {
  const labId = get().lab;
  const mine = ++historyLoad;
  const rows = await listRuns(labId);
  // Only the latest load speaks: the user may have switched labs, or a newer save reloaded it, meanwhile.
  if (mine !== historyLoad || get().lab !== labId) return;
  const history: RunRecord[] = [];
  const historyRepairs: Record<string, string[]> = {};
  const unreadable: UnreadableRun[] = [];
  // A run of this page keeps checkpoints in the history while it runs: it is shown as running, not as stored.
  const live = new Set(Object.values(get().runs).filter(isActive).map((r) => r.id));
  for (const row of rows) {
    const restored = restoreRunRecord(row);
    if (restored.ok && live.has(restored.record.id)) continue;
    if (restored.ok) {
      history.push(restored.record);
      if (restored.messages.length) historyRepairs[restored.record.id] = restored.messages;
    } else unreadable.push({ key: storedKey(row), reason: restored.reason });
  }
  set({ history, historyRepairs, unreadable });
  void reportStorage();
  updateSlot(labId, (slot) => ({ overlayIds: slot.overlayIds.filter((id) => history.some((h) => h.id === id)) }));
}

/**
 * Say once (one banner, replaced when the reason changes) when the run history cannot keep runs: private mode, no
 * IndexedDB, a blocked database, a full disk. Everything else keeps working; runs then live until the page closes.
 */
let storageCheck = 0;
async function reportStorage(): Promise<void> {
  const mine = ++storageCheck;
  const { message } = await storageStatus();
  // Only the latest check speaks: an older one that answers late must not clear a newer banner.
  if (mine !== storageCheck) return;
  const text = message && `The run history cannot keep runs here (${message}); runs work, but are gone when the page closes.`;
  if (!text) clearTopic('storage');
  else if (!get().notices.some((n) => n.topic === 'storage' && n.text === text)) notify('warn', text, 'storage');
}

/** The IndexedDB key of a stored row (its `id`, whatever type it has), to delete it by. */
function storedKey(row: unknown): IDBValidKey {
  const id = typeof row === 'object' && row !== null ? (row as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? id : String(id);
}

export function toggleOverlay(id: string): void {
  updateSlot(get().lab, (slot) => ({ overlayIds: slot.overlayIds.includes(id) ? slot.overlayIds.filter((x) => x !== id) : [...slot.overlayIds, id] }));
}

export async function removeFromHistory(id: IDBValidKey): Promise<void> {
  await deleteRun(id);
  await refreshHistory();
}

/**
 * Import a runs file (Export JSON of any lab): every run is restored like a stored record and saved to the
 * history; a notice says how many came in and what could not be read. Resolves with the number imported.
 */
export async function importRuns(text: string): Promise<number> {
  const { records, problems } = parseRunsFile(text);
  for (const r of records) await saveRun(r);
  await refreshHistory();
  const here = records.filter((r) => r.lab === get().lab).length;
  const where = records.length > here ? ` (${records.length - here} of them in other labs)` : '';
  const head = `Imported ${records.length} run${records.length === 1 ? '' : 's'}${where}.`;
  notify(problems.length ? 'warn' : 'info', problems.length ? `${head} ${problems.join(' · ')}` : head);
  return records.length;
}

/** Load a past run's experiment into the form (to rerun or tweak it). */
export function loadFromHistory(id: string): void {
  const r = get().history.find((h) => h.id === id);
  if (!r) return;
  loadExperiment({ lab: r.lab, config: r.config, seed: r.seed });
  const repairs = get().historyRepairs[id];
  if (repairs?.length) notify('warn', `This run's stored settings had problems; fixed what could be fixed. ${repairs.join(' · ')}`);
}
