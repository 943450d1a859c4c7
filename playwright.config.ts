import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, E2E_DIST, E2E_PORT } from './e2e/support/launch.ts';

/**
 * End-to-end tests against the built test app (dist-e2e/, built by scripts/e2e.mjs with VITE_TEST_BRIDGE=1)
 * in the system Chromium. Run them with `npm run test:e2e` (it builds first), not bare `npx playwright test`.
 */
const isCI = !!process.env.CI;

export default defineConfig({
  testDir: 'e2e',
  outputDir: process.env.E2E_RESULTS || 'test-results',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // One worker: the machine has 2 cores and the app itself trains in Web Workers.
  workers: 1,
  fullyParallel: false,
  forbidOnly: isCI,
  // No retries: a test that passes only on a second try is a failing test.
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `npx vite preview --outDir ${E2E_DIST} --port ${E2E_PORT} --strictPort`,
    url: `http://localhost:${E2E_PORT}/`,
    reuseExistingServer: !isCI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
