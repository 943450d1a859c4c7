/**
 * How the end-to-end tests launch the browser, and small helpers every spec shares.
 *
 * Playwright cannot download its browsers in this environment, so the tests drive the system Chromium
 * (Debian package `chromium`). What the less obvious flags do:
 * - the background-networking flags stop Chromium from reaching for the (closed) network at every start;
 * - `--enable-unsafe-webgpu` is what makes `navigator.gpu.requestAdapter()` return an adapter headless
 *   (SwiftShader's fallback adapter when there is no GPU).
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

/** Chromium binary; `CHROMIUM_PATH` overrides (keep in sync with scripts/e2e.mjs). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Command-line flags for every test browser. */
export const CHROMIUM_ARGS: string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
  '--enable-unsafe-webgpu',
];

/** Port `vite preview` serves the test build on during e2e runs; `E2E_PORT` overrides (parallel runs). */
export const E2E_PORT = Number(process.env.E2E_PORT) || 4174;

/** Folder of the test build; `E2E_DIST` overrides so two e2e runs can coexist (keep in sync with scripts/e2e.mjs). */
export const E2E_DIST = process.env.E2E_DIST || 'dist-e2e';

/** Absolute path for a screenshot or other file a spec saves on purpose (e2e/artifacts/, gitignored). */
export function artifactPath(name: string): string {
  return fileURLToPath(new URL(`../artifacts/${name}`, import.meta.url));
}

/** Uncaught page errors and console errors seen on a page since `watchPageErrors` was called. */
export interface PageErrors {
  pageErrors: string[];
  consoleErrors: string[];
  /** Both lists, one line each, for an assertion message. */
  all(): string[];
}

/**
 * Starts recording uncaught exceptions (`pageerror`, workers included when they bubble to the page) and
 * `console.error` messages (including failed resource loads). Call before `page.goto`.
 */
export function watchPageErrors(page: Page): PageErrors {
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.stack ?? err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url ? ` (${msg.location().url}:${msg.location().lineNumber})` : '';
    consoleErrors.push(`console.error: ${msg.text()}${where}`);
  });
  return { pageErrors, consoleErrors, all: () => [...pageErrors, ...consoleErrors] };
}
