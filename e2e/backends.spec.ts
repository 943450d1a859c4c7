/**
 * Compute backends in the real browser: every tfjs backend (WebGPU through SwiftShader's fallback adapter,
 * WebGL through ANGLE/SwiftShader, wasm served by the app, cpu) and the closed-form learner (SIMD kernels, plain
 * TypeScript) train the neural policy to the same bids; `auto` takes the SIMD kernels, never the software WebGPU adapter; and a full-speed run leaves the main thread responsive.
 */
import { expect, test } from './support/fixtures.ts';
import { LabPage, type BackendRequest } from './support/labPage.ts';

/** Tiny neural config: WebGPU on SwiftShader does about 3 steps/s, so keep it to 15 small steps. */
const TINY_MLP = { policy: 'mlp', bidders: 2, batch: 64, steps: 15, hidden: 8 } as const;
const TINY_SEED = 7;
/** float32 arithmetic on different backends: bids may differ in the last bits. */
const BID_TOLERANCE = 1e-3;
const RUN_TIMEOUT = 90_000;

/** Open the app with the tiny MLP config (set through the form's own paths) and full-speed pace. */
async function openTinyMlp(lab: LabPage): Promise<void> {
  await lab.open('two-bidders');
  for (const [key, value] of Object.entries(TINY_MLP)) await lab.setField(key, value);
  const seed = lab.byTestId('controls.seed');
  await seed.fill(String(TINY_SEED));
  await seed.press('Enter');
  await lab.byTestId('run.pace').selectOption('0');
  const s = await lab.state();
  expect(s.config).toMatchObject(TINY_MLP);
  expect(s.seed).toBe(TINY_SEED);
}

/** Run the current config on `backend` (picked in the UI) and return its final bids `[bidder][grid point]`. */
async function bidsOn(lab: LabPage, backend: BackendRequest): Promise<number[][]> {
  await lab.byTestId('controls.backend').selectOption(backend);
  expect((await lab.state()).backend).toBe(backend);
  const s = await lab.runAndWait(RUN_TIMEOUT);
  const run = s.runs[0];
  expect(run.status, run.error ?? '').toBe('done');
  expect(run.backend).toBe(backend);
  expect(run.final?.backend).toBe(backend);
  await expect(lab.byTestId('backend.chip')).toHaveAttribute('data-backend', backend);
  await expect(lab.byTestId('backend.chip')).toContainText(backend);
  const bids = run.bidFunctions?.bids;
  expect(bids).toHaveLength(2);
  for (const b of bids!) {
    expect(b).toHaveLength(41);
    for (const x of b) expect(Number.isFinite(x)).toBe(true);
  }
  return bids!;
}

function maxAbsDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, i) => row.forEach((x, g) => (m = Math.max(m, Math.abs(x - b[i][g])))));
  return m;
}

for (const backend of ['webgpu', 'wasm', 'webgl', 'simd', 'ts'] as const) {
  test(`neural policy on ${backend} gives the same bids as on cpu`, async ({ page }) => {
    test.setTimeout(180_000); // two runs; WebGPU on SwiftShader is slow
    const lab = new LabPage(page);
    // Every request the page and its workers make (the wasm binary must come from the app, not a CDN).
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await openTinyMlp(lab);
    const cpu = await bidsOn(lab, 'cpu');
    const other = await bidsOn(lab, backend);
    await lab.screenshot(`backend-${backend}.png`);
    const diff = maxAbsDiff(other, cpu);
    console.log(`[backends] ${backend} vs cpu: max |Δbid| = ${diff.toExponential(3)} over 2 × 41 grid points`);
    test.info().annotations.push({ type: `${backend}-vs-cpu max diff`, description: String(diff) });
    expect(diff, `${backend} bids differ from cpu by up to ${diff}`).toBeLessThan(BID_TOLERANCE);
    // Training moved the bids away from the initial 0.9·v, so the comparison is not trivially equal.
    expect(Math.abs(cpu[0][40] - 0.9)).toBeGreaterThan(1e-4);
    const origin = new URL(page.url()).origin;
    const foreign = requests.filter((u) => /^https?:/.test(u) && !u.startsWith(origin));
    expect(foreign, `requests outside the app: ${foreign.join(', ')}`).toEqual([]);
    if (backend === 'wasm') {
      const wasm = requests.filter((u) => /\.wasm(\?|$)/.test(u));
      expect(wasm.length, 'the wasm backend fetched no .wasm file the test could see').toBeGreaterThan(0);
      for (const u of wasm) expect(u.startsWith(`${origin}/`), u).toBe(true);
    }
    lab.expectNoPageErrors();
  });
}

test('auto trains the neural policy on the SIMD kernels (never on the software WebGPU adapter)', async ({ page }) => {
  const lab = new LabPage(page);
  await openTinyMlp(lab);
  await lab.byTestId('controls.backend').selectOption('auto');
  const s = await lab.runAndWait(RUN_TIMEOUT);
  const run = s.runs[0];
  expect(run.backend).toBe('simd');
  expect(run.final?.backend).toBe('simd');
  expect(run.backendReason).toMatch(/SIMD/);
  const chip = lab.byTestId('backend.chip');
  await expect(chip).toHaveAttribute('data-backend', 'simd');
  await expect(chip).toContainText(/SIMD/);
  lab.expectNoPageErrors();
});

