/**
 * Cross-host benchmark: one embedded host (SQLite, full durability) beside two hosts on one
 * Redis (AOF, appendfsync always), each a real `npm run host` process on loopback.
 *
 * - saturation: `members` sockets in one room (spread evenly over the hosts), 10 of them sending
 *   ~100-byte messages as fast as a window of 8 unacknowledged sends allows (the bench branch's
 *   "fan-out" definition); deliveries per second over the measuring window.
 * - latency: one sender on the first host at a fixed rate; end-to-end latency of the copies
 *   delivered on the *other* host (for the embedded host: on the same one).
 *
 *   node bench/redis-fanout.ts [members=100] [measureMs=5000] [rate=100] [rounds=1]
 *
 * With BENCH_ROOTS=`label=dir,label=dir` (checkouts of this repository, e.g. a worktree of the
 * commit before a change, with node_modules) only the Redis pair runs, `rounds` times for each
 * checkout, alternating, so that a before/after comparison shares one machine load.
 *
 * Host CPU is read from /proc (utime + stime of each host process) over the saturation window, as
 * µs per delivery, with Redis's apart; host RSS is the largest VmRSS at the end of that window.
 *
 * The load runs in this one process (a separate one from every host): on a small machine the
 * figures compare the two set-ups under the same load generator rather than give the ceiling.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { PROJECT_ROOT } from '../src-main/platform/paths.ts';
import { cpuOfTree } from '../test/helpers/cpu-deadline.ts';
import { startRedis } from '../test/helpers/redis.ts';

const [membersArg = '100', measureArg = '5000', rateArg = '100', roundsArg = '1'] = process.argv.slice(2);
const MEMBERS = Number(membersArg);
const MEASURE_MS = Number(measureArg);
const RATE = Number(rateArg);
const PAD = 'x'.repeat(100);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

function spawnHost(args: string[], root = PROJECT_ROOT): Promise<{ child: ChildProcess; port: number }> {
  const cli = join(root, 'src-main', 'cli', 'host.ts');
  const child = spawn(process.execPath, [cli, '--port', '0', '--bind', '127.0.0.1', '--rate', '0', ...args]);
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

/** A process's resident memory in MiB, from /proc (0 once it is gone). */
function rssMiB(pid: number): number {
  try {
    const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kib ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * The processes whose cost is measured: the hosts (CPU per delivery, their RSS at the end of the
 * saturation window) and Redis (its CPU per delivery, apart: on a real deployment it has a
 * machine of its own).
 */
interface Measured {
  hosts: number[];
  redis?: number;
}

async function scenario(ports: number[], label: string, measured: Measured): Promise<Record<string, number | string>> {
  const room = `bench${Date.now()}`;
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
  const cpu = () => ({
    hosts: measured.hosts.reduce((ms, pid) => ms + cpuOfTree(pid), 0),
    redis: measured.redis === undefined ? 0 : cpuOfTree(measured.redis),
  });
  const [c0, t0, cpu0] = [total(), now(), cpu()];
  await sleep(MEASURE_MS);
  const [c1, t1, cpu1] = [total(), now(), cpu()];
  const rss = Math.max(...measured.hosts.map(rssMiB));
  running = false;
  // Let the hosts drain what is queued before measuring latency.
  for (let before = -1; before !== total();) {
    before = total();
    await sleep(500);
  }
  const deliveries = ((c1 - c0) * 1000) / (t1 - t0);
  const perDelivery = (ms: number) => +((ms * 1000) / (c1 - c0)).toFixed(3);

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
    'host CPU µs/delivery': perDelivery(cpu1.hosts - cpu0.hosts),
    ...(measured.redis === undefined ? {} : { 'Redis CPU µs/delivery': perDelivery(cpu1.redis - cpu0.redis) }),
    'host RSS MiB (max)': Math.round(rss),
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
    const measured = { hosts: hosts.map((h) => h.child.pid!), redis: redis.pid };
    results.push(
      await scenario(
        hosts.map((h) => h.port),
        label,
        measured,
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
    const measured = { hosts: [embedded.child.pid!] };
    results.push(await scenario([embedded.port], 'one embedded host (SQLite, synchronous=FULL)', measured));
  } finally {
    embedded.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
  await onRedis('two hosts on Redis (AOF, appendfsync always)');
}
console.log(`${MEMBERS} members in one room, 10 senders (window 8), ${MEASURE_MS} ms per measure`);
console.table(results);
process.exit(0);
