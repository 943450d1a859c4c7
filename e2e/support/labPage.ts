/**
 * Page object for Auction Lab: opens links and presets, drives runs through the UI or the test bridge
 * (`window.__lab`, built into dist-e2e/ with VITE_TEST_BRIDGE=1), and reads state through the bridge rather
 * than pixels. Every `LabPage` records uncaught page errors from construction on (`watchPageErrors`);
 * `expectNoPageErrors()` asserts there were none at a point of the spec's choosing. The `test` of
 * fixtures.ts makes the same check on every page at the end of every test by itself.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { encodeExperiment, presetExperiment } from '../../src/presets/urlCodec';
import { unexpectedErrors } from './fixtures.ts';
import { artifactPath, watchPageErrors, type PageErrors } from './launch.ts';

/** Aggregate status shown by `run.progress` (attribute `data-status`). */
export type RunStatus = 'idle' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';
/** Status of one run record. */
export type RecordStatus = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled' | 'interrupted';
export type BackendRequest = 'auto' | 'ts' | 'simd' | 'cpu' | 'wasm' | 'webgl' | 'webgpu';

/** Learned and equilibrium bids on the 41-point value grid (`bids[i][g]`). */
export interface BidFunctions {
  values: number[][];
  bids: number[][];
  equilibrium: number[][] | null;
}

/** One run as `window.__lab.state()` reports it (mirrors src/app/testBridge.ts). */
export interface RunView {
  id: string;
  status: RecordStatus;
  backend: string;
  backendReason?: string;
  rows: number;
  lastRow: Record<string, number> | null;
  final: Record<string, number | number[] | string | null> | null;
  error: string | null;
  progress: { done: number; total: number; unitsPerSecond: number; phase: string } | null;
  bidFunctions: BidFunctions | null;
}

/** What `window.__lab.state()` returns (mirrors src/app/testBridge.ts). */
export interface LabState {
  lab: string;
  config: Record<string, unknown>;
  seed: number;
  backend: BackendRequest;
  notices: string[];
  fieldIssues: Record<string, string>;
  historyCount: number;
  /** The visible lab's run history (status, rows of its main series). */
  history: { id: string; status: RecordStatus; rows: number }[];
  runs: RunView[];
}

/** The test bridge installed on `window` by test builds. */
export interface LabBridge {
  state(): LabState;
  start(): string[];
  pause(): void;
  resume(): void;
  cancel(): void;
  setField(key: string, value: unknown): unknown;
  setBackend(b: BackendRequest): void;
  setPace(stepsPerSecond: number): void;
  crashWorkerOf(runId: string): void;
  /** Kill a run's worker without an error event (what a browser's out-of-memory kill looks like). */
  killWorkerOf(runId: string): void;
  /** Heartbeats the page has received from a run's worker. */
  heartbeatsOf(runId: string): number;
  /** Checkpoints of a running run written to the run history so far. */
  checkpointsOf(runId: string): number;
  loadHash(hash: string): void;
}

/** `window` in a test build, for `page.evaluate` callbacks. */
export type LabWindow = Window & { __lab: LabBridge };

export const LAB_ID = 'learn-to-bid';
const FINISHED: RecordStatus[] = ['done', 'failed', 'cancelled'];

/** The URL hash (with `#`) of a built-in preset, built with the app's own codec. */
export function presetHash(presetId: string, labId = LAB_ID): string {
  const e = presetExperiment(labId, presetId);
  if (!e) throw new Error(`no preset "${presetId}" in lab "${labId}"`);
  return `#${encodeExperiment(e)}`;
}

/** True once a run's last streamed progress event (phase `done`, all steps) has been applied. */
export function streamComplete(r: RunView): boolean {
  return r.progress?.phase === 'done' && r.progress.done === r.progress.total;
}

export class LabPage {
  readonly errors: PageErrors;

  constructor(readonly page: Page) {
    this.errors = watchPageErrors(page);
  }

  /** Element by `data-testid`. */
  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  get progress(): Locator {
    return this.byTestId('run.progress');
  }

  /**
   * Open the app on a link: `''` (defaults), a hash (`#v=1&…` or a body containing `=`), or a preset id of
   * the learn-to-bid lab (encoded with the app's codec). Waits for the bridge and the lab view.
   */
  async open(hashOrPreset = ''): Promise<void> {
    let hash = hashOrPreset;
    if (hash && !hash.startsWith('#')) hash = hash.includes('=') ? `#${hash}` : presetHash(hash);
    await this.page.goto(`/${hash}`);
    await this.waitForBridge();
  }

