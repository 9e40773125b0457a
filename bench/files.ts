/**
 * `npm run bench -- --files [--size-mb N]`: a big file through the host over loopback, beside
 * nginx serving the same file from the same disk, both driven by curl. Measures upload (one tus
 * PATCH vs an nginx WebDAV PUT) and download (GET vs GET), samples the host's RSS while the
 * bytes flow (it must stay flat: streamed, never buffered whole), and the p99 delivery time of
 * chat messages in the same room while it happens, against the same room idle. Not part of CI.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
  closeSync,
  writeFileSync,
  fsyncSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { spawnHost } from '../test/helpers/spawn-host.ts';
import { freePort } from '../test/helpers/redis.ts';
import { stolenMs } from './proc.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const textArg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const MIB = 1024 * 1024;
const sizeMb = arg('--size-mb', 1024);
const runs = arg('--runs', 2);
/** Another checkout's host entry point, to compare two versions on one machine in one sitting. */
const hostCli = textArg('--host-cli');
/** More flags for the host (`--host-args "--store-thread"`). */
const hostArgs = (textArg('--host-args') ?? '').split(' ').filter(Boolean);
/**
 * Seconds the chat is timed after the upload, before the download (`--linger-s 35`): the kernel
 * writes an upload's dirty pages back about 30 s after they were written, and the chat's commits
 * wait behind that writeback, not behind the upload itself.
 */
const lingerS = arg('--linger-s', 0);
/**
 * How often the chat probe sends (`--probe-ms 10`). At the default 50 ms a 1 GiB upload of ~1.3 s
 * gives ~25 samples per upload, and their "p99" is the worst one: one stall decides it. Every
 * 10 ms gives five times as many (100 small messages a second, nothing for the host).
 */
const probeMs = arg('--probe-ms', 50);
/** Where the result goes (default bench/results/files-DATE.json). */
const out = textArg('--out');
/** Every sample and phase with its wall time, for lining up with probes of the host (`--trace FILE`). */
const traceFile = textArg('--trace');
const trace: string[] = [];
const mark = (what: string) => trace.push(`${what} ${Date.now()}`);
const dir = mkdtempSync(join(tmpdir(), 'lanchat-bench-files-'));

function makeFile(path: string): void {
  const block = randomBytes(MIB);
  const fd = openSync(path, 'w');
  for (let i = 0; i < sizeMb; i++) writeSync(fd, block);
  // On the disk before anything is timed: left dirty, the kernel wrote it back 30 s later, in the
  // middle of the upload, and every chat commit's fsync queued behind it (up to 360 ms).
  fsyncSync(fd);
  closeSync(fd);
}

/** Runs curl; resolves with its time_total in seconds. */
function curl(args: string[]): Promise<number> {
  return new Promise((resolve, reject) =>
    execFile('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code} %{time_total}', ...args], (err, out) => {
      if (err) return reject(err);
      const [code, time] = out.trim().split(' ');
      if (!/^2\d\d$/.test(code!)) return reject(new Error(`curl got HTTP ${code}`));
      resolve(Number(time));
    }),
  );
}

async function startNginx(root: string): Promise<{ port: number; stop: () => void }> {
  const port = await freePort();
  mkdirSync(join(root, 'up'), { recursive: true });
  const conf = join(dir, 'nginx.conf');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${join(dir, k)};`);
  writeFileSync(
    conf,
    `daemon off; master_process off; pid ${join(dir, 'nginx.pid')}; error_log ${join(dir, 'nginx.log')} warn;
events { worker_connections 64; }
http { access_log off; ${temp.join(' ')} sendfile on; client_max_body_size 0;
  server { listen 127.0.0.1:${port}; root ${root};
    location /up/ { dav_methods PUT; create_full_put_path on; }
    location = /healthz { return 200 ok; } } }
`,
  );
  const child = spawn('/usr/sbin/nginx', ['-p', dir, '-c', conf], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, stop: () => child.kill() };
}

/** RSS of a process in MiB, sampled every 100 ms until stopped. */
function sampleRss(pid: number) {
  const samples: number[] = [];
  const read = () => {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) samples.push(Number(m[1]) / 1024);
  };
  read();
  const timer = setInterval(read, 100);
  return { stop: () => (clearInterval(timer), samples) };
}

/** A member who sends a message every `probeMs` and times each one until its own copy is back. */
async function chatProbe(port: number) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/room/bench`, { perMessageDeflate: false });
  await new Promise((r) => ws.once('open', r));
  const sent = new Map<string, number>();
  let latencies: number[] = [];
  let token = '';
  const welcome = new Promise<void>((resolve) =>
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as { type: string; id?: string; token?: string };
      if (f.type === 'welcome') {
        token = f.token ?? '';
        resolve();
      }
      if (f.type === 'message' && f.id && sent.has(f.id)) {
        latencies.push(performance.now() - sent.get(f.id)!);
        trace.push(`m ${(performance.timeOrigin + sent.get(f.id)!).toFixed(1)} ${latencies.at(-1)!.toFixed(2)}`);
      }
    }),
  );
  ws.send(JSON.stringify({ type: 'hello', protocol: 1, clientId: `bench${Date.now()}`, name: 'Probe' }));
  await welcome;
  let n = 0;
  const timer = setInterval(() => {
    const id = `p${n++}`;
    sent.set(id, performance.now());
    ws.send(JSON.stringify({ type: 'send', id, text: 'ping' }));
  }, probeMs);
  return {
    token,
    take(): number[] {
      const out = latencies;
      latencies = [];
      return out;
    },
    stop: () => (clearInterval(timer), ws.close()),
  };
}

