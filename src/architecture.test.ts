/**
 * The layering rule of DESIGN.md as a test: `core ← learn ← workers ← state ← ui ← app`, `core ← presets ← state`,
 * and `cli` on core/learn/presets. Scans every .ts/.tsx file under src/ (test files are exempt), reads its
 * imports (static, side-effect, `export … from`, dynamic `import()`, `require()`), and checks them against
 * the table `rules` below. The core must also stay free of browser globals.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = dirname(fileURLToPath(import.meta.url));

type Layer = 'core' | 'learn' | 'workers' | 'presets' | 'state' | 'ui' | 'app' | 'cli';

interface Rule {
  /** Internal targets allowed (own layer always allowed); undefined = any layer not in `denyLayers`. */
  allowLayers?: readonly string[];
  denyLayers?: readonly string[];
  /** Files of another layer allowed even though the layer is not (path under src/, no extension). */
  allowFiles?: readonly string[];
  /** Packages allowed (exact names or `scope/*`); undefined = any package not in `denyPackages`. */
  allowPackages?: readonly string[];
  denyPackages?: readonly string[];
  /** Browser globals the layer may not touch. */
  noBrowserGlobals?: boolean;
}

const UI_PACKAGES = ['react', 'react-dom', 'recharts', 'zustand'];

/** Who may import what. `app` is the top of the stack and may import anything. */
const rules: Record<Layer, Rule> = {
  core: { allowLayers: [], allowPackages: [], noBrowserGlobals: true },
  learn: { allowLayers: ['core'], allowPackages: ['@tensorflow/*'] },
  workers: { allowLayers: ['core', 'learn'], allowPackages: ['comlink'] },
  presets: { allowLayers: ['core'], allowPackages: [] },
  state: { allowLayers: ['core', 'presets'], allowFiles: ['workers/client', 'workers/protocol'], allowPackages: ['zustand', 'comlink'] },
  ui: { denyLayers: ['learn', 'workers'], denyPackages: ['@tensorflow/*'] },
  app: {},
  cli: { allowLayers: ['core', 'learn', 'presets'], denyPackages: UI_PACKAGES },
};

interface Violation {
  file: string;
  line: number;
  what: string;
}

/**
 * Remove comments; optionally blank string/template contents too. Keeps newlines (line numbers stay right).
 * Handles '…', "…", `…${…}…` (nested), // and block comments, and regex literals (by the usual heuristic).
 */
