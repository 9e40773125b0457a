/**
 * `npm run bench:search [-- N]`: what `history` and `search` cost on a room of N stored messages
 * (100,000 by default; 10,000 is the per-room cap a host keeps unless told otherwise),
 * on the embedded SQLite store and on Redis. Each figure is the store call the host makes for
 * one request (median and 95th percentile over repeated calls), plus one end-to-end figure over a
 * real socket to a real host. Writes bench/results/search-<date>.json. A figure, not a test.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { ChatHost } from '../src-main/host/chat-host.ts';
import { connectRedis } from '../src-main/redis/connection.ts';
import { redisKeys } from '../src-main/redis/keys.ts';
import { RedisStore } from '../src-main/redis/redis-store.ts';
import { SqliteStore } from '../src-main/store/sqlite-store.ts';
import type { HistoryStore } from '../src-main/store/store.ts';
import { HAVE_REDIS, startRedis } from '../test/helpers/redis.ts';

const N = Number(process.argv[2] ?? 100_000);
if (!Number.isSafeInteger(N) || N < 1000) throw new Error('usage: npm run bench:search [-- N], N ≥ 1000');
const ROOM = 'big';
const REPEAT = 40;

// Texts like a busy office room: English and Chinese, a rare phrase now and then.
const EN =
  'the report is ready can we move the meeting to friday lunch at noon who has the key deploy went fine thanks'.split(
    ' ',
  );
const ZH = ['今天', '下午', '三点', '开会', '咖啡', '项目', '报告', '周五', '午饭', '好的', '谢谢', '没问题'];
let seed = 7;
const rnd = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
function text(i: number): string {
  if (i % 5000 === 0) return `Quarterly numbers are in: zebra budget ${i}`;
  if (i % 3 === 0) return Array.from({ length: 4 + rnd(8) }, () => ZH[rnd(ZH.length)]).join('');
  return Array.from({ length: 5 + rnd(12) }, () => EN[rnd(EN.length)]).join(' ') + ` #${i}`;
}

async function fill(store: HistoryStore): Promise<void> {
  const from = { id: 'm-benchbenchbench', name: 'Bench' };
  for (let i = 1; i <= N; i += 1000) {
    const batch = [];
    for (let j = i; j < i + 1000 && j <= N; j++)
      batch.push({ room: ROOM, clientId: 'bench-client', id: `b${j}`, from, text: text(j) });
    await store.append(batch);
  }
}

/** Median and 95th percentile of `REPEAT` calls, in ms. */
async function time(fn: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  await fn(); // warm
  const ms: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return { median: r(ms[Math.floor(REPEAT / 2)]!), p95: r(ms[Math.floor(REPEAT * 0.95)]!) };
}

const CASES: [string, (s: HistoryStore) => Promise<unknown>][] = [
  ['history, newest page (200)', (s) => s.older(ROOM, N + 1, 200)],
  ['history, page at seq 1,000 (200)', (s) => s.older(ROOM, 1000, 200)],
  ['search "meeting" (common word, 20)', (s) => s.search(ROOM, 'meeting', 20)],
  ['search "meeting" deep (before 1,000)', (s) => s.search(ROOM, 'meeting', 20, 1000)],
  ['search "zebra budget" (20 matches in all)', (s) => s.search(ROOM, 'zebra budget', 20)],
  ['search "开会" (2 characters)', (s) => s.search(ROOM, '开会', 20)],
  ['search "会" (1 character)', (s) => s.search(ROOM, '会', 20)],
  ['search "e" (1 common letter)', (s) => s.search(ROOM, 'e', 20)],
  ['search "zq" (2 characters, no match)', (s) => s.search(ROOM, 'zq', 20)],
  ['search "quokka" (no match)', (s) => s.search(ROOM, 'quokka', 20)],
];

/** One `search` over a real socket to a real host: request to reply, ms. */
async function overSocket(store: HistoryStore): Promise<{ median: number; p95: number }> {
  const host = new ChatHost({ store, port: 0, bind: '127.0.0.1', rate: 0 });
  await host.start();
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/room/${ROOM}`);
  await new Promise((r) => ws.once('open', r));
  const replies = new Map<string, () => void>();
  ws.on('message', (d) => {
    const f = JSON.parse(d.toString()) as { ref?: string };
    if (f.ref) replies.get(f.ref)?.();
  });
  const welcome = new Promise((r) => ws.once('message', r));
  ws.send(JSON.stringify({ type: 'hello', protocol: 1, clientId: 'bench-reader-1', name: 'Reader' }));
  await welcome;
  let n = 0;
  const result = await time(
    () =>
      new Promise<void>((resolve) => {
        const ref = `b${n++}`;
        replies.set(ref, resolve);
        ws.send(JSON.stringify({ type: 'search', ref, q: '开会', limit: 20 }));
      }),
  );
  ws.close();
  await host.stop();
  return result;
}

async function measure(name: string, store: HistoryStore) {
  console.error(`${name}: storing ${N.toLocaleString('en')} messages…`);
  const t = performance.now();
  await fill(store);
  await store.search(ROOM, 'zebra', 1); // an index written after the commits has caught up
  console.error(`${name}: stored and indexed in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const rows: Record<string, { median: number; p95: number }> = {};
  for (const [label, fn] of CASES) rows[label] = await time(() => fn(store));
  rows['over a socket: search "开会" (request → reply)'] = await overSocket(store);
  return rows;
}

const results: Record<string, Record<string, { median: number; p95: number }>> = {};
const dir = mkdtempSync(join(tmpdir(), 'lanchat-bench-search-'));
try {
  results.SQLite = await measure(
    'SQLite',
    new SqliteStore({ dataDir: dir, durability: 'normal', maxMessagesPerRoom: N }),
  );
  if (HAVE_REDIS) {
    const redis = await startRedis();
    try {
      const store = new RedisStore({
        redis: await connectRedis(redis.url, 'bench'),
        keys: redisKeys('bench:'),
        maxMessagesPerRoom: N,
      });
      await store.openRoom(ROOM);
      results.Redis = await measure('Redis', store);
    } finally {
      await redis.destroy();
    }
  } else console.error('redis-server is not installed: Redis skipped.');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const engines = Object.keys(results);
const labels = Object.keys(results[engines[0]!]!);
console.log(
  `| ${N.toLocaleString('en')} messages in one room | ${engines.map((e) => `${e} median / p95 (ms)`).join(' | ')} |`,
);
console.log(`|---|${engines.map(() => '---|').join('')}`);
for (const l of labels)
  console.log(`| ${l} | ${engines.map((e) => `${results[e]![l]!.median} / ${results[e]![l]!.p95}`).join(' | ')} |`);
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/search-${new Date().toISOString().slice(0, 10)}${N === 100_000 ? '' : `-${N}`}.json`;
const machine = { cpus: cpus().length, model: cpus()[0]?.model, load: loadavg()[0] };
writeFileSync(file, JSON.stringify({ n: N, repeat: REPEAT, machine, results }, null, 2) + '\n');
console.error(`wrote ${file}`);
