/**
 * Cross-host benchmark: one embedded host (SQLite, full durability) beside two hosts on one
 * Redis (AOF, appendfsync always), each a real `npm run host` process on loopback.
 *
 * - saturation: `members` sockets in one room (spread evenly over the hosts), 10 of them sending
 *   ~100-byte messages as fast as a window of 8 unacknowledged sends allows (the bench branch's
 *   "fan-out" definition); deliveries per second over the measuring window.
 * - latency: one sender on the first host at a fixed rate; end-to-end latency of the copies
 *   delivered on the *other* host (for the embedded host: on the same one).
 * - the hosts' CPU per delivery (every host's user + system time over the saturation window,
 *   from /proc, divided by the deliveries on all hosts) and each host's RSS at its end.
 *
 *   node bench/redis-fanout.ts [members=100] [measureMs=5000] [rate=100] [rounds=1]
 *
 * With BENCH_ROOTS=`label=dir,label=dir` (checkouts of this repository, e.g. a worktree of the
 * commit before a change, with node_modules) only the Redis pair runs, `rounds` times for each
 * checkout, alternating, so that a before/after comparison shares one machine load.
 *
 * The load runs in this one process (a separate one from every host): on a small machine the
 * figures compare the two set-ups under the same load generator rather than give the ceiling.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { HOST_V8_FLAGS } from '../src-main/platform/v8-flags.ts';
import { procUsage } from './proc.ts';
import { PROJECT_ROOT } from '../src-main/platform/paths.ts';
import { startRedis } from '../test/helpers/redis.ts';

const [membersArg = '100', measureArg = '5000', rateArg = '100', roundsArg = '1'] = process.argv.slice(2);
const MEMBERS = Number(membersArg);
const MEASURE_MS = Number(measureArg);
const RATE = Number(rateArg);
const PAD = 'x'.repeat(100);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

function spawnHost(args: string[], root = PROJECT_ROOT): Promise<{ child: ChildProcess; port: number }> {
  // `npm run host`'s entry point (host.ts in checkouts from before the compile-cache door).
  const door = join(root, 'src-main', 'cli', 'host.mjs');
  const cli = existsSync(door) ? door : join(root, 'src-main', 'cli', 'host.ts');
  const child = spawn(process.execPath, [
    ...HOST_V8_FLAGS, // as `npm run host` runs it
    cli,
    '--port',
    '0',
    '--bind',
    '127.0.0.1',
    '--rate',
    '0',
    ...args,
  ]);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => (out += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /running on port (\d+)/.exec(out);
      if (m && out.includes('Press Ctrl+C')) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`host exited ${code}: ${out}`)));
  });
}

/** Every member parses messages (latency phase), not only senders. */
let parseAll = false;

interface Member {
  ws: WebSocket;
  /** A sender: parses frames to see its acknowledgements. */
  parse: boolean;
  clientId: string;
  host: number;
  received: number;
  latencies: number[];
  sent: number;
  acked: number;
}

let nextClient = 0;
function joinRoom(port: number, host: number, room: string): Promise<Member> {
  const clientId = `bench${(nextClient++).toString().padStart(6, '0')}`;
  const m: Member = {
    ws: new WebSocket(`ws://127.0.0.1:${port}/room/${room}`, { perMessageDeflate: false }),
    clientId,
    parse: false,
    host,
    received: 0,
    latencies: [],
    sent: 0,
    acked: 0,
  };
  return new Promise((resolve, reject) => {
    m.ws.once('error', reject);
    m.ws.once('open', () => m.ws.send(JSON.stringify({ type: 'hello', protocol: 1, clientId, name: clientId })));
    m.ws.on('message', (data: Buffer) => {
      // `{"type":"m…`: a message. Counting must stay cheaper than the host's work, so only
      // senders (acks) and the latency phase parse the frame.
      if (data[9] === 0x6d) {
        m.received++;
        if (!m.parse && !parseAll) return;
      }
      const f = JSON.parse(data.toString()) as { type: string; text?: string; id?: string };
      if (f.type === 'welcome') return resolve(m);
      if (f.type !== 'message') return;
      // Text: `<sent at, or "sat"> <sender's clientId> <padding>`.
      const [sentAt, from] = f.text!.split(' ', 2);
      if (from === clientId) m.acked++;
      else if (sentAt !== 'sat') m.latencies.push(now() - Number(sentAt));
    });
  });
}

function send(m: Member, text: string): void {
  m.ws.send(JSON.stringify({ type: 'send', id: `s${m.sent++}`, text }));
}

