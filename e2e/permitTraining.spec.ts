import { readFile } from 'node:fs/promises';
import { expect, test } from './support/fixtures.ts';
import { LabPage, presetHash } from './support/labPage';
import { artifactPath } from './support/launch';
import { permitAuctionPresets } from '../src/core/labs/permitAuction/presets.ts';

const MECHANISMS = ['uniform', 'discriminatory', 'vcg'] as const;

test('demand reduction live: three workers train side by side, pause/resume, uniform shades more than VCG', async ({ page }) => {
  test.setTimeout(150_000);
  const lab = new LabPage(page);
  await lab.open(presetHash('demand-reduction-live', 'permit-auction'));
  for (const m of MECHANISMS) await expect(lab.byTestId(`ppo.col.${m}`)).toBeVisible();
  await lab.clickRun();
  // Three workers: all three runs are training at the same moment (the pool widens for a side-by-side job).
  await expect.poll(async () => (await lab.state()).runs.filter((r) => r.status === 'running').length, { timeout: 20_000 }).toBe(3);
  // Every column fills with evaluation rows.
  await expect.poll(async () => (await lab.state()).runs.map((r) => r.rows >= 3).every(Boolean), { timeout: 60_000 }).toBe(true);
  await lab.screenshot('permit-training-mid.png');

  // Pause: every run stops; nothing moves for a second; resume finishes them.
  await lab.byTestId('run.pause').click();
  await lab.waitForStatus('paused', 15_000);
  // Paused means every worker acknowledged it, after the events it sent: from then on nothing moves.
  await lab.expectStandsStill(async () => (await lab.state()).runs.map((r) => r.progress?.done ?? 0), 'progress');
  await lab.byTestId('run.resume').click();
  const done = await lab.waitForRunsFinished(120_000);
  expect(done.runs.map((r) => r.status)).toEqual(['done', 'done', 'done']);

  const final = Object.fromEntries(done.runs.map((r) => [r.final!.mechanism as string, r.final!]));
  expect((final.uniform.dri as number) - (final.vcg.dri as number)).toBeGreaterThanOrEqual(0.15);
  expect(final.uniform.revenue as number).toBeLessThan(final.vcg.revenue as number);
  for (const m of MECHANISMS) await expect(lab.byTestId(`ppo.summary.${m}`)).toContainText('±');
  await expect(lab.byTestId('ppo.summary')).toContainText('Summary after training');
  await lab.screenshot('permit-training-after.png');
  lab.expectNoPageErrors();
});

