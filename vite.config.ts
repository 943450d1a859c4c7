import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Vite config for the app, its workers and the unit tests.
 * - Workers are ES modules so tfjs backends stay lazy chunks (the default iife format bundles them all).
 * - `VITE_TEST_BRIDGE=1` builds expose `window.__lab` for Playwright (see src/app/testBridge.ts).
 */
export default defineConfig({
  plugins: [react()],
  base: './',
  worker: { format: 'es' },
  build: {
    outDir: process.env.VITE_TEST_BRIDGE === '1' ? 'dist-e2e' : 'dist',
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    // tfjs-core's Node entry lacks gradients; let Vite transform its ES build instead (see scripts/run-node.mjs).
    server: { deps: { inline: [/@tensorflow\//] } },
  },
});