async function scenario(
  hosts: ChildProcess[],
  ports: number[],
  label: string,
  redisPid?: number,
): Promise<Record<string, number | string>> {
  const room = `bench${Date.now()}`;
  const usage = () => hosts.map((h) => procUsage(h.pid!));
  const redisCpu = () => (redisPid === undefined ? 0 : procUsage(redisPid).cpuMicros);
  const members: Member[] = [];
  for (let i = 0; i < MEMBERS; i++) members.push(await joinRoom(ports[i % ports.length]!, i % ports.length, room));
  // Saturation: 10 senders, window 8.
  const senders = members.slice(0, 10);
  for (const s of senders) s.parse = true;
  let running = true;
  const fill = (s: Member) => {
    while (running && s.sent - s.acked < 8) send(s, `sat ${s.clientId} ${PAD}`);
  };
  senders.forEach(fill);
  for (const s of senders) s.ws.on('message', () => fill(s));
  await sleep(1500);
  const total = () => members.reduce((n, m) => n + m.received, 0);
  const [c0, t0, u0, r0] = [total(), now(), usage(), redisCpu()];
  await sleep(MEASURE_MS);
  const [c1, t1, u1, r1] = [total(), now(), usage(), redisCpu()];
  running = false;
  // Every host's CPU over the window, per delivery on any host; each host's RSS at its end.
  const cpu = u1.reduce((sum, u, i) => sum + u.cpuMicros - u0[i]!.cpuMicros, 0) / (c1 - c0);
  const rss = u1.map((u) => (u.rss / 2 ** 20).toFixed(0)).join(' / ');
  // Let the hosts drain what is queued before measuring latency.
  for (let before = -1; before !== total();) {
    before = total();
    await sleep(500);
  }
  const deliveries = ((c1 - c0) * 1000) / (t1 - t0);

  // Latency at a fixed rate from a member of host 0, measured on the other host's members.
  for (const m of members) m.latencies = [];
  parseAll = true;
  const sender = members[0]!;
  const started = now();
  let due = 0;
  const ticker = setInterval(() => {
    const should = Math.floor(((now() - started) * RATE) / 1000);
    while (due < should) {
      due++;
      send(sender, `${now()} ${sender.clientId} ${PAD}`);
    }
  }, 1);
  await sleep(MEASURE_MS);
  clearInterval(ticker);
  await sleep(500);
  const other = ports.length > 1 ? 1 : 0;
  const lat = members
    .filter((m) => m.host === other && m !== sender)
    .flatMap((m) => m.latencies)
    .sort((a, b) => a - b);
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))]!;
  parseAll = false;
  for (const m of members) m.ws.terminate();
  return {
    contender: label,
    'deliveries/s': Math.round(deliveries),
    'host CPU µs/delivery': +cpu.toFixed(3),
    'host RSS MiB': rss,
    // Redis apart: in a deployment it has a machine of its own.
    ...(redisPid === undefined ? {} : { 'Redis CPU µs/delivery': +((r1 - r0) / (c1 - c0)).toFixed(3) }),
    [`p50 ms @${RATE}/s`]: +pct(0.5).toFixed(2),
    [`p99 ms @${RATE}/s`]: +pct(0.99).toFixed(2),
    samples: lat.length,
  };
}

const results: Record<string, number | string>[] = [];

/** The two-host Redis scenario, the hosts run from checkout `root`. */
async function onRedis(label: string, root = PROJECT_ROOT): Promise<void> {
  const redis = await startRedis();
  const args = ['--redis', redis.url, '--redis-prefix', 'bench:'];
  const hosts = [await spawnHost(args, root), await spawnHost(args, root)];
  try {
    results.push(
      await scenario(
        hosts.map((h) => h.child),
        hosts.map((h) => h.port),
        label,
        redis.pid,
      ),
    );
  } finally {
    for (const h of hosts) h.child.kill('SIGTERM');
    await redis.destroy();
  }
}

const roots = process.env.BENCH_ROOTS?.split(',').map((r) => r.split('=') as [string, string]);
if (roots) {
  for (let round = 1; round <= Number(roundsArg); round++) {
    for (const [label, dir] of roots) await onRedis(`${label} #${round}: two hosts on Redis`, dir);
  }
} else {
  const dataDir = mkdtempSync(join(tmpdir(), 'lanchat-bench-'));
  const embedded = await spawnHost(['--data', dataDir]);
  try {
    results.push(await scenario([embedded.child], [embedded.port], 'one embedded host (SQLite, synchronous=FULL)'));
  } finally {
    embedded.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
  await onRedis('two hosts on Redis (AOF, appendfsync always)');
}
console.log(`${MEMBERS} members in one room, 10 senders (window 8), ${MEASURE_MS} ms per measure`);
console.table(results);
process.exit(0);
