import { test } from '@playwright/test';
import { LabPage } from './support/labPage.ts';

for (const seq of [['cpu', 'cpu', 'wasm', 'wasm', 'webgl', 'cpu'], ['wasm', 'cpu', 'webgpu', 'cpu']]) test(`explore ${seq.join(',')}`, async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('two-bidders');
  for (const [k, v] of Object.entries({ policy: 'mlp', bidders: 2, batch: 64, steps: 15, hidden: 8 })) await lab.setField(k, v);
  await page.getByTestId('controls.seed').fill('7');
  await page.getByTestId('controls.seed').press('Enter');
  await lab.setPace(0);
  for (const b of seq) {
    await lab.setBackend(b as never);
    await lab.clickRun();
    const s = await lab.waitForRunsFinished(120_000);
    const r = s.runs[0]!;
    const bf = r.bidFunctions!;
    console.log(b, r.status, r.backend, 'rows', r.rows, 'b0[40]', bf.bids[0]![40], 'b1[40]', bf.bids[1]![40], 'b0[20]', bf.bids[0]![20], 'util', JSON.stringify(r.final?.utilities), r.final?.l2ToEquilibrium);
  }
});
