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
