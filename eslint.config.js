/**
 * ESLint flat config: type-aware typescript-eslint rules and the layer rules listed below as an import
 * boundary (eslint-plugin-boundaries), so each folder README's "May import" line is checked, not just stated.
 *
 * Layers (paths from the repository root) and what each may import:
 *   core     src/core only; no packages but idb (a promise wrapper over an injected IDBFactory, in core/storage),
 *            valibot (message and file schemas) and d3-format (number formatting), all pure;
 *            no Node built-ins, no browser globals (window, document, …)
 *   learn    core, @tensorflow/*
 *   workers  core, learn, comlink; `*.wasm?url` asset URLs (files the bundler serves, not code)
 *   presets  core
 *   state    core, presets, workers/client + workers/protocol (the pool's public face), zustand, comlink
 *   ui       core, state; react, recharts, zustand, d3-scale and d3-format (ticks), qrcode (join codes)
 *   app      every src layer but cli and server; react, react-dom, recharts, zustand
 *   cli      core, learn, presets; Node built-ins, @tensorflow/*
 *   server   core, src/app/securityPolicy.ts; Node built-ins and packages other than UI and tfjs ones
 *   e2e      e2e, src/core, src/presets, src/app/securityPolicy.ts; Node built-ins, packages other than UI and tfjs ones
 *   scripts  scripts; Node built-ins, packages other than UI and tfjs ones
 * A layer may always import itself. Test files (`*.test.ts(x)`) are outside the layers: they may import
 * test helpers (vitest, fast-check, fake-indexeddb, node:*) and reach across layers to set up a case.
 * `src/lint.test.ts` lints fake files against these rules so the rule cannot silently go blind.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';

const root = dirname(fileURLToPath(import.meta.url));

const UI_PACKAGES = ['react', 'react-dom', 'recharts', 'zustand'];
const TF = '@tensorflow/*';
/** Dependency selectors (eslint-plugin-boundaries v7): a local layer, a package by name, Node built-ins. */
const layer = (...types) => ({ to: { element: { type: types } } });
const pkg = (...names) => ({ to: { module: { origin: 'external', source: names } } });
/** One file of a layer (its path from the repository root): the exceptions to "layer X may not import Y". */
const file = (type, path) => ({ to: { element: { type }, file: { path } } });
const NODE = { to: { module: { origin: 'core' } } };
/** Any package but the browser UI stack and tfjs (for Node-side code: server, e2e, scripts). */
const NON_UI_PACKAGE = { to: { module: { origin: 'external', source: `!{${[...UI_PACKAGES, TF, 'comlink'].join(',')}}` } } };
/** `?url` imports of tfjs's wasm binaries: files the bundler serves, not code. */
const WASM_URL = { to: { module: { origin: 'external', source: '@tensorflow/tfjs-backend-wasm' } }, dependency: { source: '**/*.wasm\\?url' } };

/** Browser globals the core may not touch (it runs in Node too). */
const BROWSER_GLOBALS = ['window', 'document', 'localStorage', 'sessionStorage', 'indexedDB', 'navigator', 'postMessage', 'self', 'Worker'];

const layerElements = [
  ...['core', 'learn', 'workers', 'presets', 'state', 'ui', 'app', 'cli', 'server'].map((name) => ({
    type: name,
    pattern: `src/${name}/**`,
    partialMatch: false,
  })),
  { type: 'e2e', pattern: 'e2e/**', partialMatch: false },
  { type: 'scripts', pattern: 'scripts/**', partialMatch: false },
];

/** Layer → what it may import besides itself. */
const allowed = {
  core: [pkg('idb', 'valibot', 'd3-format')],
  learn: [layer('core'), pkg(TF)],
  workers: [layer('core', 'learn'), pkg('comlink'), WASM_URL],
  presets: [layer('core')],
  // the pool's public face only, never a worker module itself
  state: [layer('core', 'presets'), file('workers', 'src/workers/{client,protocol}.ts'), pkg('zustand', 'comlink')],
  ui: [layer('core', 'state'), pkg('react', 'recharts', 'zustand', 'd3-scale', 'd3-format', 'qrcode')],
  app: [layer('core', 'learn', 'workers', 'presets', 'state', 'ui'), pkg(...UI_PACKAGES)],
  cli: [layer('core', 'learn', 'presets'), NODE, pkg(TF)],
  // the server sends the app's security headers, as `vite preview` does
  server: [layer('core'), file('app', 'src/app/securityPolicy.ts'), NODE, NON_UI_PACKAGE],
  // the Content-Security-Policy is shared by the page, `vite preview` and its spec
  e2e: [layer('core', 'presets'), file('app', 'src/app/securityPolicy.ts'), NODE, NON_UI_PACKAGE],
  scripts: [NODE, NON_UI_PACKAGE],
};

const policies = Object.entries(allowed).map(([from, to]) => ({
  from: { element: { type: from } },
  allow: [layer(from), ...to],
}));

export default defineConfig(
  {
    ignores: ['assembly/**', 'dist/**', 'dist-e2e*/**', 'node_modules/**', 'test-results*/**', 'playwright-report/**', 'public/**', 'coverage/**'],
  },
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  // type-aware TypeScript: a focused list, each an error
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-duplicate-type-constituents': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts', 'src/app/**/*.tsx', 'src/app/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // the layer rules
  {
    files: ['src/**/*.{ts,tsx}', 'e2e/**/*.ts', 'scripts/**/*.mjs'],
    ignores: ['**/*.test.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/root-path': root,
      'boundaries/elements': layerElements,
      'boundaries/legacy-templates': false,
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        { default: 'disallow', checkAllOrigins: true, checkUnknownLocals: true, policies },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...BROWSER_GLOBALS.map((name) => ({ name, message: 'src/core runs in Node and workers too: no browser globals (DESIGN.md).' }))],
      'no-restricted-properties': [
        'error',
        ...['globalThis', 'self'].flatMap((object) =>
          BROWSER_GLOBALS.map((property) => ({ object, property, message: 'src/core runs in Node and workers too: no browser globals (DESIGN.md).' })),
        ),
      ],
    },
  },
);
