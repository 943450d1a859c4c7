/**
 * The PPO's WebAssembly SIMD kernels in the browser worker: `auto` trains the permit firms on them (the chip says
 * simd and why), and forcing plain TypeScript (float64) gives the same firms to float32 rounding.
 */
import { expect, test } from './support/fixtures.ts';
import { LabPage, presetHash } from './support/labPage';

test('permit training on auto runs the SIMD kernels in the worker, with the result of plain TypeScript to float32 rounding', async ({ page }) => {
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
  // The kernels compute in float32, the TypeScript path in float64: the same firms, up to the last digits.
  for (const k of ['dri', 'revenue', 'efficiency', 'meanProfit'] as const) {
    const [a, b] = [simd[k] as number, ts[k] as number];
    expect(Math.abs(a - b), `${k}: simd ${a}, ts ${b}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(b)));
  }
  lab.expectNoPageErrors();
});