test('play against trained firms: a round completes, the score counts, bad bids are refused; policies export and import', async ({ page }) => {
  test.setTimeout(120_000);
  const lab = new LabPage(page);
  await lab.open(presetHash('play-trained', 'permit-auction'));
  await lab.setField('auctions', 5120);
  await lab.clickRun();
  await lab.waitForRunsFinished(60_000);
  const panel = lab.byTestId('play.panel');
  await expect(panel).toContainText('You are firm 1');
  await expect(lab.byTestId('play.round')).toHaveText('Round 1');

  // An invalid bid (low tier above the high tier) is refused with a message and the entry is kept.
  await lab.byTestId('play.pL').fill('999');
  await lab.byTestId('play.submit').click();
  await expect(lab.byTestId('play.issue')).toContainText('prices must not increase');
  await expect(lab.byTestId('play.pL')).toHaveValue('999');

  // A truthful bid: the round clears and earns exactly what truthful bidding earns.
  await page.getByRole('button', { name: 'Fill truthful' }).click();
  await lab.byTestId('play.submit').click();
  await expect(lab.byTestId('play.result')).toBeVisible();
  await expect(lab.byTestId('play.score')).toContainText('after 1 round');
  // (The truthful bid is typed to 2 decimals, so the two profits agree to the displayed 0.1.)
  await expect(lab.byTestId('play.score')).toContainText('±0.0');
  await lab.screenshot('permit-play-round.png');
  await lab.byTestId('play.next').click();
  await expect(lab.byTestId('play.round')).toHaveText('Round 2');
  // The new round waits for a bid: nothing of it is settled yet.
  await expect(lab.byTestId('play.state')).toHaveAttribute('data-state', 'awaiting-bid');
  await expect(lab.byTestId('play.result')).toHaveCount(0);
  await expect(lab.byTestId('play.score')).toContainText('after 1 round');

  // Export the trained policies, then import the file back: it becomes a second set of opponents.
  const [download] = await Promise.all([page.waitForEvent('download'), lab.byTestId('ppo.export.uniform').click()]);
  const path = await download.path();
  const file = JSON.parse(await readFile(path, 'utf8'));
  expect(file.format).toBe('auction-lab/permit-policies');
  expect(file.policies.agents).toBe(4);
  await lab.byTestId('ppo.import.file').setInputFiles(path);
  await expect(lab.byTestId('play.source')).toContainText('imported file 1');
  // A file that is not a policy file is refused with a message; nothing else changes.
  await lab.byTestId('ppo.import.file').setInputFiles({ name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}') });
  await expect(page.getByText('junk.json: not an Auction Lab policy file')).toBeVisible();
  lab.expectNoPageErrors();
});

test('presenter mode: large type, controls hidden, Space starts and pauses, Escape leaves', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const lab = new LabPage(page);
  await lab.open(presetHash('demand-reduction-live', 'permit-auction'));
  await lab.byTestId('presenter.enter').click();
  await expect(page.locator('aside.sidebar')).toBeHidden();
  await expect(lab.byTestId('presenter.start')).toHaveText('Start');
  await expect(lab.byTestId('presenter.start')).toBeFocused();
  const px = (selector: string) => page.locator(selector).first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  const body = await px('body');
  expect(body).toBeGreaterThanOrEqual(20);
  expect(await px('.lab-title'), 'the lab title is larger than body text').toBeGreaterThan(body);
  // The header stays one row: every item lies within the tallest item's height.
  const rows = await page.locator('.app-header > *').evaluateAll((items) => {
    const boxes = items.map((i) => i.getBoundingClientRect()).filter((r) => r.width > 0);
    return { span: Math.max(...boxes.map((r) => r.bottom)) - Math.min(...boxes.map((r) => r.top)), tallest: Math.max(...boxes.map((r) => r.height)) };
  });
  expect(rows.span).toBeLessThanOrEqual(rows.tallest + 1);
  // Explanations shrink to their first line on the projector; a click shows them whole, a second folds them again.
  const description = lab.byTestId('lab.description').locator('summary');
  const lines = () => description.evaluate((e) => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight));
  expect(await lines()).toBeLessThan(1.5);
  await description.click();
  await expect.poll(lines).toBeGreaterThan(1.5);
  await description.click();
  await expect.poll(lines).toBeLessThan(1.5);
  // Presets stay reachable: the compact picker switches the experiment.
  const picker = lab.byTestId('presenter.preset');
  await expect(picker).toHaveValue('demand-reduction-live');
  await picker.selectOption('more-firms');
  await expect(page.locator('.lab-title')).toHaveText(permitAuctionPresets.find((p) => p.id === 'more-firms')!.title);
  await picker.selectOption('demand-reduction-live');
  await expect(picker).toHaveValue('demand-reduction-live');
  await lab.byTestId('presenter.start').focus();
  await page.locator('body').press('Space');
  await expect.poll(async () => (await lab.state()).runs.some((r) => r.status === 'running'), { timeout: 20_000 }).toBe(true);
  await expect(lab.byTestId('presenter.start')).toHaveText('Pause');
  await lab.waitForRows(1);
  await lab.byTestId('presenter.start').click();
  await lab.waitForStatus('paused', 15_000);
  await expect(lab.byTestId('presenter.start')).toHaveText('Resume');
  // The numbers the class reads are the biggest text: metric values at least twice body text, chart text 18 px.
  await expect(page.locator('.card .v').first()).toBeVisible();
  expect(await px('.card .v')).toBeGreaterThanOrEqual(2 * body);
  expect(await px('.recharts-cartesian-axis-tick-value')).toBeGreaterThanOrEqual(18);
  // The demo fits the projector: the three mechanisms' demand-reduction charts and the summary, no scrolling.
  await expect(page.locator('[data-testid^="ppo.col."] .recharts-wrapper')).toHaveCount(3);
  await expect(lab.byTestId('ppo.summary')).toBeVisible();
  for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height });
    const bottoms = await page.evaluate(() => {
      window.scrollTo(0, 0);
      const shown = [...document.querySelectorAll('[data-testid^="ppo.col."] .recharts-wrapper'), document.querySelector('[data-testid="ppo.summary"]')!];
      return shown.map((e) => e.getBoundingClientRect().bottom);
    });
    expect(Math.max(...bottoms), `lowest chart or summary edge at ${width}×${height}`).toBeLessThanOrEqual(height);
    await page.screenshot({ path: artifactPath(`permit-presenter-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.keyboard.press('Escape');
  await expect(page.locator('aside.sidebar')).toBeVisible();
  await expect(lab.byTestId('presenter.enter')).toBeFocused();
  await lab.byTestId('run.cancel').click();
  lab.expectNoPageErrors();
});

test('the tfjs PPO on WebGPU (SwiftShader) trains to the same firms as the plain-TypeScript PPO', async ({ page }) => {
  test.setTimeout(180_000);
  const lab = new LabPage(page);
  await lab.open(presetHash('play-trained', 'permit-auction'));
  // Tiny: 2 updates of 256 auctions, one epoch of 2 minibatches; WebGPU on a software adapter is slow.
  for (const [k, v] of Object.entries({ auctions: 512, auctionsPerUpdate: 256, minibatch: 128, epochs: 1, evalEvery: 1, evalAuctions: 64 })) await lab.setField(k, v);
  expect((await lab.state()).config).toMatchObject({ auctions: 512, auctionsPerUpdate: 256 });
  const finalOn = async (backend: 'ts' | 'webgpu') => {
    await lab.byTestId('controls.backend').selectOption(backend);
    const s = await lab.runAndWait(150_000);
    const run = s.runs[0];
    expect(run.status, run.error ?? '').toBe('done');
    expect(run.backend).toBe(backend);
    return run.final!;
  };
  const ts = await finalOn('ts');
  const gpu = await finalOn('webgpu');
  for (const k of ['dri', 'revenue', 'efficiency', 'meanProfit', 'lowPriceRatio'] as const) {
    const a = ts[k] as number;
    const b = gpu[k] as number;
    expect(Math.abs(a - b), `${k}: ts ${a} vs webgpu ${b}`).toBeLessThan(1e-3 * Math.max(1, Math.abs(a)));
  }
  lab.expectNoPageErrors();
});
