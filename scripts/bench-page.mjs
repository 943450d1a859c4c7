#!/usr/bin/env node
/**
 * Page responsiveness while a run streams (called by `npm run bench`; prints JSON lines on stdout only).
 *
 * Builds the test build (window.__lab) into node_modules/.cache/auction-lab/dist-bench, serves it with
 * `vite preview` on port 4175, opens it in Debian Chromium, and during a full-speed learn-to-bid run
 * records every main-thread long task (PerformanceObserver 'longtask', > 50 ms). Two phases:
 * `first-run` (the page's first Run, from the click) and `streaming` (a second run in the same page, after
 * its first second). Target: no long task while a run streams. Then `demo-3-workers`: the permit auction's
 * "Demand reduction live" preset from Run to done (three PPO trainings side by side, twelve live charts). The figures depend on this machine's load;
 * headless Chromium here rasterizes in software, so a laptop with a GPU does much better.
 *
 * `page-vs-cli`: every lab's default run (permit-auction: its default training, mode=train) at full speed in
 * the page, from `start` to the last run's end, against the same config and seed through the CLI
 * (`src/cli/main.ts <lab> --quiet`, its `seconds`: the run's wall clock, bundling and Node start excluded), one
 * after the other on the same machine; `ratio` = page ÷ CLI (target ≤ 1.5).
 *
 * Usage: node scripts/bench-page.mjs [--seconds 5] [--phases longtasks,vs-cli]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'node_modules', '.cache', 'auction-lab', 'dist-bench');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 5;
const phasesArg = process.argv.indexOf('--phases');
const phases = new Set(phasesArg >= 0 ? process.argv[phasesArg + 1].split(',') : ['longtasks', 'vs-cli']);
/** The labs' default runs for `page-vs-cli`: lab id and the fields set on top of its defaults (in both). */
const DEFAULT_RUNS = [
  ['learn-to-bid', {}],
  ['permit-auction', { mode: 'train' }],
  ['optimal-auction', {}],
  ['all-pay-design', {}],
  ['carbon-market', {}],
];
const log = (s) => process.stderr.write(`${s}\n`);

