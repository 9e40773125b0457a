/**
 * `npm run bench -- --soak [--minutes 30] [--clients 200] [--rate 20] [--churn 2]`: the host
 * (durable history, its own process) under a steady chat for a long time, with reconnect churn:
 * `clients` members in 4 rooms send `rate` messages a second in all, and `churn` of them a second
 * drop their socket and come back with `since` (re-sending what was not acknowledged, as real
 * clients do). Checks at the end: every send stored exactly once (0 lost, 0 duplicated), every
 * client saw every seq of its room exactly once across its reconnects, and the host's RSS (after
 * a full GC) grew less than 5 % from the end of the warm-up (the first tenth) to the end.
 * Writes bench/results/soak-<date>.json. Not part of CI: it takes its time.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { Proc } from './proc.ts';
import type { ServerCommand, ServerReply } from './server.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MINUTES = arg('minutes', 30);
const CLIENTS = arg('clients', 200);
const RATE = arg('rate', 20);
const CHURN = arg('churn', 2);
const ROOMS = 4;
const SAMPLE_MS = Math.min(30_000, (MINUTES * 60_000) / 20);

interface Member {
  n: number;
  room: string;
  clientId: string;
  ws?: WebSocket;
  epoch?: string;
  lastSeq: number;
  /** Every seq this member was shown, across its sockets (a repeat is a duplicate). */
  seen: Set<number>;
  dupSeen: number;
  /** Sent and not yet acknowledged, in order: re-sent after a reconnect with the same id. */
  unacked: Map<string, string>;
  next: number;
  /** Between dropping its socket and its next welcome (it is not churned again meanwhile). */
  away: boolean;
}

const log = (s: string) => console.error(`[soak ${new Date().toISOString().slice(11, 19)}] ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dataDir = mkdtempSync(join(tmpdir(), 'lanchat-soak-'));
const server = new Proc<ServerCommand, ServerReply>('server.ts', ['host', '0', dataDir, 'full'], ['--expose-gc']);
const ready = await server.next();
if (ready.type !== 'ready') throw new Error('host did not start');
const port = ready.port;
const stats = async () => {
  const r = await server.ask({ type: 'stats', gc: true });
  if (r.type !== 'stats') throw new Error('no stats');
  return r;
};

/** Ids stored: id → seqs it was stored under (more than one is a duplicate). */
const stored = new Map<string, Set<number>>();
const sentIds = new Set<string>();
const latest = new Map<string, number>();

const members: Member[] = Array.from({ length: CLIENTS }, (_, n) => ({
  n,
  room: `soak-${n % ROOMS}`,
  clientId: `soakclient${n}x${Date.now().toString(36)}`,
  lastSeq: 0,
  seen: new Set(),
  dupSeen: 0,
  unacked: new Map(),
  next: 0,
  away: false,
}));

function connect(m: Member): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/room/${m.room}`, { perMessageDeflate: false });
    m.ws = ws;
    ws.on('error', () => {});
    ws.on('open', () => {
      const hello: Record<string, unknown> = { type: 'hello', protocol: 1, clientId: m.clientId, name: `Soak ${m.n}` };
      if (m.epoch) Object.assign(hello, { since: m.lastSeq, epoch: m.epoch });
      ws.send(JSON.stringify(hello));
    });
    ws.on('close', () => reject(new Error(`member ${m.n} closed before its welcome`)));
    ws.on('message', (data) => {
      if (m.ws !== ws) return; // a dropped socket's last frames: this client has moved on
      const f = JSON.parse(data.toString()) as Record<string, unknown>;
      if (f.type === 'welcome') {
        if (m.epoch && f.epoch !== m.epoch) throw new Error(`member ${m.n}: the epoch changed`);
        m.epoch = f.epoch as string;
        for (const h of f.history as Record<string, unknown>[]) take(m, h);
        for (const [id, text] of m.unacked) ws.send(JSON.stringify({ type: 'send', id, text }));
        resolve();
      } else if (f.type === 'message') take(m, f);
      else if (f.type === 'error') log(`member ${m.n}: ${String(f.code)} ${String(f.message)}`);
    });
  });
}

function take(m: Member, f: Record<string, unknown>): void {
  const seq = f.seq as number;
  const id = f.id as string;
  // A re-sent message that was stored before is acknowledged again to its sender (protocol):
  // that one repeat is expected; any other is a duplicate delivery.
  if (m.seen.has(seq) && !id.startsWith(`s${m.n}-`)) m.dupSeen++;
  m.seen.add(seq);
  m.lastSeq = Math.max(m.lastSeq, seq);
  latest.set(m.room, Math.max(latest.get(m.room) ?? 0, seq));
  m.unacked.delete(id);
  if (sentIds.has(id)) {
    const seqs = stored.get(id) ?? new Set<number>();
    seqs.add(seq);
    stored.set(id, seqs);
  }
}

