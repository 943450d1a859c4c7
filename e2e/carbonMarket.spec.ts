/**
 * The carbon-market lab end to end: the "Learned regulator vs grandfathering" preset trains in a worker and
 * shows the comparison, the training curve, the year-by-year panels and the learned allocation; the equality
 * weight sweep runs its five runs in the pool and plots each rule's objective; a bad link is clamped with a message.
 */
import { expect, test } from './support/fixtures.ts';
import { LabPage, presetHash } from './support/labPage';

const LAB = 'carbon-market';
const RUN_TIMEOUT = 120_000;

test('learned regulator vs grandfathering: trains, beats the classic rules, and every panel draws', async ({ page }) => {
  test.setTimeout(150_000);
  const lab = new LabPage(page);
  await lab.open(presetHash('learned-vs-grandfathering', LAB));
  expect((await lab.state()).config).toMatchObject({ policy: 'learned', firms: 5, years: 10, budget: 200 });
  await expect(lab.byTestId('chart.rules')).toContainText('Press Run');

  await lab.clickRun();
  await lab.waitForRows(5, 60_000);
  // The classic rules are evaluated before training starts: their bars are there mid-run.
  await expect(lab.byTestId('bars.objective').locator('.recharts-bar-rectangle')).toHaveCount(4);
  await lab.screenshot('carbon-market-mid.png');

  const state = await lab.waitForRunsFinished(RUN_TIMEOUT);
  const run = state.runs[0];
  expect(run.status).toBe('done');
  // The firms' PPO runs on the SIMD kernels wherever WebAssembly SIMD compiles (it does in this Chromium).
  expect(run.backend).toBe('simd');
  const f = run.final!;
  for (const k of ['productivity', 'equality', 'emissions', 'shortfall', 'objective', 'allowancePrice']) expect(Number.isFinite(f[k] as number), k).toBe(true);
  const vs = f.learnedVsClassic as unknown as { margin: number; seedsWon: number; seeds: number };
  expect(vs.margin).toBeGreaterThanOrEqual(0);
  expect(f.issued as number).toBeLessThanOrEqual(200 + 1e-9);

  // Comparison: five bars per panel, the honest note, the key figures.
  for (const k of ['objective', 'productivity', 'equality', 'emissions']) {
    await expect(lab.byTestId(`bars.${k}`).locator('.recharts-bar-rectangle')).toHaveCount(5);
  }
  await expect(lab.byTestId('carbon.note')).toContainText('at least as high');
  await expect(lab.byTestId('metric.margin')).not.toContainText('—');

  // Training curve and year panels draw real paths; the learned allocation draws a stacked bar per firm and year.
  await expect.poll(() => lab.linePaths('training').count()).toBeGreaterThanOrEqual(1);
  for (const id of ['emissions', 'price', 'output', 'wealth']) await expect.poll(() => lab.linePaths(id).count(), { message: id }).toBeGreaterThanOrEqual(1);
  await expect(lab.byTestId('chart.allocation').locator('.recharts-bar-rectangle')).toHaveCount(50);
  await lab.screenshot('carbon-market-after.png');

  // The policy picker (keyboard-accessible select) switches the year panels to grandfathering.
  await lab.byTestId('carbon.policy').selectOption('grandfathering');
  await expect(lab.byTestId('chart.emissions')).toContainText('Grandfathering');
  // It is the config's "Policy shown" field: the form and the link follow.
  expect((await lab.state()).config.policy).toBe('grandfathering');
  await expect(lab.byTestId('controls.policy')).toHaveValue('grandfathering');
  await expect(page).toHaveURL(/[#&]policy=grandfathering(&|$)/);
  await lab.screenshot('carbon-market-grandfathering.png');
  lab.expectNoPageErrors();
});

test('equality weight sweep: five runs in the pool, each rule’s objective against wE', async ({ page }) => {
  test.setTimeout(200_000);
  const lab = new LabPage(page);
  await lab.open(presetHash('equality-sweep', LAB));
  await expect(lab.byTestId('chart.sweep')).toBeVisible();
  await lab.setField('iterations', 20);
  await lab.clickRun();
  const state = await lab.waitForRunsFinished(180_000);
  expect(state.runs).toHaveLength(5);
  expect(state.runs.every((r) => r.status === 'done')).toBe(true);
  const weights = state.runs.map((r) => (r.final?.byRule as unknown as Record<string, { objective: number }>).equal.objective);
  // Equality < 1, so a higher exponent lowers the classic rules' objective: strictly decreasing in wE.
  for (let i = 1; i < weights.length; i++) expect(weights[i]).toBeLessThan(weights[i - 1]);
  await expect.poll(() => lab.linePaths('sweep').count()).toBeGreaterThanOrEqual(5);
  await lab.screenshot('carbon-market-sweep.png');
  lab.expectNoPageErrors();
});

test('PPO firms: the firms train first; pause holds the curve, resume continues, cancel ends the run', async ({ page }) => {
  test.setTimeout(90_000);
  const lab = new LabPage(page);
  await lab.open(presetHash('learned-vs-grandfathering', LAB));
  // The form shows the training order only for PPO firms.
  await expect(lab.byTestId('controls.schedule')).toHaveCount(0);
  await lab.byTestId('controls.firmAgents').selectOption('ppo');
  await expect(lab.byTestId('controls.schedule')).toBeVisible();
  await lab.setField('episodes', 16);
  await lab.setField('firmIterations', 2000);
  await lab.clickRun();
  await lab.waitForRows(3, 60_000);
  await lab.byTestId('run.pause').click();
  await lab.waitForStatus('paused');
  // Paused means acknowledged by the worker, after the rows it sent: from then on the curve stands still.
  const paused = (await lab.run()).rows;
  await lab.expectStandsStill(async () => (await lab.run()).rows, 'the row count');
  await lab.byTestId('run.resume').click();
  await lab.waitForRows(paused + 3, 60_000);
  const rows = (await lab.run()).lastRow!;
  expect(rows.phase).toBe(0); // still the firms' phase (2000 firm updates come first)
  await lab.byTestId('run.cancel').click();
  await lab.waitForStatus('cancelled');
  lab.expectNoPageErrors();
});

test('a bad link is clamped with a message naming the field', async ({ page }) => {
  const lab = new LabPage(page);
  const hash = presetHash('learned-vs-grandfathering', LAB).replace(/([#&])firms=5/, '$1firms=40');
  await lab.open(hash);
  const s = await lab.state();
  expect(s.config.firms).toBe(20);
  expect(s.notices.join(' ')).toMatch(/firms/);
  lab.expectNoPageErrors();
});
