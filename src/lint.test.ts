/**
 * Self-test of the lint rules that replace a hand-written layer checker: the real `eslint.config.js` lints
 * fake files placed at layer paths, and each known violation must be reported (and each allowed import not),
 * so a config change that blinds the boundary rule fails here instead of passing silently.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

// Fake files are not on disk, so the type-aware rules (which need the TypeScript project) are switched off here.
const eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] });

interface Finding {
  line: number;
  rule: string | null;
}

/** Lint `source` as if it were the file at `path` (from the repository root); boundary and globals findings. */
async function lint(path: string, source: string): Promise<Finding[]> {
  const [result] = await eslint.lintText(source, { filePath: join(ROOT, path) });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal, `parse errors in the fake ${path}`).toEqual([]);
  return result.messages.map((m) => ({ line: m.line, rule: m.ruleId }));
}

const lines = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule).map((f) => f.line);
const BOUNDARY = 'boundaries/dependencies';

describe('lint: layer boundaries (DESIGN.md)', () => {
  it('a core file may import only the core: React, the UI, state, a package, Node and files outside src/ are errors', async () => {
    const src = [
      "import { useState } from 'react';",
      "import { useLabStore } from '../../state/store';",
      "import { x } from './firstPrice';",
      "import { createRng } from '../math/rng';",
      "import * as Comlink from 'comlink';",
      "import { readFileSync } from 'node:fs';",
      "import pkg from '../../../package.json';",
      "export { LineChartView } from '../../ui/charts/LineChartView';",
      "const lazy = () => import('../../learn/backend');",
      'export const all = [useState, useLabStore, x, createRng, Comlink, readFileSync, pkg, lazy];',
    ].join('\n');
    expect(lines(await lint('src/core/mechanisms/fake.ts', src), BOUNDARY)).toEqual([1, 2, 5, 6, 7, 8, 9]);
  });

  it('a core file may not touch browser globals', async () => {
    const src = [
      'export const w = window.innerWidth;',
      "export const d = typeof document !== 'undefined';",
      'export const g = globalThis.localStorage;',
      'export function f(): void { self.postMessage({}); postMessage(1); }',
      'export class A { private readonly window = 50; f(o: { document: number }) { return this.window + o.document; } }',
    ].join('\n');
    const fs = await lint('src/core/metrics/fake.ts', src);
    expect(lines(fs, 'no-restricted-globals')).toEqual([1, 2, 4, 4]);
    expect(lines(fs, 'no-restricted-properties')).toEqual([3, 4]);
  });

  /** [layer, fake file, its import lines, the lines that must be reported]. */
  const cases: [string, string, string[], number[]][] = [
    ['learn: core and @tensorflow/* only', 'src/learn/fake.ts', [
      "import * as tf from '@tensorflow/tfjs-core';",
      "import { createRng } from '../core/math/rng';",
      "import { create } from 'zustand';",
      "import { useLabStore } from '../state/store';",
      "import { createPool } from '../workers/client';",
    ], [3, 4, 5]],
    ['workers: wasm binaries as asset URLs, comlink, core, learn; not tfjs code or the UI', 'src/workers/fake.worker.ts', [
      "import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';",
      "import * as Comlink from 'comlink';",
      "import * as tf from '@tensorflow/tfjs-core';",
      "import { LineChartView } from '../ui/charts/LineChartView';",
      "import { selectBackend } from '../learn/backend';",
    ], [3, 4]],
    ['state: core, presets, zustand and only the pool client + protocol of workers', 'src/state/fake.ts', [
      "import { create } from 'zustand';",
      "import { parseHash } from '../presets/urlCodec';",
      "import { createPool } from '../workers/client';",
      "import type { WorkerApi } from '../workers/protocol';",
      "import '../workers/lab.worker';",
      "import { selectBackend } from '../learn/backend';",
      "import { LineChartView } from '../ui/charts/LineChartView';",
    ], [5, 6, 7]],
    ['ui: core, state and the UI packages; never learn, workers or tfjs', 'src/ui/labs/fake.tsx', [
      "import { useState } from 'react';",
      "import { LineChart } from 'recharts';",
      "import { useLabStore } from '../../state/store';",
      "import * as tf from '@tensorflow/tfjs-core';",
      "import { selectBackend } from '../../learn/backend';",
      "import { createPool } from '../../workers/client';",
    ], [4, 5, 6]],
    ['cli: core, learn, presets and Node; never state or UI packages', 'src/cli/fake.ts', [
      "import { readFileSync } from 'node:fs';",
      "import { selectBackend } from '../learn/backend';",
      "import { parseHash } from '../presets/urlCodec';",
      "import { useLabStore } from '../state/store';",
      "import React from 'react';",
    ], [4, 5]],
    ['server (planned): core and Node among the layers', 'src/server/fake.ts', [
      "import { createServer } from 'node:http';",
      "import { createRng } from '../core/math/rng';",
      "import { parseHash } from '../presets/urlCodec';",
      "import { useLabStore } from '../state/store';",
    ], [3, 4]],
  ];
  for (const [name, path, imports, expected] of cases) {
    it(name, async () => {
      // one use of every binding, so only the boundary rule has something to say
      const names = imports.flatMap((l) => /import (?:type )?(?:\* as )?\{?\s*(\w+)/.exec(l)?.[1] ?? []);
      const src = [...imports, `export const all = [${names.filter((n) => n !== 'WorkerApi').join(', ')}];`].join('\n');
      expect(lines(await lint(path, src), BOUNDARY)).toEqual(expected);
    });
  }

  it('test files are outside the layers', async () => {
    const src = "import { useLabStore } from '../../state/store';\nexport const s = useLabStore;";
    expect(await lint('src/core/mechanisms/fake.test.ts', src)).toEqual([]);
  });
});

describe('lint: the two TypeScripts', () => {
  it('`tsc` is TypeScript 7, while typescript-eslint loads the JavaScript API of TypeScript 6', () => {
    const tsc = execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--version'], { encoding: 'utf8' });
    expect(tsc).toMatch(/Version 7\./);
    const ts = createRequire(join(ROOT, 'package.json'))('typescript') as { version: string };
    expect(ts.version).toMatch(/^6\./);
  });
});
