/**
 * One server under test, in its own process so that load and measurement never share its event
 * loop: `node --expose-gc bench/server.ts <bare|host|sio> [port] [dataDir] [full|normal]`.
 * Talks to the runner over IPC: sends `{ready, port}`, answers `stats` with its CPU time and
 * RSS (after a full GC when asked), and exits cleanly on `stop`.
 *
 * Each kind loads only its own modules (a relay does not carry the host's, the host not
 * Socket.IO): its RSS is its own. `bench/server.ts warm` loads them all once, for the compile
 * cache (scenarios.ts), and exits.
 */
import { flushCompileCache } from 'node:module';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { HistoryStore } from '../src-main/store/store.ts';

/** `host-tls`: the host with its key, its clients on wss (what TLS costs: `npm run bench:tls`). */
export type ServerKind = 'bare' | 'host' | 'host-tls' | 'sio';

/** What the runner asks of a server process. */
export type ServerCommand = { type: 'stats'; gc: boolean } | { type: 'stop' };
/** What a server process answers. */
export type ServerReply =
  | { type: 'ready'; port: number }
  | { type: 'stats'; cpuMicros: number; rss: number; heapUsed: number; external: number }
  | { type: 'stopped' };

const [kind, portArg = '0', dataDir = '', durability = 'full'] = process.argv.slice(2);
const reply = (r: ServerReply) => process.send!(r);

/** What the host kinds load. */
const hostModules = () =>
  Promise.all([
    import('../src-main/host/chat-host.ts'),
    import('../src-main/store/sqlite-store.ts'),
    import('../src-main/store/sqlite-worker-store.ts'),
    import('../src-main/tls/host-identity.ts'),
  ]);

async function main(): Promise<void> {
  let stop: () => Promise<void>;
  let port: number;
  if (kind === 'warm') {
    // Socket.IO may not be installed (the runner then leaves it out).
    await Promise.allSettled([import('./relay-bare.ts'), import('./relay-socketio.ts'), hostModules()]);
    flushCompileCache();
    process.exit(0);
  }
  if (kind === 'host' || kind === 'host-tls') {
    const [{ ChatHost }, { SqliteStore }, { SqliteWorkerStore }, { loadOrCreateHostIdentity }] = await hostModules();
    const options = {
      dataDir,
      durability: durability === 'normal' ? ('normal' as const) : ('full' as const),
      // BENCH_SEARCH=thread: the search index on a thread of its own (SqliteStoreOptions.searchThread).
      searchThread: process.env.BENCH_SEARCH === 'thread',
    };
    // As `npm run host` runs it (SQLite on the host's thread); BENCH_STORE=worker: on its own
    // thread (`--store-thread`); BENCH_STORE=serial: on its own thread, one batch at a time.
    const mode = process.env.BENCH_STORE ?? 'inline';
    const store =
      mode === 'inline'
        ? new SqliteStore(options)
        : await SqliteWorkerStore.open({ ...options, pipeline: mode !== 'serial' });
    if (process.env.BENCH_BATCHES) countBatches(store, mode);
    const host = new ChatHost({
      store,
      port: Number(portArg),
      bind: '127.0.0.1',
      name: 'bench',
      rate: 0, // the benchmark measures the host, not the per-socket rate limit
      // BENCH_RECENT=0: welcomes read the store and encode each time (no recent-entries cache).
      limits: { sockets: 50_000, membersPerRoom: 10_000, recentEntries: Number(process.env.BENCH_RECENT ?? 1000) },
      tls: kind === 'host-tls' ? await loadOrCreateHostIdentity(dataDir) : undefined,
    });
    port = (await host.start()).port;
    stop = () => host.stop();
  } else if (kind === 'bare' || kind === 'sio') {
    const http =
      kind === 'bare'
        ? await (await import('./relay-bare.ts')).startBareRelay(Number(portArg))
        : await (await import('./relay-socketio.ts')).startSocketIoRelay(Number(portArg));
    port = (http.address() as AddressInfo).port;
    stop = async () => {
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    };
  } else throw new Error(`unknown server kind ${kind}`);

  process.on('message', (cmd: ServerCommand) => {
    if (cmd.type === 'stats') {
      if (cmd.gc) for (let i = 0; i < 3; i++) globalThis.gc?.();
      const cpu = process.cpuUsage();
      const { rss, heapUsed, external } = process.memoryUsage();
      reply({ type: 'stats', cpuMicros: cpu.user + cpu.system, rss, heapUsed, external });
    } else if (cmd.type === 'stop') {
      void stop().then(() => {
        reply({ type: 'stopped' });
        process.disconnect();
      });
    }
  });
  reply({ type: 'ready', port });
}

/**
 * BENCH_BATCHES=1: says on exit how many batches the host committed, how big they were, and how
 * long its thread was held up (event-loop delay: a commit on the host's thread stops everything).
 */
function countBatches(store: HistoryStore, mode: string): void {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const append = store.append.bind(store);
  let batches = 0;
  let sends = 0;
  store.append = (batch) => {
    batches++;
    sends += batch.length;
    return append(batch);
  };
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  process.on('exit', () =>
    console.error(
      `host (${mode}): ${batches} batches, ${(sends / batches).toFixed(1)} sends each; event-loop delay ` +
        `p50 ${ms(delay.percentile(50))} p99 ${ms(delay.percentile(99))} max ${ms(delay.max)} ms`,
    ),
  );
}

process.on('disconnect', () => process.exit(0));
await main();
