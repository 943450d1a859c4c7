#!/usr/bin/env node
/**
 * `npm start`: build the app if the build is missing or stale, then serve `dist/` with `vite preview`.
 *
 * - Stale means `dist/index.html` is older than any file under src/ or public/, or index.html,
 *   vite.config.ts, package.json. Pass `--rebuild` to build anyway.
 * - Builds with `vite build` only (no type check, for speed; `npm run build` type-checks).
 * - Serves on port 4173, or the next free port if 4173 is busy (`--port N` picks another start).
 * - Plain Node, no shell: works the same on Linux, macOS and Windows.
 * - Security headers (Content-Security-Policy, nosniff, Referrer-Policy) come from `preview.headers` in
 *   vite.config.ts, which `vite preview` loads; the policy itself is defined in src/app/securityPolicy.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distIndex = path.join(root, 'dist', 'index.html');
const buildInputs = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'];
const args = process.argv.slice(2);
const firstPort = Number(argValue('--port') ?? process.env.PORT ?? 4173);

/** Value following `name` on the command line (`--port 5000` or `--port=5000`). */
function argValue(name) {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
}

/** Newest modification time (ms) of a file, or of any file below a folder; 0 if absent. */
function newestMtime(p) {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function buildIsStale() {
  if (args.includes('--rebuild') || !existsSync(distIndex)) return true;
  const built = statSync(distIndex).mtimeMs;
  return buildInputs.some((p) => newestMtime(path.join(root, p)) > built);
}

/** Command line that runs the project's own Vite (no npx lookup, no shell). */
function viteCommand(viteArgs) {
  const viteBin = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(viteBin)) {
    console.error('Vite is not installed. Run `npm install` first, then `npm start` again.');
    process.exit(1);
  }
  return [process.execPath, [viteBin, ...viteArgs]];
}

let child = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child && child.exitCode === null) child.kill(signal);
    else process.exit(130);
  });
}

/** Runs a command with inherited stdio; resolves with its exit code. */
function run(cmd, cmdArgs, env = process.env) {
  return new Promise((resolve) => {
    child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env });
    child.on('error', (err) => {
      console.error(`Could not start ${cmd}: ${err.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

/** True when nothing listens on `port` (checked on all interfaces, IPv6 and IPv4). */
function portIsFree(port) {
  const tryHost = (host) =>
    new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', (err) => resolve(err.code === 'EAFNOSUPPORT' || err.code === 'EADDRNOTAVAIL' ? null : false));
      srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
    });
  return (async () => {
    for (const host of ['::', '0.0.0.0', '127.0.0.1', '::1']) {
      if ((await tryHost(host)) === false) return false;
    }
    return true;
  })();
}

async function findFreePort(start) {
  for (let port = start; port < start + 50; port++) {
    if (await portIsFree(port)) return port;
  }
  throw new Error(`No free port between ${start} and ${start + 49}.`);
}

/** Resolves once `url` answers over HTTP (any status), or after `timeoutMs`. */
async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const req = http.get(url, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.setTimeout(1000, () => req.destroy());
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main() {
  if (buildIsStale()) {
    console.log('Building Auction Lab (vite build)...');
    const env = { ...process.env };
    delete env.VITE_TEST_BRIDGE; // a test build goes to dist-e2e/, never to dist/
    const [cmd, cmdArgs] = viteCommand(['build']);
    const code = await run(cmd, cmdArgs, env);
    if (code !== 0) {
      console.error(`\nThe build failed (exit code ${code}). See the messages above.`);
      process.exit(code);
    }
  } else {
    console.log('dist/ is up to date; skipping the build (use `npm start -- --rebuild` to force one).');
  }

  const port = await findFreePort(firstPort);
  if (port !== firstPort) console.log(`Port ${firstPort} is busy; using ${port}.`);
  const url = `http://localhost:${port}/`;
  const [cmd, cmdArgs] = viteCommand(['preview', '--outDir', 'dist', '--port', String(port), '--strictPort']);
  const served = run(cmd, cmdArgs);
  waitForHttp(url, 30_000).then((up) => {
    if (up && child && child.exitCode === null) {
      const line = '='.repeat(60);
      console.log(`\n${line}\n  Auction Lab is running at ${url}\n  Press Ctrl+C to stop.\n${line}\n`);
    }
  });
  process.exit(await served);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
