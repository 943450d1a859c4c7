#!/usr/bin/env node
/**
 * `npm start`: build the app if the build is missing or stale, then start the classroom session server
 * (src/server/serve.ts through scripts/run-node.mjs), which serves `dist/` and the session WebSocket on one port.
 *
 * - Stale means `dist/index.html` is older than any file under src/ or public/, or index.html,
 *   vite.config.ts, package.json. Pass `--rebuild` to build anyway.
 * - Builds with `vite build` only (no type check, for speed; `npm run build` type-checks).
 * - Serves on port 4173, or the next free port if 4173 is busy (`--port N` picks another start), on every
 *   interface (HOST=127.0.0.1 keeps it to this computer); the server prints the local and LAN addresses and a QR
 *   code, and each room's join link with its QR code. Room logs go to SESSION_LOG_DIR (default ./sessions).
 * - Plain Node, no shell: works the same on Linux, macOS and Windows.
 * - Security headers (Content-Security-Policy, nosniff, Referrer-Policy) are the ones `vite preview` sends
 *   (src/app/securityPolicy.ts); the server sends them on every file.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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
  const served = run(process.execPath, [path.join(root, 'scripts', 'run-node.mjs'), 'src/server/serve.ts'], { ...process.env, PORT: String(port) });
  process.exit(await served);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
