/**
 * The learn-to-bid lab end to end: preset links, live runs with pause / resume / cancel, bad links, crash
 * recovery, run history (IndexedDB, overlays, exports) and the N sweep. State is read through the test
 * bridge (`window.__lab`), never from pixels; every test ends by asserting the page logged no errors.
 */
import { readFile } from 'node:fs/promises';
import type { Download } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { LabPage, presetHash } from './support/labPage.ts';

/** Training is slow on the 2-core test machine when other work shares it: be generous with waits. */
const RUN_TIMEOUT = 90_000;

async function downloadText(download: Download): Promise<string> {
  const path = await download.path();
  return readFile(path, 'utf8');
}

test('annealing preset: w climbs onto (N−1)/N = 1/2, live and at full speed', async ({ page }) => {
  const lab = new LabPage(page);
  // The preset's link, built with the app's own URL codec.
  const hash = presetHash('annealing');
  expect(hash).toContain('lab=learn-to-bid');
  expect(hash).toContain('schedule=exponential');
  await lab.open(hash);
  expect((await lab.state()).config).toMatchObject({ bidders: 2, schedule: 'exponential', beta: 10, betaEnd: 500, steps: 3000 });

  // A slow pace so mid-run is observable.
  await lab.byTestId('run.pace').selectOption('100');
  await lab.clickRun();
  await lab.waitForStatus('running');
  await lab.waitForRows(50);
  expect((await lab.run()).status).toBe('running');
  await lab.screenshot('learn-to-bid-mid.png');

  // The w chart draws one line per bidder plus β, each a real path.
  const paths = lab.linePaths('w');
  await expect.poll(() => paths.count()).toBeGreaterThanOrEqual(3);
  for (const d of await paths.evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''))) {
    expect(d).toMatch(/^M[\d.-]+,[\d.-]+L/);
  }

  // Back to full speed: the running run speeds up and finishes.
  await lab.byTestId('run.pace').selectOption('0');
  await lab.waitForStatus('done', RUN_TIMEOUT);
  const run = (await lab.waitForRunsFinished()).runs[0];
  expect(run.status).toBe('done');
  expect(run.backend).toBe('ts');
  expect(run.final?.backend).toBe('ts');
  const w = run.final?.w as number[];
  expect(w).toHaveLength(2);
  for (const wi of w) expect(Math.abs(wi - 0.5), `final w = ${w.join(', ')}`).toBeLessThan(0.02);

  // The key-figure card reads the last chart row.
  expect(run.rows).toBeGreaterThan(900);
  await expect
    .poll(async () => Number.parseFloat((await lab.byTestId('metric.w').locator('.v').textContent()) ?? ''), { timeout: 10_000 })
    .toBeCloseTo(0.5, 1);
  const cardW = Number.parseFloat((await lab.byTestId('metric.w').locator('.v').textContent()) ?? '');
  expect(Math.abs(cardW - 0.5), `metric.w shows ${cardW}`).toBeLessThan(0.02);
  await expect(lab.byTestId('metric.w')).toContainText('theory 0.500');

  await expect(lab.byTestId('backend.chip')).toHaveAttribute('data-backend', 'ts');
  await expect(lab.byTestId('backend.chip')).toContainText('ts');
  await lab.screenshot('learn-to-bid-after.png');
  lab.expectNoPageErrors();
});

