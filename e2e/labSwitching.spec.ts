import { readFileSync } from 'node:fs';
import { expect, test } from './support/fixtures.ts';
import { labs } from '../src/core/labs/registry';
import { LabPage } from './support/labPage';

/** Each lab's own smoke budget (its definition's `smoke`): every lab runs once in a few seconds. */
const TINY: Record<string, Record<string, unknown>> = Object.fromEntries(labs.map((l) => [l.id, { ...l.smoke }]));
const LABS = labs.map((l) => l.id);

test('after a run in any lab, every other lab draws without an error and shows only its own run', async ({ page }) => {
  test.setTimeout(240_000);
  const lab = new LabPage(page);
  await lab.open();
  await lab.setPace(0);
  const ran: Record<string, string[]> = {};
  for (const id of LABS) {
    await lab.byTestId(`lab.${id}`).click();
    await expect(page.getByRole('tab', { selected: true })).toHaveAttribute('data-testid', `lab.${id}`);
    for (const [k, v] of Object.entries(TINY[id])) await lab.setField(k, v);
    await lab.clickRun();
    const s = await lab.waitForRunsFinished(120_000);
    expect(s.runs.map((r) => r.status), `${id}: ${s.runs.map((r) => r.error).join('; ')}`).toEqual(s.runs.map(() => 'done'));
    ran[id] = s.runs.map((r) => r.id);
    // The run history speaks this lab: its own headline columns, an overlay it can draw, a CSV with rows.
    const history = lab.byTestId('history');
    await expect(history.getByTestId('history.row').first()).toBeVisible();
    if (id !== 'learn-to-bid') await expect(history.locator('th', { hasText: 'final w' })).toHaveCount(0);
    await expect(history.getByRole('checkbox').first()).toBeEnabled();
    const [download] = await Promise.all([page.waitForEvent('download'), history.locator('[data-testid^="history.csv."]').first().click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.trim().split('\n').length, `${id}: the series CSV has rows`).toBeGreaterThan(1);
    for (const other of LABS.filter((o) => o !== id)) {
      await lab.byTestId(`lab.${other}`).click();
      await expect(page.getByRole('tab', { selected: true })).toHaveAttribute('data-testid', `lab.${other}`);
      await expect(page.getByText('Something went wrong')).toHaveCount(0);
      const seen = await lab.state();
      expect(seen.lab).toBe(other);
      // The other lab shows its own last run (if it ran already), never this lab's.
      expect(seen.runs.map((r) => r.id)).toEqual(ran[other] ?? []);
    }
    await lab.byTestId(`lab.${id}`).click();
    await expect(page.getByText('Something went wrong')).toHaveCount(0);
  }
  lab.expectNoPageErrors();
});

test('each lab keeps its settings across tab switches, and the link follows the visible lab', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.setField('bidders', 5);
  await expect(page.getByTestId('lab.description')).not.toContainText('w → 1/2');
  await lab.byTestId('lab.permit-auction').click();
  await expect(page).toHaveURL(/lab=permit-auction/);
  await lab.byTestId('lab.learn-to-bid').click();
  expect((await lab.state()).config.bidders).toBe(5);
  await expect(page).toHaveURL(/lab=learn-to-bid.*bidders=5/);
  lab.expectNoPageErrors();
});

test('a new link pasted into a lab that ran shows the new experiment only, with its own warnings', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('#v=1&lab=learn-to-bid&bidders=999&steps=60');
  await expect(page.getByTestId('banner').filter({ hasText: 'bidders' })).toHaveCount(1);
  await lab.setPace(0);
  await lab.runAndWait();
  await page.evaluate(() => { location.hash = '#v=1&lab=learn-to-bid&mechanism=second-price&steps=60'; });
  await expect.poll(async () => (await lab.state()).config.mechanism).toBe('second-price');
  expect((await lab.state()).runs).toEqual([]);
  await expect(page.getByTestId('banner').filter({ hasText: 'bidders' })).toHaveCount(0);
  await expect(lab.byTestId('metric.revenue')).toContainText('—');
  lab.expectNoPageErrors();
});

test('choosing a preset, switching lab and changing a setting each make a history entry: Back walks through them', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('two-bidders');
  const hashChanges = async (act: () => Promise<unknown>) => {
    const before = new URL(page.url()).hash;
    await act();
    await expect.poll(() => new URL(page.url()).hash).not.toBe(before);
  };
  await hashChanges(() => lab.byTestId('preset.annealing').click());
  await hashChanges(() => lab.byTestId('controls.mechanism').selectOption('second-price'));
  await hashChanges(() => lab.byTestId('lab.carbon-market').click());
  expect((await lab.state()).lab).toBe('carbon-market');

  expect(await page.evaluate(() => history.length), 'the opened link and three changes').toBeGreaterThanOrEqual(4);
  const where = () => lab.state().then((s) => [s.lab, s.config.mechanism]);
  await page.goBack();
  await expect.poll(where).toEqual(['learn-to-bid', 'second-price']);
  await page.goBack();
  await expect.poll(where).toEqual(['learn-to-bid', 'first-price']);
  await expect(lab.byTestId('preset.annealing')).toHaveAttribute('aria-pressed', 'true');
  await page.goBack();
  await expect(lab.byTestId('preset.two-bidders')).toHaveAttribute('aria-pressed', 'true');
  await page.goForward();
  await expect(lab.byTestId('preset.annealing')).toHaveAttribute('aria-pressed', 'true');
  lab.expectNoPageErrors();
});
