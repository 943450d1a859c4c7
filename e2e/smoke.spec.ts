import { expect, test } from './support/fixtures.ts';
import { artifactPath, watchPageErrors } from './support/launch.ts';

test('the app loads without errors', async ({ page }) => {
  const errors = watchPageErrors(page);

  await page.goto('/');
  await expect(page).toHaveTitle('Auction Lab');
  await expect(page.locator('#root')).not.toBeEmpty();
  // Let lazy chunks and workers started at load report their failures, if any.
  await page.waitForLoadState('networkidle');

  await page.screenshot({ path: artifactPath('smoke.png'), fullPage: true });
  expect(errors.all(), errors.all().join('\n')).toEqual([]);
});

test('one main landmark holds the lab tab panel, named by its tab', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('main')).toHaveCount(1);
  const panel = page.getByRole('main').getByRole('tabpanel');
  await expect(panel).toHaveCount(1);
  const selected = page.getByRole('tab', { selected: true });
  await expect(panel).toHaveAccessibleName((await selected.textContent()) ?? '');
});
