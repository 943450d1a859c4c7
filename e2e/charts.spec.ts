/**
 * Charts as readers get them: an exported chart holds its title, legend and axis labels (a card of several panels
 * exports every panel); each chart is an image with a name and its latest values, not an unnamed tab stop.
 */
import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { labs } from '../src/core/labs/registry';
import { LabPage } from './support/labPage';
import { artifactPath } from './support/launch';

const smoke = (id: string) => ({ ...labs.find((l) => l.id === id)!.smoke });

async function saved(page: Page, card: ReturnType<Page['getByTestId']>, kind: 'SVG' | 'PNG'): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), card.getByRole('button', { name: new RegExp(`as ${kind}$`) }).click()]);
  return download;
}

async function runSmoke(lab: LabPage, id: string): Promise<void> {
  await lab.byTestId(`lab.${id}`).click();
  for (const [k, v] of Object.entries(smoke(id))) await lab.setField(k, v);
  await lab.clickRun();
  const s = await lab.waitForRunsFinished(120_000);
  expect(s.runs.map((r) => r.status)).toEqual(s.runs.map(() => 'done'));
}

test('an exported learn-to-bid chart holds its title, legend and axis labels; the PNG is drawn from the same picture', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.setPace(0);
  await runSmoke(lab, 'learn-to-bid');
  const card = page.locator('section.chart-card').first();
  const title = (await card.locator('h3').textContent()) ?? '';
  const svg = readFileSync(await (await saved(page, card, 'SVG')).path(), 'utf8');
  expect(svg).toContain(title);
  const legend = await card.locator('.recharts-legend-item-text').allTextContents();
  expect(legend.length).toBeGreaterThan(0);
  for (const name of legend) expect(svg, `legend entry "${name}"`).toContain(name);
  const axisLabels = await card.locator('.recharts-label').allTextContents();
  expect(axisLabels.length).toBeGreaterThan(0);
  for (const label of axisLabels) expect(svg).toContain(label);

  const png = await saved(page, card, 'PNG');
  const file = artifactPath('exported-learn-to-bid-chart.png');
  await png.saveAs(file);
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  lab.expectNoPageErrors();
});

test('the carbon "Allocation rules compared" export contains every panel with its title and the rule legend', async ({ page }) => {
  test.setTimeout(180_000);
  const lab = new LabPage(page);
  await lab.open();
  await lab.setPace(0);
  await runSmoke(lab, 'carbon-market');
  const card = lab.byTestId('chart.rules');
  // The panels draw in their own tasks after the run ends: wait for the four of the comparison.
  const drawn = async () => {
    const shown = await card.locator('[data-testid^="bars."]').count();
    return shown >= 4 && (await card.locator('[data-testid^="bars."] .recharts-wrapper').count()) === shown;
  };
  await expect.poll(drawn, { message: 'every panel of the comparison drawn' }).toBe(true);
  const panels = await card.locator('[data-testid^="bars."]').count();
  expect(panels, 'the card shows at least the four panels of the rule comparison').toBeGreaterThanOrEqual(4);
  const svg = readFileSync(await (await saved(page, card, 'SVG')).path(), 'utf8');
  expect(svg.match(/class="recharts-surface"/g)?.length, 'every panel in the file').toBe(panels);
  for (const t of await card.locator('.chart-panel-title').allTextContents()) expect(svg).toContain(t.replace(/&/g, '&amp;'));
  for (const t of await card.locator('[data-legend-item]').allTextContents()) expect(svg).toContain(t.replace('■', '').trim());
  lab.expectNoPageErrors();
});

test('each line chart is an image named by its card, with its latest values; no unnamed application tab stops', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.setPace(0);
  await runSmoke(lab, 'learn-to-bid');
  const images = page.locator('section.chart-card svg.recharts-surface[role="img"]');
  expect(await images.count()).toBeGreaterThan(0);
  const cardTitle = (await page.locator('section.chart-card h3').first().textContent()) ?? '';
  // Each chart takes its data in its own task after the run ends: wait for the name to carry the latest values.
  await expect(images.first()).toHaveAttribute('aria-label', /latest: .*\d/);
  expect(await images.first().getAttribute('aria-label')).toContain(cardTitle);
  const unnamed = await page.locator('[role="application"]:not([aria-label])').count();
  expect(unnamed).toBe(0);
  lab.expectNoPageErrors();
});

test('a permit training column exports its four panels with their titles, legends and axis labels', async ({ page }) => {
  test.setTimeout(180_000);
  const lab = new LabPage(page);
  await lab.open();
  await lab.setPace(0);
  await lab.byTestId('lab.permit-auction').click();
  await lab.setField('mode', 'train');
  for (const [k, v] of Object.entries(smoke('permit-auction'))) await lab.setField(k, v);
  await lab.clickRun();
  await lab.waitForRunsFinished(150_000);
  const card = page.locator('section.chart-card[data-testid^="ppo.col."]').first();
  // Each panel takes its data in its own task after the run: wait for all four.
  await expect(card.locator('.recharts-wrapper > svg.recharts-surface'), 'demand reduction, revenue, efficiency and bids').toHaveCount(4);
  // Charts and their legend icons (recharts draws both as svg.recharts-surface): every one in the file.
  const surfaces = await card.locator('svg.recharts-surface').count();
  const svg = readFileSync(await (await saved(page, card, 'SVG')).path(), 'utf8');
  expect(svg).toContain((await card.locator('h3').textContent()) ?? '');
  expect(svg.match(/class="recharts-surface"/g)?.length, 'every panel and legend icon in the file').toBe(surfaces);
  const titles = await card.locator('.chart-panel-title').allTextContents();
  expect(titles).toHaveLength(4);
  for (const t of titles) expect(svg, `panel title "${t}"`).toContain(t);
  for (const name of await card.locator('.recharts-legend-item-text').allTextContents()) expect(svg, `legend entry "${name}"`).toContain(name.replace(/&/g, '&amp;'));
  for (const label of await card.locator('.recharts-label').allTextContents()) expect(svg, `axis label "${label}"`).toContain(label.replace(/&/g, '&amp;'));
  const png = await saved(page, card, 'PNG');
  const file = artifactPath('exported-permit-training-column.png');
  await png.saveAs(file);
  expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
  lab.expectNoPageErrors();
});
