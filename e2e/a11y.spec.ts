/**
 * axe-core over every lab, before and after a run and in presenter mode: no violation of impact moderate or worse.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { labs } from '../src/core/labs/registry';
import { LabPage } from './support/labPage';

const SERIOUS = new Set(['moderate', 'serious', 'critical']);

async function violations(page: Page, when: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => SERIOUS.has(v.impact ?? ''))
    .map((v) => `${when}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const def of labs) {
  test(`${def.id}: no axe-core violations (moderate or worse) before and after a run, and in presenter mode`, async ({ page }) => {
    test.setTimeout(180_000);
    const lab = new LabPage(page);
    await lab.open();
    await lab.byTestId(`lab.${def.id}`).click();
    await expect(page.getByRole('tab', { selected: true })).toHaveAttribute('data-testid', `lab.${def.id}`);
    if (def.id === 'permit-auction') await lab.setField('mode', 'train');
    for (const [k, v] of Object.entries(def.smoke)) await lab.setField(k, v);
    await lab.setPace(0);
    const found = await violations(page, 'before a run');
    await lab.clickRun();
    await lab.waitForRunsFinished(150_000);
    found.push(...(await violations(page, 'after a run')));
    await page.getByRole('button', { name: 'Presenter mode' }).click();
    await expect(page.locator('body.presenter')).toHaveCount(1);
    found.push(...(await violations(page, 'presenter mode')));
    expect(found).toEqual([]);
  });
}
