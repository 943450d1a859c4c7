/**
 * The PPO's WebAssembly SIMD kernels in the browser worker: `auto` trains the permit firms on them (the chip says
 * simd and why), and forcing plain TypeScript gives the same firms bit for bit.
 */
import { expect, test } from './support/fixtures.ts';
import { LabPage, presetHash } from './support/labPage';

test('permit training on auto runs the SIMD kernels in the worker, with the same result as plain TypeScript', async ({ page }) => {
  test.setTimeout(120_000);
  const lab = new LabPage(page);
  await lab.open(presetHash('play-trained', 'permit-auction'));
  for (const [k, v] of Object.entries({ auctions: 1024, auctionsPerUpdate: 256, minibatch: 128, epochs: 2, evalEvery: 2, evalAuctions: 64 })) await lab.setField(k, v);
  const finalOn = async (backend: 'auto' | 'ts', expected: string) => {
    await lab.byTestId('controls.backend').selectOption(backend);
    const s = await lab.runAndWait(90_000);
    const run = s.runs[0];
    expect(run.status, run.error ?? '').toBe('done');
    expect(run.backend).toBe(expected);
    const chip = lab.byTestId('backend.chip');
    await expect(chip).toHaveAttribute('data-backend', expected);
    await expect(chip).toContainText(expected === 'simd' ? 'WebAssembly SIMD kernels' : 'plain TypeScript');
    return run.final!;
  };
  const simd = await finalOn('auto', 'simd');
  await lab.screenshot('permit-kernels-chip.png');
  const ts = await finalOn('ts', 'ts');
  for (const k of ['dri', 'revenue', 'efficiency', 'meanProfit'] as const) expect(simd[k], k).toBe(ts[k]);
  lab.expectNoPageErrors();
});