test('changing N with the slider and the number box updates the URL and the state', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('two-bidders');
  expect((await lab.state()).config.bidders).toBe(2);

  // Keyboard on the range input: one step right is one more bidder.
  const slider = lab.byTestId('controls.bidders');
  await slider.focus();
  await slider.press('ArrowRight');
  await expect.poll(async () => (await lab.state()).config.bidders).toBe(3);
  await expect(page).toHaveURL(/[#&]bidders=3(&|$)/);
  // N is stored once (bidders): one bound serves every bidder.
  await expect(page).toHaveURL(/[#&]upper=1(&|$)/);
  const s3 = await lab.state();
  expect(s3.config.upper).toEqual([1]);
  await expect(lab.byTestId('controls.bidders.input')).toHaveValue('3');
  await expect(lab.byTestId('controls.upper')).toHaveValue('1');

  // The number box: type a value and press Enter.
  const box = lab.byTestId('controls.bidders.input');
  await box.fill('5');
  await box.press('Enter');
  await expect.poll(async () => (await lab.state()).config.bidders).toBe(5);
  await expect(page).toHaveURL(/[#&]bidders=5(&|$)/);
  await expect(page).toHaveURL(/[#&]upper=1(&|$)/);
  expect((await lab.state()).config.upper).toEqual([1]);
  await expect(slider).toHaveValue('5');

  // The link round-trips: reloading it gives the same experiment, without a banner.
  await lab.reload();
  expect((await lab.state()).config).toMatchObject({ bidders: 5, upper: [1] });
  await expect(lab.byTestId('banner')).toHaveCount(0);
  lab.expectNoPageErrors();
});

test('bad links show a banner, fall back to defaults and leave a working page', async ({ page }) => {
  test.setTimeout(180_000); // four page loads and four runs
  const lab = new LabPage(page);

  /** Open `hash` in a fresh document (not a same-page hash change), then check a short run completes. */
  const openAndRun = async (hash: string) => {
    await page.goto('about:blank');
    await lab.open(hash);
    await expect(lab.byTestId('banner').first()).toBeVisible();
    const banner = (await lab.byTestId('banner').allTextContents()).join('\n');
    await lab.setField('steps', 300);
    await lab.byTestId('run.pace').selectOption('0');
    const s = await lab.runAndWait(RUN_TIMEOUT);
    expect(s.runs[0]?.status).toBe('done');
    return { banner, state: s };
  };

  // Out-of-range, invalid enum and unknown key: each named, values clamped or defaulted.
  const broken = await openAndRun('#v=1&lab=learn-to-bid&bidders=999&mechanism=dutch&foo=bar');
  expect(broken.banner).toContain('bidders');
  expect(broken.banner).toContain('mechanism');
  expect(broken.banner).toContain('foo');
  await lab.screenshot('learn-to-bid-bad-link.png');
  expect(broken.state.config).toMatchObject({ bidders: 10, mechanism: 'first-price' });
  expect(broken.state.config.upper).toEqual([1]);
  expect((broken.state.runs[0]?.final?.w as number[]).length).toBe(10);
  // The URL now holds the repaired experiment.
  await expect(page).toHaveURL(/[#&]bidders=10(&|$)/);
  await expect(page).not.toHaveURL(/foo=bar/);

  // Malformed %-encoding and empty segments.
  const garbage = await openAndRun('#%E0%A4%A&&==');
  expect(garbage.banner).toMatch(/malformed|could not read|link/i);
  expect(garbage.state.lab).toBe('learn-to-bid');

  // An unknown lab.
  const unknown = await openAndRun('#lab=nope');
  expect(unknown.banner).toContain('nope');
  expect(unknown.state.lab).toBe('learn-to-bid');
  expect(unknown.state.config).toMatchObject({ bidders: 2, mechanism: 'first-price' });

  // An oversized link (5,000 characters).
  const prefix = '#v=1&lab=learn-to-bid&bidders=3&pad=';
  const long = prefix + 'x'.repeat(5000 - prefix.length);
  expect(long).toHaveLength(5000);
  const oversized = await openAndRun(long);
  expect(oversized.banner).toMatch(/too long/i);
  expect(oversized.state.config.bidders).toBe(2);

  // Pasting a bad link into an open page (same-document hash change) is handled the same way; its banner replaces
  // the previous link's (the banner speaks of the link on screen).
  await page.evaluate(() => (location.hash = 'v=1&lab=learn-to-bid&bidders=0&mechanism=all-pay'));
  await expect(lab.byTestId('banner').filter({ hasText: 'bidders: 0' })).toHaveCount(1);
  await expect(lab.byTestId('banner').filter({ hasText: /too long/i })).toHaveCount(0);
  await expect.poll(async () => (await lab.state()).config).toMatchObject({ bidders: 2, mechanism: 'all-pay' });
  lab.expectNoPageErrors();
});

test('pause stops the curve, resume continues it, cancel ends the run, a new run completes', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('two-bidders');
  await lab.setPace(200);
  await lab.clickRun();
  await lab.waitForRows(15);

  await lab.byTestId('run.pause').click();
  await lab.waitForStatus('paused');
  expect((await lab.run()).status).toBe('paused');
  await expect(lab.byTestId('run.resume')).toBeVisible();
  // Paused means acknowledged by the worker, after the rows it sent: from then on the curve stands still.
  const pausedRows = (await lab.run()).rows;
  await lab.expectStandsStill(async () => (await lab.run()).rows, 'the row count');

  await lab.byTestId('run.resume').click();
  await lab.waitForStatus('running');
  await lab.waitForRows(pausedRows + 5);

  await lab.byTestId('run.cancel').click();
  await lab.waitForStatus('cancelled');
  const cancelled = await lab.run();
  expect(cancelled.status).toBe('cancelled');
  expect(cancelled.rows).toBeGreaterThan(pausedRows);
  await expect(lab.byTestId('run.cancel')).toBeDisabled();

  await lab.setPace(0);
  const s = await lab.runAndWait(RUN_TIMEOUT);
  expect(s.runs).toHaveLength(1);
  expect(s.runs[0].id).not.toBe(cancelled.id);
  expect(s.runs[0].status).toBe('done');
  lab.expectNoPageErrors();
});

/** Start a long, paced run (two bidders, 200,000 steps at 500 steps/s) and wait for its first rows; its id. */
async function startLongRun(lab: LabPage): Promise<string> {
  await lab.open('two-bidders');
  await lab.setField('steps', 200000);
  await lab.setPace(500);
  await lab.clickRun();
  await lab.waitForStatus('running');
  await lab.waitForRows(5);
  return (await lab.run()).id;
}

test('a crashed worker fails only its run, with a banner; the next run gets a fresh worker', async ({ page }) => {
  const lab = new LabPage(page);
  const id = await startLongRun(lab);

  await lab.crashWorkerOf(id);
  await lab.waitForStatus('failed', 30_000);
  const failed = await lab.run();
  expect(failed.id).toBe(id);
  expect(failed.status).toBe('failed');
  expect(failed.error).toMatch(/crash/i);
  expect(failed.rows, 'the curve so far is kept').toBeGreaterThan(0);
  const banner = lab.byTestId('banner').filter({ hasText: /failed/ });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(/crash/i);
  await lab.screenshot('learn-to-bid-crash.png');

  await lab.setField('steps', 500);
  await lab.setPace(0);
  const s = await lab.runAndWait(RUN_TIMEOUT);
  expect(s.runs[0].id).not.toBe(id);
  expect(s.runs[0].status).toBe('done');
  lab.expectNoPageErrors();
});

test('a worker killed without a word (as an out-of-memory kill) fails its run with the curve kept; the next run starts', async ({ page }) => {
  test.setTimeout(120_000);
  const lab = new LabPage(page);
  const id = await startLongRun(lab);

  await lab.killWorkerOf(id);
  // The watchdog notices the missing heartbeats (ten seconds of silence) and says what happened.
  await lab.waitForStatus('failed', 40_000);
  const failed = await lab.run();
  expect(failed.error).toMatch(/stopped responding/);
  expect(failed.rows, 'the curve so far is kept').toBeGreaterThan(0);
  await expect(lab.byTestId('banner').filter({ hasText: /stopped responding/ })).toBeVisible();

  await lab.setField('steps', 300);
  await lab.setPace(0);
  const s = await lab.runAndWait(RUN_TIMEOUT);
  expect(s.runs[0].status).toBe('done');
  lab.expectNoPageErrors();
});

test('run history survives a reload, overlays, exports JSON / CSV / PNG, and deletes', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('two-bidders');
  await lab.setField('steps', 400);
  await lab.setPace(0);
  const done = await lab.runAndWait(RUN_TIMEOUT);
  const runId = done.runs[0].id;
  const rows = lab.byTestId('history.row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('done');

  // IndexedDB keeps it across a reload.
  await lab.reload();
  await expect(rows).toHaveCount(1);
  expect((await lab.state()).historyCount).toBe(1);

  // Overlay it on the w chart.
  await rows.first().getByRole('checkbox').check();
  const legend = lab.byTestId('chart.w').locator('.recharts-legend-wrapper');
  await expect(legend).toContainText('past:');
  await lab.screenshot('learn-to-bid-history-overlay.png');

  // Export JSON.
  const [json] = await Promise.all([page.waitForEvent('download'), lab.byTestId('history.json').click()]);
  expect(json.suggestedFilename()).toMatch(/\.json$/);
  const doc = JSON.parse(await downloadText(json)) as { runs: { id: string; final: { w: number[] }; series: { train: unknown[] } }[] };
  expect(doc.runs).toHaveLength(1);
  expect(doc.runs[0].id).toBe(runId);
  expect(doc.runs[0].final.w).toHaveLength(2);
  for (const w of doc.runs[0].final.w) expect(typeof w).toBe('number');

  // Export the training series as CSV.
  const [csv] = await Promise.all([page.waitForEvent('download'), lab.byTestId('history.csv.train').click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const lines = (await downloadText(csv)).trim().split('\n');
  const header = lines[0].split(',');
  expect(header).toContain('step');
  expect(header).toContain('w0');
  expect(header).toContain('w1');
  expect(lines.length).toBeGreaterThan(10);

  // Chart PNG export.
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    lab.byTestId('chart.w').getByRole('button', { name: /PNG/ }).click(),
  ]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  const pngBytes = await readFile(await png.path());
  expect(pngBytes.length).toBeGreaterThan(1000);
  expect(pngBytes.subarray(1, 4).toString('latin1')).toBe('PNG');

  // Delete.
  await rows.first().getByRole('button', { name: /^Delete/ }).click();
  await expect(rows).toHaveCount(0);
  expect((await lab.state()).historyCount).toBe(0);
  await expect(legend).not.toContainText('past:');
  lab.expectNoPageErrors();
});

test('N sweep: seven runs land on (N−1)/N', async ({ page }) => {
  // Seven runs share one worker on a 2-core machine, and the page redraws seven curves: slow under load.
  test.setTimeout(240_000);
  const lab = new LabPage(page);
  await lab.open('');
  await lab.byTestId('preset.n-sweep').click();
  await expect(lab.byTestId('preset.n-sweep')).toHaveAttribute('aria-pressed', 'true');
  expect((await lab.state()).config).toMatchObject({ sweep: 'bidders', bidders: 8 });
  await lab.setField('steps', 3000);
  await lab.byTestId('run.pace').selectOption('0');
  // Every text the progress line shows during the sweep (it may change faster than a poll).
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { __progressSeen: seen });
    const el = document.querySelector('[data-testid="run.progress"]')!;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { subtree: true, childList: true, characterData: true });
  });

  await lab.clickRun();
  await expect(lab.byTestId('chart.sweep')).toBeVisible();
  const s = await lab.waitForRunsFinished(200_000);
  await lab.waitForStatus('done');
  expect(s.runs).toHaveLength(7);
  // One worker on a 2-core machine: the line said the runs went one after another.
  const workers = await page.evaluate(() => Math.max(1, (navigator.hardwareConcurrency || 2) - 1));
  const seen = await page.evaluate(() => (window as unknown as { __progressSeen: string[] }).__progressSeen);
  if (workers === 1) expect(seen.some((t) => t.includes('one after another')), seen.slice(0, 5).join(' | ')).toBe(true);
  const summary: string[] = [];
  for (const r of s.runs) {
    expect(r.status).toBe('done');
    const w = r.final?.w as number[];
    const n = w.length;
    const mean = w.reduce((a, b) => a + b, 0) / n;
    summary.push(`N=${n}: mean w ${mean.toFixed(4)} vs ${((n - 1) / n).toFixed(4)}`);
    expect(Math.abs(mean - (n - 1) / n), summary.join('; ')).toBeLessThan(0.05);
  }
  expect(s.runs.map((r) => (r.final?.w as number[]).length)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  // One dot per bidder per run: 2 + 3 + … + 8 = 35 (the theory curve's points draw no symbol).
  await expect.poll(() => lab.byTestId('chart.sweep').locator('.recharts-scatter-symbol path').count()).toBeGreaterThanOrEqual(35);
  // Seven runs and seven theory lines read as a compact key of two entries, not fourteen.
  const key = lab.byTestId('chart.w').locator('.recharts-legend-item');
  await expect(key).toHaveCount(2);
  await expect(key.first()).toContainText('N = 2, 3, 4, 5, 6, 7, 8 (one colour each)');
  await expect(key.nth(1)).toContainText('theory (N − 1)/N');
  await lab.screenshot('learn-to-bid-sweep.png');
  lab.expectNoPageErrors();
});

/**
 * Regression: a run's streamed events travel over the Comlink callback's own MessagePort, its result over the
 * worker's port. The worker now awaits a last callback round trip before returning, so the run settles (and
 * is saved to IndexedDB) only with its final snapshot and complete series. This tiny neural cpu run used to
 * reproduce the race nearly every time on the 2-core test machine.
 */
test('a run saved to history holds its final snapshot and complete series', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('two-bidders');
  for (const [key, value] of Object.entries({ policy: 'mlp', batch: 64, steps: 15, hidden: 8 })) await lab.setField(key, value);
  await lab.setBackend('cpu');
  await lab.setPace(0);
  const live = (await lab.runAndWait(RUN_TIMEOUT)).runs[0];
  await lab.reload();
  const [json] = await Promise.all([page.waitForEvent('download'), lab.byTestId('history.json').click()]);
  const saved = (JSON.parse(await downloadText(json)) as { runs: { series: { train: unknown[] }; snapshots: Record<string, { phase?: string; bids?: number[][] }> }[] }).runs[0];
  expect(saved.series.train).toHaveLength(live.rows);
  expect(saved.snapshots.progress?.phase).toBe('done');
  expect(saved.snapshots.bidFunctions?.bids).toEqual(live.bidFunctions?.bids);
  lab.expectNoPageErrors();
});

test('reloading or closing the tab during a run asks first; with no run in progress it does not', async ({ page }) => {
  const lab = new LabPage(page);
  const asked: string[] = [];
  page.on('dialog', (d) => {
    asked.push(d.type());
    void d.dismiss();
  });
  await startLongRun(lab);
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked).toEqual(['beforeunload']);
  expect(page.isClosed(), 'dismissing the prompt keeps the page').toBe(false);

  await lab.byTestId('run.cancel').click();
  await lab.waitForStatus('cancelled');
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => page.isClosed()).toBe(true);
  expect(asked).toEqual(['beforeunload']);
});

test('a run cut off by a reload is kept in the run history as interrupted, with its curve so far', async ({ page }) => {
  const lab = new LabPage(page);
  page.on('dialog', (d) => void d.accept());
  const id = await startLongRun(lab);
  await expect.poll(() => lab.checkpointsOf(id), { timeout: 30_000 }).toBeGreaterThan(0);
  await lab.reload();
  await expect.poll(async () => (await lab.state()).history.find((h) => h.id === id)?.status, { timeout: 30_000 }).toBe('interrupted');
  const kept = (await lab.state()).history.find((h) => h.id === id);
  expect(kept?.rows, 'the curve up to the last checkpoint').toBeGreaterThan(0);
  await expect(lab.byTestId('history').getByRole('cell', { name: 'interrupted' })).toBeVisible();
  expect((await lab.state()).runs, 'nothing runs after the reload').toHaveLength(0);
  lab.expectNoPageErrors();
});
