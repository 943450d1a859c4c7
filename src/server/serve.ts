import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import QRCode from 'qrcode';
import { startServer } from './server';

/**
 * The classroom session server's entry point (`node scripts/run-node.mjs src/server/main.ts`, which `npm start`
 * runs): serves the built app and the session endpoint on one port and prints the local and LAN addresses, and
 * for every room the join link with a QR code.
 *
 * Environment: PORT (default 4173; 0 = any free port), HOST (default 0.0.0.0: every interface, so phones on the
 * same network can join), SESSION_LOG_DIR (default ./sessions: the room logs, replayed on start), DIST_DIR
 * (default ./dist: the built app). The first stdout line is `listening on <port>` (what tests wait for).
 */

/** IPv4 addresses of this machine on its networks (not loopback). */
function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((a) => (a && a.family === 'IPv4' && !a.internal ? [a.address] : []));
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4173);
  const host = process.env.HOST ?? '0.0.0.0';
  const logDir = resolve(process.env.SESSION_LOG_DIR ?? 'sessions');
  const distDir = resolve(process.env.DIST_DIR ?? 'dist');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT=${process.env.PORT} is not a port number (0–65535)`);
    process.exit(2);
  }
  let lanBase: string | null = null;
  const server = await startServer({
    port,
    host,
    logDir,
    distDir,
    warn: (m) => console.error(`session log: ${m}`),
    onCreate: (code) => void printJoin(code),
  });
  console.log(`listening on ${server.port}`);
  const lan = host === '0.0.0.0' || host === '::' ? lanAddresses() : [];
  lanBase = lan.length > 0 ? `http://${lan[0]}:${server.port}/` : null;
  const line = '='.repeat(64);
  console.log(`\n${line}\n  Auction Lab with classroom sessions`);
  console.log(`  On this computer:  http://localhost:${server.port}/`);
  for (const a of lan) console.log(`  On the network:    http://${a}:${server.port}/   (open this one on the projector laptop)`);
  console.log(`  Room logs:         ${logDir}\n  Press Ctrl+C to stop.\n${line}\n`);
  if (lanBase) console.log(await QRCode.toString(lanBase, { type: 'terminal', small: true }));
  for (const code of server.hub.activeRooms()) await printJoin(code);

  async function printJoin(code: string): Promise<void> {
    const base = lanBase ?? `http://localhost:${server.port}/`;
    const link = `${base}?join=${code}`;
    console.log(`\nRoom ${code}: students join at ${link}`);
    console.log(await QRCode.toString(link, { type: 'terminal', small: true }));
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      void server.close().then(() => process.exit(0));
    });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
