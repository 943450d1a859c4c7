#!/usr/bin/env node
/**
 * `npm run test:e2e`: build the test build (`VITE_TEST_BRIDGE=1`, written to dist-e2e/), then run Playwright
 * against it in the system Chromium. Extra arguments go to `playwright test`, e.g.
 * `npm run test:e2e -- e2e/smoke.spec.ts --headed`. Set `E2E_SKIP_BUILD=1` to reuse an existing dist-e2e/.
 * `E2E_DIST` (build folder), `E2E_PORT` (preview port) and `E2E_RESULTS` (Playwright output folder) let two
 * e2e runs share one checkout.
 * Exits with Playwright's exit code.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Keep in sync with e2e/support/launch.ts.
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Keep in sync with e2e/support/launch.ts.
const distDir = process.env.E2E_DIST || 'dist-e2e';

if (!existsSync(chromiumPath)) {
  console.error(
    [
      `End-to-end tests need Chromium at ${chromiumPath}, and it is not there.`,
      'Playwright cannot download its own browsers here; the tests use the system Chromium instead.',
      'On Debian/Ubuntu install it with:',
      '',
      '    sudo apt-get update && sudo apt-get install -y chromium',
      '',
      '(drop `sudo` when you are root). Or point CHROMIUM_PATH at another Chromium/Chrome binary.',
    ].join('\n'),
  );
  process.exit(1);
}

let child = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child && child.exitCode === null) child.kill(signal);
    else process.exit(130);
  });
}

/** Runs `node <script> ...args` in the repo root with inherited stdio; resolves with the exit code. */
function runNode(script, scriptArgs, env = process.env) {
  const file = path.join(root, script);
  if (!existsSync(file)) {
    console.error(`${script} is missing. Run \`npm install\` first.`);
    process.exit(1);
  }
  return new Promise((resolve) => {
    child = spawn(process.execPath, [file, ...scriptArgs], { cwd: root, stdio: 'inherit', env });
    child.on('error', (err) => {
      console.error(`Could not start ${script}: ${err.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

const t0 = Date.now();
if (process.env.E2E_SKIP_BUILD === '1' && existsSync(path.join(root, distDir, 'index.html'))) {
  console.log(`[e2e] E2E_SKIP_BUILD=1: reusing ${distDir}/.`);
} else {
  console.log(`[e2e] Building the test build (VITE_TEST_BRIDGE=1 -> ${distDir}/)...`);
  const code = await runNode('node_modules/vite/bin/vite.js', ['build', '--logLevel', 'warn', '--outDir', distDir], {
    ...process.env,
    VITE_TEST_BRIDGE: '1',
  });
  if (code !== 0) {
    console.error(`[e2e] The test build failed (exit code ${code}).`);
    process.exit(code);
  }
  console.log(`[e2e] Built in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
}

const code = await runNode('node_modules/@playwright/test/cli.js', ['test', ...process.argv.slice(2)], {
  ...process.env,
  CHROMIUM_PATH: chromiumPath,
});
console.log(`[e2e] Done in ${((Date.now() - t0) / 1000).toFixed(1)} s (exit code ${code}).`);
process.exit(code);
