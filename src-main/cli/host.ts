/**
 * `npm run host`: the headless LAN Chat host. Serves rooms and the browser client on one port,
 * prints the addresses people can type, and stops cleanly on SIGINT/SIGTERM.
 */
import { resolve } from 'node:path';
import { ChatHost } from '../host/chat-host.ts';
import { bindsLoopback, lanAddresses } from '../platform/lan-addresses.ts';
import { Discovery } from '../discovery/discovery.ts';
import { hostForUrl } from '../../src-shared/address.ts';
import { rendererDir, userDataDir } from '../platform/paths.ts';
import { connectRedisBackend } from '../redis/backend.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import type { HistoryStore } from '../store/store.ts';
import type { Fanout } from '../host/fanout.ts';
import { HOST_USAGE, parseHostArgs } from './host-args.ts';
import { parseOrExit } from './usage.ts';
import { VERSION } from '../platform/version.ts';

const stamp = () => new Date().toISOString();

async function main(): Promise<void> {
  const args = parseOrExit(parseHostArgs, HOST_USAGE, process.argv.slice(2));
  const dataDir = resolve(args.data ?? userDataDir());
  let store: HistoryStore;
  let fanout: Fanout | undefined;
  let where = `in ${dataDir}`;
  if (args.redis) {
    const log = (line: string) => console.log(`${stamp()} ${line}`);
    try {
      ({ store, fanout } = await connectRedisBackend(args.redis, {
        prefix: args.redisPrefix,
        heartbeatMs: args.redisHeartbeatMs,
        log,
      }));
    } catch (err) {
      console.error((err as Error).message);
      process.exit(1);
    }
    where = `in Redis at ${args.redis}, shared with every host on it`;
  } else {
    store = new SqliteStore({ dataDir });
  }
  const host = new ChatHost({
    store,
    fanout,
    port: args.port,
    bind: args.bind,
    name: args.name,
    passwords: args.passwords,
    rate: args.rate,
    staticDir: rendererDir(),
    version: VERSION,
    log: (line) => console.log(`${stamp()} ${line}`),
    discovery: new Discovery({
      announce: args.announce,
      dataDir: args.redis ? undefined : dataDir,
      log: (line) => console.log(`${stamp()} ${line}`),
    }),
  });
  try {
    await host.start();
  } catch (err) {
    await store.close();
    console.error((err as Error).message);
    process.exit(1);
  }
  const addresses = lanAddresses(host.port, undefined, args.bind);
  console.log(`LAN Chat host “${host.options.name}” is running on port ${host.port}.`);
  if (bindsLoopback(args.bind)) {
    console.log(
      `It listens on ${args.bind} only, so only this machine can join: http://${hostForUrl(args.bind!)}:${host.port}/`,
    );
  } else if (addresses.length > 0) {
    console.log('People on your network can join by typing one of these addresses:');
    for (const a of addresses) console.log(`  ${a}`);
    console.log(`Add /ROOM for another room than “general”, e.g. ${addresses[0]}/dev.`);
    console.log(`In a browser: http://${addresses[0]}/`);
  } else {
    console.log(`No network interface is up; on this machine: http://localhost:${host.port}/`);
  }
  if (!bindsLoopback(args.bind)) {
    console.log(
      host.options.discovery?.announcing
        ? 'It announces itself on the network: LAN Chat apps and hosts nearby list it by themselves.'
        : 'It does not announce itself (--no-announce): people type one of the addresses above.',
    );
  }
  if (!host.options.staticDir) console.log('(The browser client is not built: run `npm run build` to serve it.)');
  console.log(`History is kept ${where}. Press Ctrl+C to stop.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${stamp()} ${signal}: stopping (clients will reconnect when a host is back)…`);
    host.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