  /** Reload the page (same URL) and wait for the bridge. */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitForBridge();
  }

  async waitForBridge(): Promise<void> {
    await this.page.waitForFunction(() => !!(window as unknown as LabWindow).__lab, null, { timeout: 30_000 });
    // The lab picker renders with every lab; manual labs (permit auction) have no Run button.
    await expect(this.page.getByRole('tablist', { name: 'Labs' })).toBeVisible();
  }

  /** Checkpoints of run `runId` written to the run history so far. */
  checkpointsOf(runId: string): Promise<number> {
    return this.page.evaluate((id) => (window as unknown as LabWindow).__lab.checkpointsOf(id), runId);
  }

  /** State through the bridge (plain data). */
  state(): Promise<LabState> {
    return this.page.evaluate(() => (window as unknown as LabWindow).__lab.state());
  }

  /** The current (first) run, or throws when there is none. */
  async run(index = 0): Promise<RunView> {
    const s = await this.state();
    const r = s.runs[index];
    if (!r) throw new Error(`no run #${index} (${s.runs.length} current runs)`);
    return r;
  }

  setField(key: string, value: unknown): Promise<unknown> {
    return this.page.evaluate(([k, v]) => (window as unknown as LabWindow).__lab.setField(k, v), [key, value] as const);
  }

  setPace(stepsPerSecond: number): Promise<void> {
    return this.page.evaluate((p) => (window as unknown as LabWindow).__lab.setPace(p), stepsPerSecond);
  }

  setBackend(b: BackendRequest): Promise<void> {
    return this.page.evaluate((x) => (window as unknown as LabWindow).__lab.setBackend(x), b);
  }

  crashWorkerOf(runId: string): Promise<void> {
    return this.page.evaluate((id) => (window as unknown as LabWindow).__lab.crashWorkerOf(id), runId);
  }

  killWorkerOf(runId: string): Promise<void> {
    return this.page.evaluate((id) => (window as unknown as LabWindow).__lab.killWorkerOf(id), runId);
  }

  /** Heartbeats received from the worker of every current run (a worker beats once a second, paused or not). */
  async heartbeats(): Promise<number[]> {
    const ids = (await this.state()).runs.map((r) => r.id);
    return this.page.evaluate((list) => list.map((id) => (window as unknown as LabWindow).__lab.heartbeatsOf(id)), ids);
  }

  /**
   * After every current run acknowledged its pause: `read` gives the same value while each run's worker sends two
   * more heartbeats (so the workers had time to stream, and did not). No fixed sleep: the workers say time passed.
   */
  async expectStandsStill<T>(read: () => Promise<T>, what: string): Promise<void> {
    const before = await read();
    const beats = await this.heartbeats();
    await expect
      .poll(async () => (await this.heartbeats()).every((b, i) => b >= (beats[i] ?? 0) + 2), { timeout: 15_000, message: 'two more heartbeats from every paused worker' })
      .toBe(true);
    expect(JSON.stringify(await read()), `${what} changed while paused`).toBe(JSON.stringify(before));
  }

  /** Click Run (the UI button); resolves once the store has the new run(s). */
  async clickRun(): Promise<void> {
    const before = (await this.state()).runs.map((r) => r.id).join();
    await this.byTestId('run.start').click();
    await expect.poll(async () => (await this.state()).runs.map((r) => r.id).join(), { timeout: 10_000 }).not.toBe(before);
  }

  /** Wait until `run.progress` shows `status` (one or several accepted). */
  async waitForStatus(status: RunStatus | RunStatus[], timeout = 60_000): Promise<RunStatus> {
    const wanted = Array.isArray(status) ? status : [status];
    const re = new RegExp(`^(${wanted.join('|')})$`);
    await expect(this.progress).toHaveAttribute('data-status', re, { timeout });
    return (await this.progress.getAttribute('data-status')) as RunStatus;
  }

  /**
   * Wait until every current run has finished (done, failed or cancelled) and, for runs that are done, until
   * their streamed events have all landed (last `progress` event has phase `done`); returns the final state.
   *
   * Why the second condition: a run's outcome (the worker's `run()` result) and its streamed events (the
   * Comlink callback, a separate MessagePort) race; the status can turn `done` while the last rows and the
   * final `bidFunctions` snapshot are still in flight.
   */
  async waitForRunsFinished(timeout = 60_000): Promise<LabState> {
    await expect
      .poll(async () => {
        const s = await this.state();
        return s.runs.length > 0 && s.runs.every((r) => FINISHED.includes(r.status) && (r.status !== 'done' || streamComplete(r)));
      }, { timeout, intervals: [100, 250, 500] })
      .toBe(true);
    return this.state();
  }

  /** Wait until run `index` has recorded more than `n` chart rows; returns that count. */
  async waitForRows(n: number, timeout = 30_000, index = 0): Promise<number> {
    let rows = 0;
    await expect
      .poll(async () => {
        rows = (await this.state()).runs[index]?.rows ?? 0;
        return rows;
      }, { timeout, intervals: [50, 100, 250] })
      .toBeGreaterThan(n);
    return rows;
  }

  /** Press Run in the UI and wait for `run.progress` to reach `done`; returns the final state. */
  async runAndWait(timeout = 60_000): Promise<LabState> {
    await this.clickRun();
    const status = await this.waitForStatus(['done', 'failed', 'cancelled'], timeout);
    if (status !== 'done') {
      const s = await this.state();
      const why = s.runs.map((r) => `${r.id} ${r.status} on ${r.backend}: ${r.error ?? '-'}`).join('; ');
      throw new Error(`run ended ${status}, not done: ${why}; banner: ${s.notices.join(' | ')}`);
    }
    return this.waitForRunsFinished(timeout);
  }

  /** Full-page screenshot to e2e/artifacts/<name>. */
  async screenshot(name: string): Promise<string> {
    const path = artifactPath(name);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }

  /** Line paths recharts drew inside a chart card (`chart.<id>`), excluding legend icons. */
  linePaths(chartId: string): Locator {
    return this.byTestId(`chart.${chartId}`).locator('path.recharts-curve.recharts-line-curve');
  }

  /** No uncaught page errors and no console errors since this page object was made. */
  expectNoPageErrors(options: { allowConsole?: RegExp[] } = {}): void {
    const all = unexpectedErrors([this.errors], options.allowConsole ?? []);
    expect(all, all.join('\n')).toEqual([]);
  }
}