if (!existsSync(chromiumPath)) {
  log(`bench page: skipped, no Chromium at ${chromiumPath}`);
  process.exit(0);
}
log('bench page: building the test build…');
const built = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
  cwd: root, env: { ...process.env, VITE_TEST_BRIDGE: '1' }, stdio: ['ignore', 'ignore', 'inherit'],
});
if (built.status !== 0) {
  log('bench page: build failed, skipped');
  process.exit(1);
}
const port = 4175;
const server = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'preview', '--outDir', outDir, '--port', String(port), '--strictPort'], {
  cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
});
const { chromium } = await import('@playwright/test');
let browser;
try {
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(`http://localhost:${port}/`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`http://localhost:${port}/`);
  await page.waitForFunction(() => window.__lab);
  await page.waitForTimeout(2000); // first paint, idle prewarm of the worker pool
  const observe = () =>
    page.evaluate(() => {
      window.__longTasks = [];
      window.__t0 = performance.now();
      window.__observer?.disconnect(); // one observer at a time (each phase starts a fresh one)
      window.__observer = new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__longTasks.push({ at: e.startTime - window.__t0, ms: e.duration });
      });
      window.__observer.observe({ type: 'longtask' });
    });
  const measure = async (phase, skipMs) => {
    await page.evaluate(() => {
      window.__lab.setField('steps', 200000);
      window.__lab.setPace(0);
      window.__lab.start();
    });
    await page.waitForTimeout(seconds * 1000);
    const r = await page.evaluate((skip) => {
      const tasks = window.__longTasks.filter((t) => t.at >= skip);
      const run = window.__lab.state().runs[0];
      return { tasks: tasks.map((t) => Math.round(t.ms)), steps: run?.progress?.done ?? 0, rate: run?.progress?.unitsPerSecond ?? 0 };
    }, skipMs);
    await page.evaluate(() => window.__lab.cancel());
    process.stdout.write(
      `${JSON.stringify({
        bench: 'page-longtasks', lab: 'learn-to-bid', phase, seconds, pace: 'full speed', policy: 'linear',
        longTasksOver50ms: r.tasks.length, maxTaskMs: r.tasks.length ? Math.max(...r.tasks) : 0, tasksMs: r.tasks,
        workerStepsPerSecond: Math.round(r.rate),
      })}\n`,
    );
  };
  if (phases.has('longtasks')) {
    await observe();
    await measure('first-run', 0);
    await page.waitForTimeout(1000);
    await observe();
    await measure('streaming', 1000);

    // Permit auction, "Demand reduction live": three PPO trainings side by side (3 workers) and twelve live charts.
    await page.evaluate(() => window.__lab.cancel());
    await page.getByRole('tab', { name: 'Permit auction' }).click();
    await page.getByRole('button', { name: 'Demand reduction live' }).first().click();
    await page.waitForTimeout(1000);
    await observe();
    const t0 = Date.now();
    await page.evaluate(() => window.__lab.start());
    await page.waitForFunction(
      () => window.__lab.state().runs.length === 3 && window.__lab.state().runs.every((r) => ['done', 'failed', 'cancelled'].includes(r.status)),
      null,
      { timeout: 180_000 },
    );
    const wall = (Date.now() - t0) / 1000;
    await page.waitForTimeout(1500);
    const tasks = await page.evaluate(() => window.__longTasks.map((t) => Math.round(t.ms)));
    process.stdout.write(
      `${JSON.stringify({
        bench: 'page-longtasks', lab: 'permit-auction', phase: 'demo-3-workers', preset: 'demand-reduction-live', runs: 3,
        seconds: Math.round(wall * 10) / 10, longTasksOver50ms: tasks.length, maxTaskMs: tasks.length ? Math.max(...tasks) : 0, tasksMs: tasks,
      })}\n`,
    );
  }

  if (phases.has('vs-cli')) {
    for (const [lab, fields] of DEFAULT_RUNS) {
      const fresh = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await fresh.goto(`http://localhost:${port}/`);
      await fresh.waitForFunction(() => window.__lab);
      await fresh.locator(`[data-testid="lab.${lab}"]`).click();
      await fresh.waitForFunction((id) => window.__lab.state().lab === id, lab);
      await fresh.evaluate((f) => {
        for (const [k, v] of Object.entries(f)) window.__lab.setField(k, v);
        window.__lab.setPace(0);
      }, fields);
      await fresh.waitForTimeout(1500); // the worker pool's idle prewarm, as a user's first click would find it
      const { seed } = await fresh.evaluate(() => window.__lab.state());
      const t0 = Date.now();
      await fresh.evaluate(() => window.__lab.start());
      await fresh.waitForFunction(
        () => {
          const runs = window.__lab.state().runs;
          return runs.length > 0 && runs.every((r) => ['done', 'failed', 'cancelled'].includes(r.status));
        },
        null,
        { timeout: 600_000, polling: 50 },
      );
      const pageSeconds = (Date.now() - t0) / 1000;
      const runs = await fresh.evaluate(() => window.__lab.state().runs.map((r) => ({ status: r.status, backend: r.backend })));
      await fresh.close();
      const sets = Object.entries(fields).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
      const cli = spawnSync(process.execPath, [join(root, 'scripts/run-node.mjs'), 'src/cli/main.ts', lab, ...sets, '--set', `seed=${seed}`, '--quiet'], {
        cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28,
      });
      const last = (cli.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
      const cliSeconds = cli.status === 0 && last ? JSON.parse(last).seconds : null;
      process.stdout.write(
        `${JSON.stringify({
          bench: 'page-vs-cli', lab, fields, seed, runs: runs.length, status: [...new Set(runs.map((r) => r.status))].join(','),
          backend: [...new Set(runs.map((r) => r.backend))].join(','), pace: 'full speed',
          pageSeconds: Math.round(pageSeconds * 100) / 100, cliSeconds: cliSeconds === null ? null : Math.round(cliSeconds * 100) / 100,
          ratio: cliSeconds ? Math.round((pageSeconds / cliSeconds) * 100) / 100 : null,
        })}\n`,
      );
    }
  }
} finally {
  await browser?.close();
  server.kill('SIGTERM');
}
