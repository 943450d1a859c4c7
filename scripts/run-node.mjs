#!/usr/bin/env node
/**
 * Run a TypeScript entry point (src/cli/*.ts) in Node on the same code as the browser.
 *
 * Why a bundle: tfjs-core's Node entry is CommonJS without gradients, and its ES build (which registers the
 * gradients) cannot be loaded by Node's own resolver. esbuild bundles the entry with tfjs resolved to its ES
 * build, once, into node_modules/.cache/auction-lab/, and rebuilds only when a source file is newer.
 *
 * Usage: node scripts/run-node.mjs src/cli/main.ts [args…]
 */
import { build } from 'esbuild';
import { mkdirSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve, basename, dirname } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  console.error('usage: node scripts/run-node.mjs <entry.ts> [args…]');
  process.exit(2);
}
const entry = resolve(root, entryArg);
const outDir = join(root, 'node_modules', '.cache', 'auction-lab');
const out = join(outDir, `${basename(entry, '.ts')}.mjs`);

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

const stale =
  !existsSync(out) ||
  statSync(out).mtimeMs < Math.max(newestMtime(join(root, 'src')), statSync(join(root, 'package-lock.json')).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
if (stale) {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'error',
    // The wasm backend's Emscripten glue expects CommonJS globals.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);",
    },
  });
}
process.argv = [process.argv[0], out, ...args];
await import(pathToFileURL(out).href);
