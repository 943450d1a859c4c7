import { readFile } from 'node:fs/promises';
import { test } from '@playwright/test';
import { LabPage } from './support/labPage.ts';

for (const mlp of [false, true]) test(`explore race ${mlp}`, async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('two-bidders');
  await lab.setField('steps', mlp ? 15 : 600);
  if (mlp) for (const [k, v] of Object.entries({ policy: 'mlp', bidders: 2, batch: 64, hidden: 8 })) await lab.setField(k, v);
  if (mlp) await lab.setBackend('cpu');
  await lab.setPace(0);
  await lab.clickRun();
  await lab.waitForStatus('done', 60000);
  const a = await lab.run();
  console.log(mlp, 'at done: rows', a.rows, 'phase', a.progress?.phase, 'progress.done', a.progress?.done);
  await page.waitForTimeout(1000);
  const b = await lab.run();
  console.log(mlp, '1s later: rows', b.rows, 'phase', b.progress?.phase);
  await lab.reload();
  const [json] = await Promise.all([page.waitForEvent('download'), lab.byTestId('history.json').click()]);
  const doc = JSON.parse(await readFile(await json.path(), 'utf8'));
  console.log(mlp, 'history rows', doc.runs[0].series.train.length, 'last step', doc.runs[0].series.train.at(-1)?.step, 'snapshot progress', doc.runs[0].snapshots.progress?.phase, doc.runs[0].snapshots.progress?.done);
});