function send(m: Member): void {
  const id = `s${m.n}-${m.next++}`;
  const text = `soak message ${id} ${'·'.repeat(20 + (m.next % 60))}`;
  sentIds.add(id);
  m.unacked.set(id, text);
  if (m.ws?.readyState === WebSocket.OPEN) m.ws.send(JSON.stringify({ type: 'send', id, text }));
}

async function churn(m: Member): Promise<void> {
  if (m.away) return;
  m.away = true;
  m.ws?.terminate();
  await sleep(20 + Math.random() * 200);
  await connect(m);
  m.away = false;
}

log(`${CLIENTS} clients in ${ROOMS} rooms, ${RATE} msg/s, churn ${CHURN}/s, ${MINUTES} min`);
for (let i = 0; i < CLIENTS; i += 20) await Promise.all(members.slice(i, i + 20).map(connect));
const samples: { t: number; rss: number; heapUsed: number }[] = [];
const t0 = Date.now();
const end = t0 + MINUTES * 60_000;
let reconnects = 0;
// Sends by the clock, not one per timer tick: a tick that fires late (a busy machine) is made
// up at the next, so the run keeps its rate (the first run, one send per tick, reached 16.5/s).
let due = 0;
const sendTimer = setInterval(() => {
  const target = Math.floor(((Date.now() - t0) * RATE) / 1000);
  for (; due < target; due++) send(members[Math.floor(Math.random() * CLIENTS)]!);
}, 1000 / RATE);
const churnTimer = setInterval(() => {
  for (let i = 0; i < CHURN; i++) {
    reconnects++;
    void churn(members[Math.floor(Math.random() * CLIENTS)]!).catch((e: unknown) => log(String(e)));
  }
}, 1000);
while (Date.now() < end) {
  await sleep(Math.min(SAMPLE_MS, end - Date.now()));
  const s = await stats();
  samples.push({ t: Math.round((Date.now() - t0) / 1000), rss: s.rss, heapUsed: s.heapUsed });
  log(`t=${samples.at(-1)!.t}s rss=${(s.rss / 2 ** 20).toFixed(1)} MiB heap=${(s.heapUsed / 2 ** 20).toFixed(1)} MiB`);
}
clearInterval(sendTimer);
clearInterval(churnTimer);
const sendSeconds = (Date.now() - t0) / 1000;

// Drain: every member gets back on line and everything sent is acknowledged.
const drainDeadline = Date.now() + 60_000;
await sleep(500);
for (const m of members) if (m.ws?.readyState !== WebSocket.OPEN) await connect(m);
while (members.some((m) => m.unacked.size > 0) && Date.now() < drainDeadline) await sleep(100);
for (const m of members) while (m.lastSeq < (latest.get(m.room) ?? 0) && Date.now() < drainDeadline) await sleep(50);

const lost = [...sentIds].filter((id) => !stored.has(id)).length;
const duplicated = [...stored.values()].filter((seqs) => seqs.size > 1).length;
const dupSeen = members.reduce((n, m) => n + m.dupSeen, 0);
const gaps = members.filter((m) => {
  const top = latest.get(m.room) ?? 0;
  return m.seen.size !== top || m.lastSeq !== top;
}).length;
const warm = samples[Math.max(0, Math.floor(samples.length / 10) - 1)] ?? samples[0]!;
const last = samples.at(-1)!;
const growth = (last.rss - warm.rss) / warm.rss;
const result = {
  date: new Date().toISOString(),
  minutes: MINUTES,
  clients: CLIENTS,
  rate: RATE,
  churnPerSecond: CHURN,
  sent: sentIds.size,
  sentPerSecond: +(sentIds.size / sendSeconds).toFixed(1),
  reconnects,
  lost,
  duplicated,
  duplicateDeliveries: dupSeen,
  clientsWithGaps: gaps,
  rssAfterWarmupMiB: +(warm.rss / 2 ** 20).toFixed(1),
  rssEndMiB: +(last.rss / 2 ** 20).toFixed(1),
  rssGrowthPercent: +(growth * 100).toFixed(2),
  samples,
};
mkdirSync(new URL('results/', import.meta.url), { recursive: true });
const file = new URL(`results/soak-${result.date.slice(0, 16).replace(/[:T]/g, '-')}.json`, import.meta.url);
writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
const { samples: _, ...summary } = result;
console.log(JSON.stringify(summary, null, 2));
for (const m of members) m.ws?.terminate();
await server.ask({ type: 'stop' });
await server.exit();
rmSync(dataDir, { recursive: true, force: true });
const ok = lost === 0 && duplicated === 0 && dupSeen === 0 && gaps === 0 && growth < 0.05;
log(ok ? 'PASS' : 'FAIL');
process.exit(ok ? 0 : 1);
