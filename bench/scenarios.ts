/**
 * The four scenarios, each run against one server kind in a fresh server process with load from
 * separate worker processes: saturation fan-out, latency at a fixed rate, idle memory, and (host
 * only) the reconnect storm after a restart.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerCommand, WorkerReply } from './load-worker.ts';
import { nowMicros } from './load-worker.ts';
import { Proc } from './proc.ts';
import type { ServerCommand, ServerKind, ServerReply } from './server.ts';
import { HOST_V8_FLAGS } from '../src-main/platform/v8-flags.ts';

/**
 * A server as the runner names it: the host also with `normal` durability; `bun` is Bun's native
 * pub/sub relay, which clients talk to as to the bare relay.
 */
export type Contender = 'bare' | 'bun' | 'host' | 'host-normal' | 'host-tls' | 'sio';

export type Worker = Proc<WorkerCommand, WorkerReply>;
type Server = Proc<ServerCommand, ServerReply>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const serverKind = (c: Contender): ServerKind => (c === 'host-normal' ? 'host' : c === 'bun' ? 'bare' : c);

/** Bun's binary from the `bun` npm package (it brings `@oven/bun-<platform>`), if installed. */
export const BUN_PATH: string | undefined = (() => {
  const path = fileURLToPath(new URL('../node_modules/.bin/bun', import.meta.url));
  return existsSync(path) ? path : undefined;
})();

/**
 * The Node processes of a run keep their stripped TypeScript on disk, as `npm run host` does
 * (src-main/cli/host.mjs): a server then runs without Node's TypeScript stripper in memory (a
 * WebAssembly build of SWC, ~15 MiB of RSS), like the host as shipped (docs/performance.md).
 */
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), 'node-compile-cache');

/** Starts workers (reused by every scenario). */
export function startWorkers(n: number): Worker[] {
  return Array.from({ length: n + 1 }, (_, i) => new Proc<WorkerCommand, WorkerReply>('./load-worker.ts', [String(i)]));
}

/**
 * The host's Node flags: its V8 flags, and BENCH_HOST_FLAGS (e.g. `--cpu-prof --cpu-prof-dir=DIR`:
 * a profile of every host process, written when it stops; docs/performance.md).
 */
const hostFlags = [...HOST_V8_FLAGS, ...(process.env.BENCH_HOST_FLAGS?.split(' ').filter(Boolean) ?? [])];

const warmed = new Set<string>();

/**
 * Fills the compile cache with every server's modules before the first server started with
 * `flags` (Node keeps one cache per set of V8 flags): that server would otherwise strip them
 * itself, and keep the stripper. Profiling flags are left out (a profile of this is not wanted).
 */
function warm(flags: string[]): void {
  const kept = flags.filter((f) => !f.startsWith('--cpu-prof'));
  if (warmed.has(kept.join(' '))) return;
  warmed.add(kept.join(' '));
  execFileSync(process.execPath, [...kept, fileURLToPath(new URL('./server.ts', import.meta.url)), 'warm'], {
    stdio: 'inherit',
  });
}

async function startServer(
  c: Contender,
  port = 0,
  dataDir?: string,
): Promise<{ server: Server; port: number; dataDir: string }> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'lanchat-bench-'));
  const durability = c === 'host-normal' ? 'normal' : 'full';
  // BENCH_SERVER: another script that imports server.ts, e.g. a wrapper that profiles it.
  const flags = ['--expose-gc', ...(serverKind(c).startsWith('host') ? hostFlags : [])];
  if (c !== 'bun') warm(flags);
  const server =
    c === 'bun'
      ? new Proc<ServerCommand, ServerReply>('./relay-bun.ts', [String(port)], [], BUN_PATH)
      : new Proc<ServerCommand, ServerReply>(
          process.env.BENCH_SERVER ?? './server.ts',
          [serverKind(c), String(port), dir, durability],
          flags,
        );
  const ready = await server.next();
  if (ready.type !== 'ready') throw new Error(`server ${c} did not start`);
  return { server, port: ready.port, dataDir: dir };
}

async function stats(
  server: Server,
  gc = false,
): Promise<{ cpuMicros: number; rss: number; heapUsed: number; external: number }> {
  const r = await server.ask({ type: 'stats', gc });
  if (r.type !== 'stats') throw new Error('bad stats reply');
  return r;
}

async function stopServer(server: Server): Promise<void> {
  await server.ask({ type: 'stop' }).catch(() => {});
  await server.exit();
}

/** Splits `total` into `parts` near-equal counts. */
const split = (total: number, parts: number) =>
  Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

async function all(workers: Worker[], cmd: (i: number) => WorkerCommand | undefined): Promise<WorkerReply[]> {
  return Promise.all(
    workers.map((w, i) => {
      const c = cmd(i);
      return c ? w.ask(c) : Promise.resolve({ type: 'done' } as WorkerReply);
    }),
  );
}

