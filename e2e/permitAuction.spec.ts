import { expect, test } from './support/fixtures.ts';
import { LabPage, presetHash } from './support/labPage';

/** Reads a figure card's main number, e.g. `permit.col.uniform.price`. */
async function figure(lab: LabPage, id: string): Promise<number> {
  return Number((await lab.byTestId(id).locator('.v').textContent())?.trim());
}

const MECHANISMS = ['uniform', 'discriminatory', 'vcg'] as const;

test('demand-reduction demo: withholding lowers the uniform price and efficiency; shading moves all three columns', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open(presetHash('demand-reduction', 'permit-auction'));
  for (const m of MECHANISMS) await expect(lab.byTestId(`permit.col.${m}`)).toBeVisible();
  // Hand-computed (src/core/labs/permitAuction/presets.ts): the big firm withholds its low tier → price 2.4.
  expect(await figure(lab, 'permit.col.uniform.price')).toBeCloseTo(2.4, 2);
  expect(await figure(lab, 'permit.col.uniform.efficiency')).toBeLessThan(0.95);
  // Headline DRI 2/7: the withheld share of true demand at the competitive price 36/7 (demo.test.ts).
  expect(await figure(lab, 'permit.col.uniform.dri')).toBeCloseTo(0.29, 2);
  // The big firm gains from withholding under uniform pricing and loses under VCG (the "vs truthful" column).
  await expect(lab.byTestId('permit.col.uniform.firm.0')).toContainText('+25.2');
  await expect(lab.byTestId('permit.col.vcg.firm.0')).toContainText('-39.6');
  await lab.screenshot('permit-auction-demo.png');

  // Truthful bids: the price goes back to 6, efficiency to ~1, DRI to 0 in every column.
  await lab.byTestId('permit.truthful').click();
  await expect.poll(() => figure(lab, 'permit.col.uniform.price')).toBeCloseTo(6, 2);
  for (const m of MECHANISMS) {
    expect(await figure(lab, `permit.col.${m}.dri`)).toBeCloseTo(0, 2);
    expect(await figure(lab, `permit.col.${m}.efficiency`)).toBeGreaterThan(0.99);
  }

  // Shade firm 1's low tier with its slider (keyboard): the low tier's price drops, so every column changes.
  const before = await Promise.all(MECHANISMS.map((m) => figure(lab, `permit.col.${m}.dri`)));
  const slider = lab.byTestId('permit.shade.0');
  await slider.focus();
  for (let k = 0; k < 16; k++) await page.keyboard.press('ArrowRight');
  // 16 steps of 5 %: a screen reader hears the shading with its unit.
  await expect(slider).toHaveAttribute('aria-valuetext', '80 % below the truthful low-tier price');
  await expect.poll(() => figure(lab, 'permit.col.uniform.dri')).toBeGreaterThan(before[0] + 0.1);
  for (const m of MECHANISMS) expect(await figure(lab, `permit.col.${m}.dri`)).toBeGreaterThan(0.1);
  expect(await figure(lab, 'permit.col.uniform.price')).toBeLessThan(6);
  await lab.screenshot('permit-auction-shaded.png');
  lab.expectNoPageErrors();
});

test('a bad bid (pL above pH) shows a message naming the firm and is not applied', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open(presetHash('four-firms', 'permit-auction'));
  const price = await figure(lab, 'permit.col.uniform.price');
  const cell = lab.byTestId('permit.bid.0.pL');
  await cell.fill('999');
  await cell.press('Enter');
  await expect(lab.byTestId('issue.bids')).toContainText('firm 1');
  await expect(lab.byTestId('issue.bids')).toContainText('must not increase');
  // The typed text stays for correction; the clearing still uses the last valid bids.
  await expect(cell).toHaveValue('999');
  expect(await figure(lab, 'permit.col.uniform.price')).toBe(price);
  // Fixing it clears the message.
  await cell.fill('1');
  await cell.press('Enter');
  await expect(lab.byTestId('issue.bids')).toHaveCount(0);
  lab.expectNoPageErrors();
});

test('a broken permit link (bad schedule) falls back with a banner', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('#v=1&lab=permit-auction&bids=%5B%5B1,2,3,4%5D%5D&supply=-5');
  await expect(lab.byTestId('banner')).toContainText('bids');
  await expect(lab.byTestId('banner')).toContainText('supply');
  await expect(lab.byTestId('permit.col.uniform')).toBeVisible();
  lab.expectNoPageErrors();
});

test('the lab tabs switch labs by mouse and keyboard', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open(presetHash('four-firms', 'permit-auction'));
  await expect(lab.byTestId('lab.permit-auction')).toHaveAttribute('aria-selected', 'true');
  await lab.byTestId('lab.permit-auction').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(lab.byTestId('lab.learn-to-bid')).toHaveAttribute('aria-selected', 'true');
  await expect(lab.byTestId('run.start')).toBeVisible();
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('lab=learn-to-bid');
  await lab.byTestId('lab.permit-auction').click();
  await expect(lab.byTestId('permit.col.vcg')).toBeVisible();
  lab.expectNoPageErrors();
});

test('review fixes: demo slider starts at 100% and un-withholding raises the price; bad firm types are reported; tabbing changes nothing', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open(presetHash('demand-reduction', 'permit-auction'));
  const slider = lab.byTestId('permit.shade.0');
  await expect(slider).toHaveValue('1');
  expect(await figure(lab, 'permit.col.uniform.price')).toBeCloseTo(2.4, 2);
  // Back to 0% shading: the big firm's low tier returns at its truthful size and price, the price goes back up.
  await slider.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => figure(lab, 'permit.col.uniform.price')).toBeCloseTo(6, 2);

  // A bad firm type: message, the last valid firms stay in use.
  await lab.open(presetHash('four-firms', 'permit-auction'));
  const c = lab.byTestId('permit.firm.0.c');
  await c.fill('0');
  await c.press('Enter');
  await expect(lab.byTestId('issue.firms')).toContainText('firm 1');
  await c.fill('1');
  await c.press('Enter');
  await expect(lab.byTestId('issue.firms')).toHaveCount(0);

  // Tabbing through bid cells without typing keeps the bids truthful (no silent rounding into explicit bids).
  await lab.byTestId('permit.bid.0.pH').focus();
  for (let k = 0; k < 8; k++) await page.keyboard.press('Tab');
  await expect(page.getByText('All firms bid truthfully.')).toBeVisible();
  lab.expectNoPageErrors();
});
