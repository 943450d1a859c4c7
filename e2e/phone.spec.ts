/**
 * The app on a phone (390×844, touch): no page wider than the screen in any lab or mode, touch targets of at
 * least 44×44 px, and after tapping Run the results are in view. Screenshots of every lab go to e2e/artifacts/.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { labs } from '../src/core/labs/registry';
import { LabPage } from './support/labPage';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

/** Smallest touch target side (px), as WCAG 2.5.5 and the platform guidelines ask. */
const TOUCH = 44;

/** Widest thing on the page (px) and what sticks out past the screen. */
async function overflow(page: Page): Promise<{ scrollWidth: number; wide: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 1) continue;
      // Inside a box that scrolls sideways on its own: allowed.
      let p = el.parentElement;
      let scrolls = false;
      for (; p && p !== document.body; p = p.parentElement) if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX) && p.getBoundingClientRect().right <= width + 1) scrolls = true;
      if (!scrolls) wide.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(r.right)} px)`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8) };
  });
}

/** Visible controls smaller than a finger. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role="tab"], a[href], summary, label.button-like')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
      // A visually hidden input is operated through its label (checked as label.button-like).
      if (el.classList.contains('visually-hidden')) continue;
      if (r.height < min - 0.5 || r.width < min - 0.5) out.push(`${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 20)}] ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  }, TOUCH);
}

for (const def of labs) {
  test(`${def.id} on a phone: nothing wider than the screen, touch targets ≥ 44 px, results in view after Run`, async ({ page }) => {
    test.setTimeout(180_000);
    const lab = new LabPage(page);
    await lab.open();
    await lab.byTestId(`lab.${def.id}`).tap();
    await expect(page.getByRole('tab', { selected: true })).toHaveAttribute('data-testid', `lab.${def.id}`);
    if (def.id === 'permit-auction') await lab.setField('mode', 'train');
    for (const [k, v] of Object.entries(def.smoke)) await lab.setField(k, v);
    await lab.setPace(0);
    await page.screenshot({ path: `e2e/artifacts/phone-${def.id}-before.png`, fullPage: false });
    const before = await overflow(page);
    expect(before.wide, 'elements past the right edge').toEqual([]);
    expect(before.scrollWidth).toBeLessThanOrEqual(390);
    expect(await smallTargets(page), 'controls smaller than 44×44 px').toEqual([]);

    await lab.byTestId('run.start').tap();
    // The results (the lab's view below its introduction) are brought to the top of the screen, and stay in view.
    const top = () => page.locator('#lab-results').evaluate((el) => Math.abs(el.getBoundingClientRect().top));
    await expect.poll(top, { message: 'results at the top of the screen after the tap' }).toBeLessThan(60);
    await lab.waitForRunsFinished(150_000);
    await expect(page.locator('#lab-results')).toBeInViewport();
    await page.screenshot({ path: `e2e/artifacts/phone-${def.id}-after.png`, fullPage: false });
    const after = await overflow(page);
    expect(after.wide, 'elements past the right edge after the run').toEqual([]);
    expect(await smallTargets(page), 'controls smaller than 44×44 px after the run').toEqual([]);
  });
}
