/**
 * The classroom session server as a child process for e2e specs: the real server (`src/server/serve.ts` through
 * `scripts/run-node.mjs`, the command `npm start` runs), serving the test build and the session endpoint on one
 * port, with its room log in a folder of the test's own. `stop()` then `start()` is a server restart in class: the
 * same port and log folder, the rooms replayed from the log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { E2E_DIST } from './launch.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The server's entry point. */
export const SERVER_ENTRY = 'src/server/serve.ts';
/** How long a start may take: the first start bundles the server with esbuild (a few seconds on 2 cores). */
const START_TIMEOUT_MS = 90_000;

export interface SessionServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  port: number;
  /** What the server wrote to stderr so far (for failure messages). */
  log(): string;
  /** Start it again (after `stop`) on the same port and log folder. */
  start(): Promise<void>;
  /** SIGTERM, resolved when the process has exited. */
  stop(): Promise<void>;
}

function launch(port: number, logDir: string, output: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['scripts/run-node.mjs', SERVER_ENTRY], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SESSION_LOG_DIR: logDir, DIST_DIR: E2E_DIST },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the session server did not print "listening on <port>" within ${START_TIMEOUT_MS / 1000} s:\n${output.join('')}`));
    }, START_TIMEOUT_MS);
    child.stdout?.on('data', (d: Buffer) => {
      buffered += d.toString();
      const m = /listening on (\d+)/.exec(buffered);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the session server exited with code ${code} before listening:\n${output.join('')}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Start the server on a free port (or `port`) with its room log in `logDir`. */
export async function startSessionServer(logDir: string, port = 0): Promise<SessionServer> {
  const output: string[] = [];
  let running = await launch(port, logDir, output);
  const fixedPort = running.port;
  return {
    url: `http://127.0.0.1:${fixedPort}`,
    port: fixedPort,
    log: () => output.join(''),
    async start() {
      await exited(running.child);
      running = await launch(fixedPort, logDir, output);
    },
    stop: () => exited(running.child),
  };
}
