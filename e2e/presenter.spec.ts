/**
 * Presenter mode on the projector (1280×720 and 1920×1080): the classroom demos fit the screen without scrolling.
 * "Demand reduction: a big firm withholds its second tier" shows the shading control and all three mechanism
 * outcomes together; the learn-to-bid N sweep shows its whole chart. ("Demand reduction live" is checked with the
 * rest of presenter mode in permitTraining.spec.ts.) Screenshots go to e2e/artifacts/presenter-*.png.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { LabPage, presetHash } from './support/labPage';
import { artifactPath } from './support/launch';

const SIZES = [[1280, 720], [1920, 1080]] as const;

/** The lowest bottom edge (px, from the top of the unscrolled page) of the elements `selectors` match. */
function lowestEdge(page: Page, selectors: string[]): Promise<number> {
  return page.evaluate((sel) => {
    window.scrollTo(0, 0);
    const els = sel.flatMap((s) => [...document.querySelectorAll(s)]);
    if (els.length === 0) return Infinity;
    return Math.max(...els.map((e) => e.getBoundingClientRect().bottom));
  }, selectors);
}

for (const [width, height] of SIZES) {
  test(`${width}×${height}: the big-firm demo shows the shading control and the three outcomes without scrolling`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    const lab = new LabPage(page);
    await lab.open(presetHash('demand-reduction', 'permit-auction'));
    await lab.byTestId('presenter.enter').click();
    for (const m of ['uniform', 'discriminatory', 'vcg']) await expect(lab.byTestId(`permit.col.${m}`)).toBeVisible();
    await expect(lab.byTestId('permit.shade.0')).toBeVisible();
    const edge = await lowestEdge(page, ['[data-testid="permit.shade.0"]', '[data-testid^="permit.col."][data-testid$=".dri"]', '[data-testid^="permit.col."] .recharts-wrapper']);
    await page.screenshot({ path: artifactPath(`presenter-demand-reduction-${width}x${height}.png`) });
    expect(edge, 'lowest of the shading control, the outcome charts and their DRI figures').toBeLessThanOrEqual(height);
    lab.expectNoPageErrors();
  });

  test(`${width}×${height}: the learn-to-bid N sweep chart fits the screen`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    const lab = new LabPage(page);
    await lab.open(presetHash('n-sweep', 'learn-to-bid'));
    await lab.byTestId('presenter.enter').click();
    await expect(lab.byTestId('chart.sweep')).toBeVisible();
    const edge = await lowestEdge(page, ['[data-testid="chart.sweep"]']);
    await page.screenshot({ path: artifactPath(`presenter-n-sweep-${width}x${height}.png`) });
    expect(edge, 'bottom of the sweep chart card').toBeLessThanOrEqual(height);
    lab.expectNoPageErrors();
  });
}
