import { configDefaults, defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CSP_META, SECURITY_HEADERS } from './src/app/securityPolicy.ts';

/**
 * Writes the Content-Security-Policy into built index.html files as the first `<head>` element, for static
 * hosting without headers. Builds only: the dev server's HMR client and injected `<style>` tags need inline
 * code the policy forbids.
 */
function cspMeta(): Plugin {
  return {
    name: 'auction-lab:csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META }, injectTo: 'head-prepend' },
    ],
  };
}

/**
 * The acceptance tier: trainings that check a lab's learners reach the theory on a fixed seed, and the other slow
 * runs (the CLI and bench through child processes). Every file here took over ~3 s on the 2-core machine; the
 * rest of the tests are the unit tier. A new test file belongs here when it trains to a target or spawns processes;
 * add its path (and mention it in the README's test section).
 */
const ACCEPTANCE_TESTS = [
  'src/learn/optimalAuction/acceptance.test.ts',
  'src/learn/optimalAuction/neuralMechanism.test.ts',
  'src/learn/learnToBid/mlpLearner.test.ts',
  'src/learn/allPayDesign/runAllPayDesign.test.ts',
  'src/core/labs/learnToBid/theory.test.ts',
  'src/core/labs/permitAuction/train.test.ts',
  'src/cli/cli.test.ts',
  'src/cli/optimalAuction.test.ts',
  'src/cli/allPayDesign.cli.test.ts',
  'src/cli/benchOutput.test.ts',
  // Every preset of every lab runs at its smoke budget.
  'src/labConformance.test.ts',
];

/**
 * Vite config for the app, its workers and the tests (Vitest projects `unit` and `acceptance`, see above).
 * - Workers are ES modules so tfjs backends stay lazy chunks (the default iife format bundles them all).
 * - `VITE_TEST_BRIDGE=1` builds expose `window.__lab` for Playwright (see src/app/testBridge.ts).
 * - Security policy (src/app/securityPolicy.ts): `vite preview` (`npm start`, e2e) sends it as headers on every
 *   file, builds carry it as a `<meta>`; `vite` (dev) sends none.
 */
export default defineConfig({
  plugins: [react(), cspMeta()],
  base: './',
  worker: { format: 'es' },
  build: {
    outDir: process.env.VITE_TEST_BRIDGE === '1' ? 'dist-e2e' : 'dist',
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  preview: { port: 4173, strictPort: true, headers: { ...SECURITY_HEADERS } },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    // tfjs-core's Node entry lacks gradients; let Vite transform its ES build instead (see scripts/run-node.mjs).
    server: { deps: { inline: [/@tensorflow\//] } },
    // `vitest run` runs both; `--project unit` (npm run test:unit) or `--project acceptance` one tier.
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], exclude: [...configDefaults.exclude, ...ACCEPTANCE_TESTS] },
      },
      { extends: true, test: { name: 'acceptance', include: ACCEPTANCE_TESTS } },
    ],
  },
});
