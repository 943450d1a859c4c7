import { expect, test } from './support/fixtures.ts';
import { LabPage, presetHash } from './support/labPage';

const LAB = 'optimal-auction';
const RUN_TIMEOUT = 90_000;

test('Myerson preset (small budget): curves live, then revenue above Vickrey, IR 0, heatmaps with Myerson’s boundary, baseline table', async ({ page }) => {
  test.setTimeout(150_000);
  const lab = new LabPage(page);
  await lab.open(presetHash('myerson', LAB));
  expect((await lab.state()).config).toMatchObject({ prior: 'uniform', bidders: 2 });
  // A smaller budget than the preset's, for CI on 2 cores: a warm start toward Myerson instead of learning from scratch.
  await lab.setField('warmStart', 'classic');
  await lab.setField('imitationSteps', 500);
  await lab.setField('steps', 60);
  await lab.setField('evalDraws', 512);
  await expect(lab.byTestId('chart.revenue')).toContainText('Press Run');
  await lab.clickRun();
  await lab.waitForStatus('running');
  await lab.waitForRows(20);
  await lab.screenshot('optimal-auction-mid.png');
  await lab.waitForStatus('done', RUN_TIMEOUT);
  const run = (await lab.waitForRunsFinished()).runs[0];
  expect(run.status).toBe('done');
  const f = run.final!;
  expect(f.irViolations).toBe(0);
  expect(f.revenue as number).toBeGreaterThan(f.vickreyRevenue as number);
  expect(f.myersonClosedForm as number).toBeCloseTo(5 / 12, 6);
  expect(['wasm', 'webgl', 'cpu', 'webgpu']).toContain(f.backend);
  // Curves are drawn; the heatmaps and the table show up once the run is done.
  await expect.poll(() => lab.linePaths('revenue').count()).toBeGreaterThanOrEqual(2);
  await expect(lab.byTestId('chart.heat-alloc').locator('svg.heatmap path')).toHaveCount(2);
  await expect(lab.byTestId('chart.heat-pay').locator('svg.heatmap')).toBeVisible();
  await expect(lab.byTestId('oa.table')).toContainText('Myerson');
  await expect(lab.byTestId('metric.ir').locator('.v')).toHaveText('0');
  await lab.byTestId('oa.heatmapBidder').selectOption('1');
  await expect(lab.byTestId('chart.heat-alloc')).toContainText('P(bidder 2 wins)');
  await lab.screenshot('optimal-auction-after.png');
  // Run again: phase 1 comes from the warm-start cache (IndexedDB in the worker), and phase 2 repeats exactly.
  await lab.clickRun();
  await lab.waitForStatus('done', RUN_TIMEOUT);
  const again = (await lab.waitForRunsFinished()).runs[0];
  expect(again.final!.warmStart).toBe('myerson (cached)');
  expect(again.final!.revenue).toBe(f.revenue);
  await expect(lab.byTestId('chart.imitation')).toContainText('came from the cache');
  lab.expectNoPageErrors();
});

test('a tuning study: two workers fill the trials table; best trial, exports, saved across a reload, "run with best"', async ({ page }) => {
  test.setTimeout(150_000);
  const lab = new LabPage(page);
  await lab.open(presetHash('study', LAB));
  for (const [k, v] of Object.entries({ study: 3, studyStartup: 2, studyWorkers: 2, imitationSteps: 150, steps: 15, evalDraws: 256, evalMisreportRestarts: 9, evalMisreportSteps: 5 })) await lab.setField(k, v);
  await expect(lab.byTestId('study.empty')).toBeVisible();
  await lab.clickRun();
  const state = await lab.waitForRunsFinished(RUN_TIMEOUT);
  expect(state.runs).toHaveLength(2);
  expect(state.runs.every((r) => r.status === 'done')).toBe(true);
  await expect(lab.byTestId('study.trials').locator('.v')).toHaveText('3 / 3');
  await expect(lab.byTestId('study.table').locator('tbody tr')).toHaveCount(3);
  await expect(lab.byTestId('chart.study-pareto')).toBeVisible();
  const download = page.waitForEvent('download');
  await lab.byTestId('study.csv').click();
  expect((await download).suggestedFilename()).toMatch(/trials.*\.csv$/);
  await lab.screenshot('optimal-auction-study.png');
  // Close and come back: the saved study (IndexedDB) is shown before any run, ready for more trials.
  await lab.reload();
  await expect(lab.byTestId('study.trials').locator('.v')).toHaveText('3 / 3');
  await expect(lab.byTestId('study.table').locator('tbody tr')).toHaveCount(3);
  await expect(lab.byTestId('study.add')).toBeEnabled();
  await lab.byTestId('study.runBest').click();
  await expect.poll(async () => (await lab.state()).config.study).toBe(0);
  lab.expectNoPageErrors();
});