function stripSource(text: string, blankStrings: boolean): string {
  let out = '';
  let i = 0;
  const n = text.length;
  const templateDepth: number[] = []; // brace depth at which each open template's ${ started
  let braces = 0;
  let lastSignificant = '';
  const regexCanFollow = () => lastSignificant === '' || /[(,=:[!&|?{};+\-*%~^]$/.test(lastSignificant) || /\b(return|typeof|case|do|else|in|of|void|yield|await)$/.test(out.slice(-16).trimEnd());
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  const readString = (quote: string) => {
    // at text[i] === quote
    let j = i + 1;
    while (j < n && text[j] !== quote && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
    const body = text.slice(i + 1, j);
    out += quote + (blankStrings ? blank(body) : body) + (j < n && text[j] === quote ? quote : '');
    i = j < n && text[j] === quote ? j + 1 : j;
    lastSignificant = quote;
  };
  const readTemplateChunk = () => {
    // inside a template literal, up to the closing ` or a ${
    let j = i;
    while (j < n && text[j] !== '`' && !(text[j] === '$' && text[j + 1] === '{')) j += text[j] === '\\' ? 2 : 1;
    const body = text.slice(i, j);
    out += blankStrings ? blank(body) : body;
    if (j >= n) {
      i = n;
      return;
    }
    if (text[j] === '`') {
      out += '`';
      i = j + 1;
      lastSignificant = '`';
      return;
    }
    out += '${';
    i = j + 2;
    templateDepth.push(braces);
    braces++;
    lastSignificant = '{';
  };
  let inTemplate = false;
  while (i < n) {
    if (inTemplate) {
      inTemplate = false;
      readTemplateChunk();
      continue;
    }
    const c = text[i]!;
    const d = text[i + 1];
    if (c === '/' && d === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && d === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, '');
      out += ' ';
      i = stop;
      continue;
    }
    if (c === "'" || c === '"') {
      readString(c);
      continue;
    }
    if (c === '`') {
      out += '`';
      i++;
      inTemplate = true;
      continue;
    }
    if (c === '/' && regexCanFollow()) {
      // regex literal: skip to the closing unescaped / outside a character class
      let j = i + 1;
      let inClass = false;
      while (j < n && text[j] !== '\n') {
        const ch = text[j];
        if (ch === '\\') j += 2;
        else {
          if (ch === '[') inClass = true;
          else if (ch === ']') inClass = false;
          else if (ch === '/' && !inClass) break;
          j++;
        }
      }
      const body = text.slice(i, Math.min(j + 1, n));
      out += blankStrings ? '/' + blank(body.slice(1, -1)) + '/' : body;
      i = j + 1;
      lastSignificant = '/';
      continue;
    }
    if (c === '{') braces++;
    if (c === '}') {
      braces--;
      if (templateDepth.length && templateDepth[templateDepth.length - 1] === braces) {
        templateDepth.pop();
        out += '}';
        i++;
        inTemplate = true;
        continue;
      }
    }
    out += c;
    if (!/\s/.test(c)) lastSignificant = c;
    i++;
  }
  return out;
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** Every module specifier a file imports or re-exports, with its line. */
function importsOf(source: string): { spec: string; line: number }[] {
  const code = stripSource(source, false);
  // same text with string contents blanked (same length): a keyword that is blank there sat inside a string
  const codeOnly = stripSource(source, true);
  const found: { spec: string; line: number; index: number }[] = [];
  const patterns = [
    // import x from '…', import { a, type b } from '…', import * as x from '…', export { a } from '…', export * from '…'
    /(?<![\w$.])(?:import|export)\s+(?:type\s+)?[\w$*{},\s]*?\bfrom\s*(['"])([^'"\n]+)\1/g,
    // side-effect import '…'
    /(?<![\w$.])import\s*(['"])([^'"\n]+)\1/g,
    // dynamic import('…') and require('…')
    /(?<![\w$.])(?:import|require)\s*\(\s*(['"`])([^'"`\n]+)\1\s*[,)]/g,
  ];
  for (const re of patterns) {
    for (const m of code.matchAll(re)) {
      if (codeOnly.slice(m.index, m.index + 6) !== m[0].slice(0, 6)) continue;
      found.push({ spec: m[2]!, line: lineOf(code, m.index), index: m.index });
    }
  }
  found.sort((a, b) => a.index - b.index);
  return found.map(({ spec, line }) => ({ spec, line }));
}

/** Browser globals the core may not use: `window.x`, `typeof document`, `self.postMessage`, bare `postMessage(…)`, … */
const BROWSER_GLOBALS = ['window', 'document', 'localStorage', 'indexedDB'];
function browserGlobalsOf(source: string): { name: string; line: number }[] {
  const code = stripSource(source, true);
  const names = BROWSER_GLOBALS.join('|');
  const patterns: [RegExp, (m: RegExpMatchArray) => string][] = [
    // window.x, document[…], localStorage?.getItem — not preceded by `.` (so this.window / a.document are fine)
    [new RegExp(`(?<![\\w$.])(${names})\\s*(?:\\?\\.|\\.|\\[)`, 'g'), (m) => m[1]!],
    [new RegExp(`(?<![\\w$.])typeof\\s+(${names})(?![\\w$])`, 'g'), (m) => m[1]!],
    [new RegExp(`(?<![\\w$.])(?:globalThis|self)\\s*\\.\\s*(${names}|postMessage)(?![\\w$])`, 'g'), (m) => m[1]!],
    [/(?<![\w$.])postMessage\s*\(/g, () => 'postMessage'],
  ];
  const out: { name: string; line: number; index: number }[] = [];
  for (const [re, name] of patterns) for (const m of code.matchAll(re)) out.push({ name: name(m), line: lineOf(code, m.index!), index: m.index! });
  out.sort((a, b) => a.index - b.index);
  return out.map(({ name, line }) => ({ name, line }));
}

const packageName = (spec: string) => {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
};
const matchesPackage = (pkg: string, pattern: string) => (pattern.endsWith('/*') ? pkg.startsWith(pattern.slice(0, -1)) : pkg === pattern);

/** src-relative path (POSIX) → layer (first folder), or null for files directly in src/. */
const layerOf = (srcPath: string): string | null => (srcPath.includes('/') ? srcPath.split('/')[0]! : null);

/**
 * Check one file's text against the layer rules. `srcPath` is its path under src/, POSIX separators
 * (e.g. `core/mechanisms/firstPrice.ts`).
 */
function checkFile(srcPath: string, source: string): Violation[] {
  if (/\.test\.tsx?$/.test(srcPath)) return [];
  const layer = layerOf(srcPath);
  if (!layer || !(layer in rules)) return [];
  const rule = rules[layer as Layer];
  const out: Violation[] = [];
  for (const { spec, line } of importsOf(source)) {
    const bare = spec.replace(/[?#].*$/, '');
    const isRelative = bare.startsWith('.');
    const isRootAbsolute = bare.startsWith('/src/') || bare.startsWith('src/');
    if (isRelative || isRootAbsolute || bare.startsWith('/')) {
      const abs = isRelative ? resolve(SRC, dirname(srcPath), bare) : resolve(SRC, '..', bare.replace(/^\//, ''));
      const rel = relative(SRC, abs).split(sep).join('/');
      if (rel.startsWith('..') || rel === '' || abs === rel) {
        out.push({ file: srcPath, line, what: `import '${spec}' reaches outside src/` });
        continue;
      }
      const target = layerOf(rel) ?? `src/${rel}`;
      if (target === layer) continue;
      const targetFile = rel.replace(/\.(d\.)?[cm]?[jt]sx?$/, '');
      if (rule.allowFiles?.includes(targetFile)) continue;
      const allowed = rule.allowLayers ? rule.allowLayers.includes(target) : !(rule.denyLayers ?? []).includes(target);
      if (!allowed) out.push({ file: srcPath, line, what: `import '${spec}' (layer ${target}) is not allowed in ${layer}` });
      continue;
    }
    const pkg = packageName(bare);
    // Asset URLs (`x.wasm?url`) are files the bundler serves, not code: workers may point tfjs at them.
    if (layer === 'workers' && /\.wasm\?url$/.test(spec)) continue;
    const allowed = rule.allowPackages
      ? rule.allowPackages.some((p) => matchesPackage(pkg, p))
      : !(rule.denyPackages ?? []).some((p) => matchesPackage(pkg, p));
    if (!allowed) out.push({ file: srcPath, line, what: `import '${spec}' (package ${pkg}) is not allowed in ${layer}` });
  }
  if (rule.noBrowserGlobals) {
    for (const { name, line } of browserGlobalsOf(source)) {
      out.push({ file: srcPath, line, what: `uses browser global '${name}' (not allowed in ${layer})` });
    }
  }
  return out;
}

function listSourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    let st;
    try {
      st = statSync(full);
    } catch {
      continue; // a file removed while we scan (other people edit the tree)
    }
    if (st.isDirectory()) out.push(...listSourceFiles(full));
    else if (/\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

const format = (vs: Violation[]) => vs.map((v) => `  src/${v.file}:${v.line}  ${v.what}`).join('\n');

describe('architecture: layer import rules (DESIGN.md)', () => {
  const files = listSourceFiles(SRC).map((f) => relative(SRC, f).split(sep).join('/'));

  it('finds the source tree', () => {
    expect(files).toContain('core/mechanisms/firstPrice.ts');
    expect(files).toContain('architecture.test.ts');
    expect(files.length).toBeGreaterThan(10);
  });

  const layers = Object.keys(rules) as Layer[];
  for (const layer of layers) {
    it(`src/${layer} respects its import rules`, () => {
      const violations: Violation[] = [];
      for (const f of files.filter((p) => p.startsWith(`${layer}/`))) {
        let text: string;
        try {
          text = readFileSync(join(SRC, f), 'utf8');
        } catch {
          continue;
        }
        violations.push(...checkFile(f, text));
      }
      expect(violations, `layer violations in src/${layer}:\n${format(violations)}\n`).toEqual([]);
    });
  }

  it('the real core has imports to check (the scanner is not blind)', () => {
    const text = readFileSync(join(SRC, 'core/mechanisms/firstPrice.ts'), 'utf8');
    expect(importsOf(text).map((i) => i.spec)).toContain('./singleItem');
  });
});

describe('architecture checker self-test (fake files)', () => {
  const whats = (vs: Violation[]) => vs.map((v) => v.what);

  it('reads every import form, with lines', () => {
    const src = [
      "import React from 'react';",
      "import { a, type B } from './a';",
      'import type { C } from "../core/c";',
      "import * as tf from '@tensorflow/tfjs-core';",
      "import './side-effect';",
      "export { x } from '../learn/x';",
      "export * from './star';",
      'const m = await import("../ui/lazy");',
      "import {\n  multi,\n  line,\n} from 'zustand';",
      "const r = require('comlink');",
      "export type { T } from '../state/t';",
    ].join('\n');
    expect(importsOf(src)).toEqual([
      { spec: 'react', line: 1 },
      { spec: './a', line: 2 },
      { spec: '../core/c', line: 3 },
      { spec: '@tensorflow/tfjs-core', line: 4 },
      { spec: './side-effect', line: 5 },
      { spec: '../learn/x', line: 6 },
      { spec: './star', line: 7 },
      { spec: '../ui/lazy', line: 8 },
      { spec: 'zustand', line: 9 },
      { spec: 'comlink', line: 13 },
      { spec: '../state/t', line: 14 },
    ]);
  });

  it('ignores imports and globals in comments and strings, and property names', () => {
    const src = [
      "// import React from 'react';",
      "/* import('react') and window.alert */",
      '/** use `document.title` in the UI, not here */',
      "const s = 'import x from \"react\"; window.open()';",
      'const t = `see ${1 + 1} window.x`;',
      'const re = /window\\.x/g;',
      'class A { private readonly window = 50; f() { return this.window + opts.document; } }',
      "ch.port2.postMessage(0);",
    ].join('\n');
    expect(importsOf(src)).toEqual([]);
    expect(browserGlobalsOf(src)).toEqual([]);
    expect(checkFile('core/fake.ts', src)).toEqual([]);
  });

  it('is not confused by regex literals with quotes, division, or JSX text', () => {
    const src = [
      'const q = /["\'`]/g;',
      'const half = (a + b) / 2 / c;',
      'const el = <div className="x">Don\'t stop</div>;',
      "import { l } from '../../learn/l';",
      'const t = `a${`b${window.x}`}c`;',
    ].join('\n');
    expect(importsOf(src)).toEqual([{ spec: '../../learn/l', line: 4 }]);
    expect(whats(checkFile('ui/labs/X.tsx', src))).toEqual(["import '../../learn/l' (layer learn) is not allowed in ui"]);
    // an expression inside a template literal is code: the global is found
    expect(browserGlobalsOf(src)).toEqual([{ name: 'window', line: 5 }]);
  });

  it('catches a core file importing React, the UI and a package, and using browser globals', () => {
    const src = [
      "import { useState } from 'react';",
      "import { Chart } from '../../ui/charts/Chart';",
      "import { x } from './ok';",
      "import { y } from '../math/rng';",
      'const w = window.innerWidth;',
      "if (typeof document !== 'undefined') localStorage.setItem('k', 'v');",
      'self.postMessage({});',
      'const db = indexedDB.open("x");',
      "const c = await import('comlink');",
      "import pkg from '../../../package.json';",
    ].join('\n');
    const vs = checkFile('core/mechanisms/fake.ts', src);
    expect(whats(vs)).toEqual([
      "import 'react' (package react) is not allowed in core",
      "import '../../ui/charts/Chart' (layer ui) is not allowed in core",
      "import 'comlink' (package comlink) is not allowed in core",
      "import '../../../package.json' reaches outside src/",
      "uses browser global 'window' (not allowed in core)",
      "uses browser global 'document' (not allowed in core)",
      "uses browser global 'localStorage' (not allowed in core)",
      "uses browser global 'postMessage' (not allowed in core)",
      "uses browser global 'indexedDB' (not allowed in core)",
    ]);
    expect(vs.map((v) => v.line)).toEqual([1, 2, 9, 10, 5, 6, 6, 7, 8]);
    expect(format(vs)).toContain('src/core/mechanisms/fake.ts:1  import');
  });

  it('learn: core and @tensorflow/* only', () => {
    const src = "import '@tensorflow/tfjs-backend-cpu';\nimport { m } from '../core/m';\nimport { create } from 'zustand';\nimport { s } from '../state/store';\nimport { h } from 'react';\nimport { p } from '../workers/protocol';";
    expect(whats(checkFile('learn/ppo.ts', src))).toEqual([
      "import 'zustand' (package zustand) is not allowed in learn",
      "import '../state/store' (layer state) is not allowed in learn",
      "import 'react' (package react) is not allowed in learn",
      "import '../workers/protocol' (layer workers) is not allowed in learn",
    ]);
  });

  it('workers may reference wasm asset URLs but not import tfjs code', () => {
    const src = "import u from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';\nimport * as tf from '@tensorflow/tfjs-core';";
    expect(whats(checkFile('workers/lab.worker.ts', src))).toEqual(["import '@tensorflow/tfjs-core' (package @tensorflow/tfjs-core) is not allowed in workers"]);
  });

  it('workers: core, learn and comlink', () => {
    const src = "import * as Comlink from 'comlink';\nimport { run } from '../learn/run';\nimport { c } from '../core/c';\nimport { ui } from '../ui/x';";
    expect(whats(checkFile('workers/train.worker.ts', src))).toEqual(["import '../ui/x' (layer ui) is not allowed in workers"]);
  });

  it('presets: core only', () => {
    expect(whats(checkFile('presets/codec.ts', "import { a } from '../core/a';\nimport { s } from '../state/s';"))).toEqual([
      "import '../state/s' (layer state) is not allowed in presets",
    ]);
  });

  it('state: core, presets, zustand, comlink and only workers/client + workers/protocol', () => {
    const src = [
      "import { create } from 'zustand';",
      "import { c } from '../core/c';",
      "import { p } from '../presets/codec';",
      "import { pool } from '../workers/client';",
      "import type { Msg } from '../workers/protocol.ts';",
      "import { w } from '../workers/train.worker';",
      "import { l } from '../learn/l';",
      "import { u } from '../ui/u';",
    ].join('\n');
    expect(whats(checkFile('state/store.ts', src))).toEqual([
      "import '../workers/train.worker' (layer workers) is not allowed in state",
      "import '../learn/l' (layer learn) is not allowed in state",
      "import '../ui/u' (layer ui) is not allowed in state",
    ]);
  });

  it('ui: anything but learn, workers and @tensorflow', () => {
    const src = "import { useStore } from '../../state/store';\nimport { LineChart } from 'recharts';\nimport * as tf from '@tensorflow/tfjs-core';\nimport { x } from '../../learn/x';\nimport { y } from '../../workers/client';";
    expect(whats(checkFile('ui/charts/Line.tsx', src))).toEqual([
      "import '@tensorflow/tfjs-core' (package @tensorflow/tfjs-core) is not allowed in ui",
      "import '../../learn/x' (layer learn) is not allowed in ui",
      "import '../../workers/client' (layer workers) is not allowed in ui",
    ]);
  });

  it('cli: core, learn, presets and non-UI packages', () => {
    const src = "import { readFileSync } from 'node:fs';\nimport { l } from '../learn/l';\nimport { p } from '../presets/p';\nimport { s } from '../state/s';\nimport React from 'react';";
    expect(whats(checkFile('cli/main.ts', src))).toEqual([
      "import '../state/s' (layer state) is not allowed in cli",
      "import 'react' (package react) is not allowed in cli",
    ]);
  });

  it('test files are exempt; files directly in src/ are not layered', () => {
    const bad = "import React from 'react';\nwindow.x = 1;";
    expect(checkFile('core/mechanisms/x.test.ts', bad)).toEqual([]);
    expect(checkFile('ui/x.test.tsx', "import { a } from '../learn/a';")).toEqual([]);
    expect(checkFile('core/mechanisms/x.ts', bad)).toHaveLength(2);
    expect(checkFile('vite-env.d.ts', bad)).toEqual([]);
  });
});