async function delivered(workers: Worker[]): Promise<{ count: number; latencies: number[]; lastSeq: number[] }> {
  const snaps = await all(workers, () => ({ type: 'snapshot' }));
  let count = 0;
  const latencies: number[] = [];
  const lastSeq: number[] = [];
  for (const s of snaps) {
    if (s.type !== 'snapshot') continue;
    count += s.delivered;
    latencies.push(...s.latencies);
    lastSeq.push(s.lastSeq);
  }
  return { count, latencies, lastSeq };
}

/** Connects `total` members into `room`, spread over the load workers (not the writer). */
async function populate(
  workers: Worker[],
  c: Contender,
  port: number,
  room: string,
  total: number,
  recorders = 0,
  concurrency = 64,
): Promise<void> {
  const counts = split(total, workers.length);
  await all(workers, (i) =>
    counts[i]! > 0
      ? { type: 'connect', kind: serverKind(c), port, room, count: counts[i]!, recorders, track: false, concurrency }
      : undefined,
  );
}

export interface Saturation {
  deliveriesPerSec: number;
  cpuMicrosPerDelivery: number;
  /** The server's resident memory at the end of the measurement, under full load. */
  rssMiB: number;
}

/** Senders (10 per room) push ~100-byte messages as fast as a window of 8 unacknowledged allows. */
export async function saturation(
  workers: Worker[],
  c: Contender,
  members: number,
  warmMs: number,
  measureMs: number,
): Promise<Saturation> {
  const load = workers.slice(1);
  const { server, port, dataDir } = await startServer(c);
  try {
    await populate(load, c, port, `sat${members}`, members);
    const senders = split(Math.min(10, members), load.length);
    await all(load, (i) => ({ type: 'saturate', senders: senders[i]!, window: 8 }));
    await sleep(warmMs);
    const [d0, s0, t0] = [await delivered(load), await stats(server), nowMicros()];
    await sleep(measureMs);
    const [d1, s1, t1] = [await delivered(load), await stats(server), nowMicros()];
    await all(load, () => ({ type: 'halt' }));
    await all(load, () => ({ type: 'close' }));
    const n = d1.count - d0.count;
    if (n <= 0) throw new Error(`saturation ${c} ${members}: nothing was delivered`);
    return {
      deliveriesPerSec: (n * 1e6) / (t1 - t0),
      cpuMicrosPerDelivery: (s1.cpuMicros - s0.cpuMicros) / n,
      rssMiB: s1.rss / 2 ** 20,
    };
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  samples: number;
  /** Deliveries per second seen, against rate × members expected: below 1 means it fell behind. */
  keptUp: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

/**
 * One sender at fixed rates, one after the other into the same room; a few sockets per worker
 * record end-to-end latency (ms).
 */
export async function latency(
  workers: Worker[],
  c: Contender,
  members: number,
  rates: number[],
  warmMs: number,
  measureMs: number,
): Promise<Latency[]> {
  const { server, port, dataDir } = await startServer(c);
  try {
    // The writer worker's one socket sends; the load workers hold the rest of the room.
    await all(workers, (i) =>
      i === 0
        ? { type: 'connect', kind: serverKind(c), port, room: 'lat', count: 1, recorders: 0, track: false }
        : undefined,
    );
    await populate(workers.slice(1), c, port, 'lat', members - 1, 4);
    const out: Latency[] = [];
    for (const rate of rates) {
      await workers[0]!.ask({ type: 'rate', perSecond: rate });
      await sleep(warmMs);
      const [d0, t0] = [await delivered(workers), nowMicros()];
      await sleep(measureMs);
      const [d1, t1] = [await delivered(workers), nowMicros()];
      await all(workers, () => ({ type: 'halt' }));
      const sorted = d1.latencies.map((us) => us / 1000).sort((a, b) => a - b);
      if (sorted.length === 0) throw new Error(`latency ${c} ${members}@${rate}: no samples`);
      const keptUp = ((d1.count - d0.count) * 1e6) / (t1 - t0) / (rate * members);
      const p = (q: number) => percentile(sorted, q);
      out.push({ p50: p(0.5), p90: p(0.9), p99: p(0.99), max: sorted.at(-1)!, samples: sorted.length, keptUp });
      await sleep(Math.min(1000, warmMs)); // let a backlog drain before the next rate
      await delivered(workers); // and drop its samples
    }
    await all(workers, () => ({ type: 'close' }));
    return out;
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface Memory {
  members: number;
  kibPerSocket: number;
  heapKibPerSocket: number;
  externalKibPerSocket: number;
}

/**
 * RSS growth of the server per idle member socket, in KiB, at each of `steps` members (rooms of
 * at most 1000, joined a few at a time: people arrive, they do not all connect in one second).
 * Measured after a full GC and a second of quiet, from a warmed-up baseline.
 */
export async function memory(workers: Worker[], c: Contender, steps: number[]): Promise<Memory[]> {
  const load = workers.slice(1);
  const { server, port, dataDir } = await startServer(c);
  try {
    // Warm up first (code compiled, heap and caches grown, a room opened and left), so that the
    // figure is what each further socket costs, not the server's first-use costs.
    await populate(load, c, port, 'warm', WARM_UP_MEMBERS, 0, MEMORY_CONCURRENCY);
    await all(load, () => ({ type: 'close' }));
    await sleep(500);
    const before = await stats(server, true);
    const out: Memory[] = [];
    let members = 0;
    for (const step of steps) {
      while (members < step) {
        const n = Math.min(1000, step - members);
        await populate(load, c, port, `mem${Math.floor(members / 1000)}`, n, 0, MEMORY_CONCURRENCY);
        members += n;
      }
      await sleep(1000);
      const after = await stats(server, true);
      const per = (k: 'rss' | 'heapUsed' | 'external') => (after[k] - before[k]) / 1024 / members;
      out.push({
        members,
        kibPerSocket: per('rss'),
        heapKibPerSocket: per('heapUsed'),
        externalKibPerSocket: per('external'),
      });
    }
    await all(load, () => ({ type: 'close' }));
    return out;
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Joins in flight per worker in the memory scenario. */
const MEMORY_CONCURRENCY = 8;
const WARM_UP_MEMBERS = 100;

/**
 * Live sends per second during the storm: enough to race every join, few enough that a slow storm
 * stays within the 1000 messages a resume may return (beyond that the welcome says `truncated`).
 */
const STORM_LIVE_RATE = 20;

export interface Storm {
  clients: number;
  /** From the moment every client starts reconnecting until the last has every missed message. */
  caughtUpMs: number;
  /** CPU time the host spent during the storm (the rest of the wall time is the clients' and others'). */
  hostCpuMs: number;
  gaps: number;
  duplicates: number;
  /** Clients that never reached the last seq. */
  behind: number;
}

async function check(load: Worker[], final: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rs = await all(load, () => ({ type: 'check', final }));
    const sum = { gaps: 0, duplicates: 0, behind: 0 };
    for (const r of rs)
      if (r.type === 'check') for (const k of ['gaps', 'duplicates', 'behind'] as const) sum[k] += r[k];
    if (sum.behind === 0 || Date.now() > deadline) return sum;
    await sleep(50);
  }
}

/**
 * `clients` members see 200 messages, the host restarts (graceful stop, same data and port), 300
 * more are sent before anyone is back, then all reconnect at once with `since` while the writer
 * keeps sending: every client must end with every seq exactly once.
 */
export async function storm(
  workers: Worker[],
  clients: number,
  durability: 'host' | 'host-normal' = 'host',
): Promise<Storm> {
  const [writer, ...load] = workers as [Worker, ...Worker[]];
  const first = await startServer(durability);
  const { port, dataDir } = first;
  let server = first.server;
  const connectWriter = () =>
    writer.ask({ type: 'connect', kind: 'host', port, room: 'storm', count: 1, recorders: 0, track: true });
  try {
    const counts = split(clients, load.length);
    await all(load, (i) => ({
      type: 'connect',
      kind: 'host',
      port,
      room: 'storm',
      count: counts[i]!,
      recorders: 0,
      track: true,
    }));
    await connectWriter();
    await writer.ask({ type: 'burst', count: 200 });
    const seen = await check(load, 200, 10_000);
    if (seen.behind > 0) throw new Error(`storm: ${seen.behind} clients missed the first messages`);
    await writer.ask({ type: 'close' });
    await stopServer(server);
    ({ server } = await startServer(durability, port, dataDir));
    await connectWriter();
    await writer.ask({ type: 'burst', count: 300 });
    await writer.ask({ type: 'rate', perSecond: STORM_LIVE_RATE });
    const [t0, cpu0] = [nowMicros(), (await stats(server)).cpuMicros];
    const caught = await all(load, () => ({ type: 'resume', port, target: 500 }));
    const hostCpuMs = ((await stats(server)).cpuMicros - cpu0) / 1000;
    const caughtUpMs = (Math.max(...caught.map((r) => (r.type === 'caught' ? r.at : Infinity))) - t0) / 1000;
    await writer.ask({ type: 'halt' });
    await sleep(200);
    const final = (await delivered([writer])).lastSeq[0]!;
    const end = await check(load, final, 5000);
    await all(workers, () => ({ type: 'close' }));
    return { clients, caughtUpMs, hostCpuMs, ...end };
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
