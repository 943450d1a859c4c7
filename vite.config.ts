import { defineConfig } from 'vitest/config';
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
 * Vite config for the app, its workers and the unit tests.
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
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    // tfjs-core's Node entry lacks gradients; let Vite transform its ES build instead (see scripts/run-node.mjs).
    server: { deps: { inline: [/@tensorflow\//] } },
  },
});