const p99 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))] ?? NaN;
const best = async (f: () => Promise<number>) => {
  let t = Infinity;
  for (let i = 0; i < runs; i++) t = Math.min(t, await f());
  return t;
};

async function main(): Promise<void> {
  const big = join(dir, 'www', 'big.bin');
  mkdirSync(join(dir, 'www'), { recursive: true });
  console.log(`making a ${sizeMb} MiB file in ${dir}…`);
  makeFile(big);
  const nginx = await startNginx(join(dir, 'www'));
  const host = await spawnHost(
    [
      ...['--port', '0', '--bind', '127.0.0.1', '--data', join(dir, 'data'), '--rate', '0'],
      ...['--min-free-mb', '0', '--max-file-mb', String(sizeMb + 1)],
      ...hostArgs,
    ],
    60_000,
    [],
    hostCli,
  );
  const probe = await chatProbe(host.port);
  const base = `http://127.0.0.1:${host.port}`;
  try {
    await new Promise((r) => setTimeout(r, 3000));
    probe.take();
    await new Promise((r) => setTimeout(r, 5000));
    const idle = probe.take();
    const rss = sampleRss(host.child.pid!);
    const rssBefore = rss.stop()[0]!;
    const during = sampleRss(host.child.pid!);
    let fileId = '';
    let stolenDuringUpload = 0;
    const upHost = await best(async () => {
      const created = await fetch(`${base}/api/rooms/bench/uploads`, {
        method: 'POST',
        headers: {
          'Tus-Resumable': '1.0.0',
          Authorization: `Bearer ${probe.token}`,
          'Upload-Length': String(sizeMb * MIB),
          'Upload-Metadata': `filename ${Buffer.from('big.bin').toString('base64')}`,
        },
      });
      const at = created.headers.get('location')!;
      mark('up-start');
      const stolenBefore = stolenMs();
      const t = await curl([
        ...['-X', 'PATCH', '-T', big, '-H', 'Tus-Resumable: 1.0.0', '-H', `Authorization: Bearer ${probe.token}`],
        ...['-H', 'Upload-Offset: 0', '-H', 'Content-Type: application/offset+octet-stream', '-H', 'Expect:'],
        `${base}${at}`,
      ]);
      stolenDuringUpload += stolenMs() - stolenBefore;
      mark('up-end');
      const head = await fetch(`${base}${at}`, {
        method: 'HEAD',
        headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${probe.token}` },
      });
      fileId = head.headers.get('lanchat-file-id')!;
      return t;
    });
    const busyUp = probe.take();
    await new Promise((r) => setTimeout(r, lingerS * 1000));
    const afterUp = probe.take();
    const downHost = await best(() => curl([`${base}/api/rooms/bench/files/${fileId}`]));
    const busyDown = probe.take();
    const busy = [...busyUp, ...busyDown];
    const rssDuring = during.stop();
    const upNginx = await best(() => curl(['-T', big, '-H', 'Expect:', `http://127.0.0.1:${nginx.port}/up/big.bin`]));
    const downNginx = await best(() => curl([`http://127.0.0.1:${nginx.port}/big.bin`]));
    const mbps = (s: number) => Math.round(sizeMb / s);
    const result = {
      date: new Date().toISOString(),
      ...(hostCli ? { hostCli } : {}),
      ...(hostArgs.length > 0 ? { hostArgs } : {}),
      sizeMb,
      runs,
      probeMs,
      loadavg: loadavg()[0],
      upload: { hostMiBps: mbps(upHost), nginxMiBps: mbps(upNginx), ratio: +(upNginx / upHost).toFixed(2) },
      download: { hostMiBps: mbps(downHost), nginxMiBps: mbps(downNginx), ratio: +(downNginx / downHost).toFixed(2) },
      rssMiB: { before: Math.round(rssBefore), maxDuring: Math.round(Math.max(...rssDuring)) },
      chatP99Ms: {
        idle: +p99(idle).toFixed(1),
        duringTransfers: +p99(busy).toFixed(1),
        duringUpload: +p99(busyUp).toFixed(1),
        duringDownload: +p99(busyDown).toFixed(1),
        ...(lingerS > 0 ? { afterUpload: +p99(afterUp).toFixed(1), lingerS } : {}),
        samples: [idle.length, busyUp.length, busyDown.length, afterUp.length],
      },
      /** CPU the hypervisor took during the uploads (ms over all CPUs): a stall no code avoids. */
      stolenMsDuringUpload: Math.round(stolenDuringUpload),
    };
    console.log(JSON.stringify(result, null, 2));
    if (traceFile) writeFileSync(traceFile, trace.join('\n') + '\n');
    mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
    writeFileSync(
      out ?? join(import.meta.dirname, 'results', `files-${result.date.slice(0, 10)}.json`),
      JSON.stringify(result, null, 2) + '\n',
    );
  } finally {
    probe.stop();
    host.child.kill('SIGTERM');
    nginx.stop();
    await host.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
