/**
 * The all-pay design lab end to end: the Fig. 4 preset runs the whole loop (one worker run per design, then
 * the surrogate fit as the final phase), points appear as designs finish, the ascent lands on w* = 1 for the
 * prize split and the payment split comes out flat. State is read through the test bridge (`window.__lab`).
 */
import { expect, test } from './support/fixtures.ts';
import { LabPage, presetHash } from './support/labPage.ts';

const LAB = 'all-pay-design';
const RUN_TIMEOUT = 90_000;

test('Fig. 4 preset: designs stream in, the fit ascends to w* = 1 beside the theory line', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open(presetHash('fig4', LAB));
  await expect(lab.byTestId('reading')).toContainText('On screen: Prize split');
  // Before a run: the theory line is drawn and the chart says what to do.
  await expect(lab.byTestId('chart.design')).toContainText('Press Run');
  await expect(lab.byTestId('chart.design')).toContainText('(n − 3 + 2w)/(n + 1)');
  // Smaller than the preset so the spec stays quick on two cores.
  await lab.setField('designs', 5);
  await lab.setField('rounds', 3);
  await lab.clickRun();
  let s = await lab.state();
  expect(s.runs).toHaveLength(5);
  // Mid-run: at least one design point is on the chart while others still run or wait.
  await expect.poll(async () => (await lab.state()).runs.filter((r) => r.status === 'done').length, { timeout: RUN_TIMEOUT }).toBeGreaterThanOrEqual(1);
  await expect(lab.byTestId('metric.designs')).not.toContainText('—');
  await lab.screenshot('all-pay-design-mid.png');

  // The final phase joins as a sixth run and reports w*.
  await expect.poll(async () => (await lab.state()).runs.length, { timeout: RUN_TIMEOUT }).toBe(6);
  s = await lab.waitForRunsFinished(RUN_TIMEOUT);
  const fit = s.runs[5];
  expect(fit.status).toBe('done');
  expect(fit.final?.bestW as number).toBeGreaterThan(0.95);
  expect(Math.abs((fit.final?.bestRevenue as number) - 0.5)).toBeLessThan(0.03);
  const samples = fit.final?.samples as unknown as { w: number; revenue: number }[];
  expect(samples).toHaveLength(5);
  for (const p of samples) expect(Math.abs(p.revenue - p.w / 2)).toBeLessThan(0.03);
  await expect(lab.byTestId('metric.bestW')).toContainText(/0\.9\d\d|1\.000/);
  await expect(lab.byTestId('metric.bestW')).toContainText('theory 1');
  // Fitted curve and theory are real paths; the per-design charts show the design nearest w*.
  await expect.poll(() => lab.linePaths('design').count()).toBeGreaterThanOrEqual(2);
  await expect(lab.byTestId('chart.bids')).toContainText('w = 1.000');
  await expect.poll(() => lab.linePaths('bids').count()).toBe(2);
  await expect.poll(() => lab.linePaths('learning').count()).toBeGreaterThanOrEqual(3);
  // Keyboard: pick another design in the select.
  const select = lab.byTestId('design.select');
  await select.focus();
  await select.selectOption({ index: 0 });
  await expect(lab.byTestId('chart.bids')).toContainText('w = 0.500');
  await lab.screenshot('all-pay-design-done.png');
  lab.expectNoPageErrors();
});

test('payment split preset: the fitted R(w) is flat at (n − 1)/(n + 1) = 1/2; cancel stops the loop without a fit', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open(presetHash('payment-split', LAB));
  await expect(lab.byTestId('reading')).toContainText('On screen: Payment split');
  await lab.setField('designs', 3);
  await lab.setField('rounds', 2);
  const s = await lab.runAndWait(RUN_TIMEOUT);
  await expect.poll(async () => (await lab.state()).runs.length, { timeout: RUN_TIMEOUT }).toBe(4);
  const done = await lab.waitForRunsFinished(RUN_TIMEOUT);
  const fit = done.runs[3].final!;
  expect(Math.abs((fit.bestRevenue as number) - 0.5)).toBeLessThan(0.02);
  const curve = fit.fit as unknown as { revenue: number }[];
  expect(Math.max(...curve.map((p) => p.revenue)) - Math.min(...curve.map((p) => p.revenue))).toBeLessThan(0.03);
  await expect(lab.byTestId('metric.bestW')).toContainText('every w earns the same');
  expect(s.runs.length).toBeGreaterThanOrEqual(3);
  await lab.screenshot('all-pay-design-payment-split.png');

  // Cancel mid-loop: no final phase starts.
  await lab.setField('designs', 6);
  await lab.setField('iterations', 3000);
  await lab.clickRun();
  await lab.waitForStatus('running');
  await lab.byTestId('run.cancel').click();
  const after = await lab.waitForRunsFinished(RUN_TIMEOUT);
  expect(after.runs).toHaveLength(6);
  expect(after.runs.some((r) => r.status === 'cancelled')).toBe(true);
  lab.expectNoPageErrors();
});

test('a bad link is repaired with a message naming the field', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open(presetHash('fig4', LAB).replace('bidders=3', 'bidders=9'));
  const s = await lab.state();
  expect(s.config.bidders).toBe(5);
  expect(s.notices.join(' ')).toContain('bidders');
  lab.expectNoPageErrors();
});

test('mode simulate with PPO bidders: one design, its bid function and learning curve, no fit phase', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open(presetHash('fig4', LAB));
  await lab.setField('mode', 'simulate');
  await lab.setField('learner', 'ppo');
  await lab.setField('w', 0.9);
  await lab.setField('rounds', 1);
  await lab.setField('iterations', 40);
  // PPO has no exploration phase: the field is hidden; the design count does not apply to one design.
  await expect(lab.byTestId('controls.exploration')).toHaveCount(0);
  await expect(lab.byTestId('controls.designs')).toHaveCount(0);
  await expect(lab.byTestId('controls.w')).toHaveCount(1);
  const s = await lab.runAndWait(RUN_TIMEOUT);
  expect(s.runs).toHaveLength(1);
  const m = s.runs[0].final!;
  expect(m.mode).toBe('simulate');
  expect(m.w).toBe(0.9);
  expect(Number.isFinite(m.revenue as number)).toBe(true);
  await expect(lab.byTestId('reading')).toContainText('independent PPO');
  await expect.poll(() => lab.linePaths('bids').count()).toBe(2);
  await expect(lab.byTestId('chart.bids')).toContainText('w = 0.900');
  lab.expectNoPageErrors();
});
