/**
 * `npm run host`: the headless LAN Chat host. Serves rooms and the browser client on one port,
 * prints the addresses people can type, and stops cleanly on SIGINT/SIGTERM.
 */
import { resolve } from 'node:path';
import { ChatHost } from '../host/chat-host.ts';
import { bindsLoopback, lanAddresses } from '../platform/lan-addresses.ts';
import { terminalTranslator } from '../platform/locale.ts';
import { Discovery } from '../discovery/discovery.ts';
import { hostForUrl } from '../../src-shared/address.ts';
import { rendererDir, userDataDir } from '../platform/paths.ts';
import { connectRedisBackend } from '../redis/backend.ts';
import { redactRedisUrl } from '../redis/connection.ts';
import { StoreOpenError } from '../store/open-database.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { SqliteWorkerStore } from '../store/sqlite-worker-store.ts';
import type { HistoryStore } from '../store/store.ts';
import type { Fanout } from '../host/fanout.ts';
import type { FileIndex } from '../files/file-index.ts';
import { hostUsage, parseHostArgs } from './host-args.ts';
import { parseOrExit } from './usage.ts';
import { VERSION } from '../platform/version.ts';
import { loadOrCreateHostIdentity, type HostIdentity } from '../tls/host-identity.ts';
import { describeIdentity, pinnedAddresses } from '../tls/announce.ts';
import { hostFilesOptions } from '../files/files-options.ts';

const stamp = () => new Date().toISOString();
const t = terminalTranslator();

async function main(): Promise<void> {
  const args = parseOrExit(parseHostArgs, hostUsage, process.argv.slice(2));
  const dataDir = resolve(args.data ?? userDataDir());
  let identity: HostIdentity;
  try {
    identity = await loadOrCreateHostIdentity(dataDir, { rotate: args.newKey });
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  let store: HistoryStore;
  let storeStopped = (_err: Error): void => {};
  let fanout: Fanout | undefined;
  let fileIndex: FileIndex | undefined; // SQLite's beside the history unless Redis keeps it
  let where = t('cli.hostHistoryDir', { dir: dataDir });
  if (args.redis) {
    const log = (line: string) => console.log(`${stamp()} ${line}`);
    try {
      ({ store, fanout, fileIndex } = await connectRedisBackend(args.redis, {
        prefix: args.redisPrefix,
        heartbeatMs: args.redisHeartbeatMs,
        log,
      }));
    } catch (err) {
      console.error((err as Error).message);
      process.exit(1);
    }
    where = t('cli.hostHistoryRedis', { url: redactRedisUrl(args.redis) }); // never its password
  } else {
    try {
      // --store-thread: SQLite on a thread of its own, so that its fsyncs do not stop this one;
      // measured slower per delivery on a busy 2-core machine, hence not the default (docs/performance.md).
      store = args.storeThread
        ? await SqliteWorkerStore.open({
            dataDir,
            log: (line) => console.log(`${stamp()} ${line}`),
            onFatal: (err) => storeStopped(err),
          })
        : new SqliteStore({ dataDir });
    } catch (err) {
      // A locked, damaged or unreadable database: one sentence naming the file, no stack trace.
      if (!(err instanceof StoreOpenError)) throw err;
      console.error(err.say(t));
      process.exit(1);
    }
  }
  const host = new ChatHost({
    store,
    fanout,
    port: args.port,
    bind: args.bind,
    name: args.name,
    passwords: args.passwords,
    rate: args.rate,
    trustProxy: args.trustProxy,
    allowedOrigins: args.allowOrigins,
    staticDir: rendererDir(),
    version: VERSION,
    log: (line) => console.log(`${stamp()} ${line}`),
    tls: identity,
    tlsOnly: args.tlsOnly,
    files: hostFilesOptions({ dataDir, ...args }, fileIndex),
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
  /** The store gave up: stop rather than run without history; everyone resumes by seq after a restart. */
  storeStopped = (err) => {
    console.error(`${stamp()} ${t('data.storeStopped', { reason: err.message })}`);
    void host.stop().finally(() => process.exit(1));
  };
  const addresses = lanAddresses(host.port, undefined, args.bind);
  const browser = (scheme: string, at: string) => `${scheme}://${at}/`;
  console.log(t('cli.hostRunning', { name: host.options.name, port: host.port }));
  console.log(describeIdentity(identity, args.tlsOnly, t));
  if (bindsLoopback(args.bind)) {
    const url = browser(args.tlsOnly ? 'https' : 'http', `${hostForUrl(args.bind!)}:${host.port}`);
    console.log(t('cli.hostLoopbackOnly', { bind: args.bind!, url }));
  } else if (addresses.length > 0) {
    console.log(t('cli.hostJoinBy'));
    for (const a of pinnedAddresses(addresses, identity)) console.log(`  ${a}`);
    console.log(t('tls.hostOtherRoom', { example: pinnedAddresses(addresses, identity, 'dev')[0]! }));
    if (!args.tlsOnly) console.log(t('cli.hostBrowser', { url: browser('http', addresses[0]!) }));
    console.log(t('tls.hostBrowserHttps', { url: browser('https', addresses[0]!), short: identity.short }));
  } else {
    const local = `localhost:${host.port}`;
    console.log(t('cli.hostNoNetwork', { url: browser(args.tlsOnly ? 'https' : 'http', local) }));
  }
  if (!bindsLoopback(args.bind)) {
    const announcing = host.options.discovery?.announcing;
    console.log(
      t(announcing ? 'cli.hostAnnouncing' : args.announce ? 'cli.hostAnnounceLater' : 'cli.hostNotAnnouncing'),
    );
  }
  if (!host.options.staticDir) console.log(t('cli.hostNoUi'));
  const filesDir = host.options.files?.dir;
  if (filesDir) console.log(t(args.redis && !args.files ? 'cli.hostFilesShared' : 'cli.hostFiles', { dir: filesDir }));
  console.log(where);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${stamp()} ${t('cli.hostStopping', { signal })}`);
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
