/**
 * `search` over real sockets, on the embedded SQLite store and on Redis: any substring ignoring
 * case (a two-character Chinese word inside a sentence too), newest first, paging with
 * `before`, rooms kept apart, query syntax taken literally.
 */
import { DatabaseSync } from 'node:sqlite';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src-main/store/sqlite-store.ts';
import { useHosts } from './helpers/fixtures.ts';
import { startRedisHost, tempDataDir, type TestHost } from './helpers/host.ts';
import { HAVE_REDIS, startRedis, testPrefix, type TestRedis } from './helpers/redis.ts';
import { seed } from './helpers/seed.ts';
import type { Frame, RawClient } from './helpers/ws-client.ts';

let redis: TestRedis | undefined;
beforeAll(async () => {
  if (HAVE_REDIS) redis = await startRedis();
});
afterAll(() => redis?.destroy());

const t = useHosts();

let refs = 0;
async function ask(c: RawClient, body: Record<string, unknown>): Promise<Frame> {
  const ref = `s${refs++}`;
  c.sendJson({ ...body, ref });
  return c.next(['search', 'error'], (f) => f.ref === ref);
}
const texts = (f: Frame) => (f.results as { text: string }[]).map((m) => m.text);
const seqs = (f: Frame) => (f.results as { seq: number }[]).map((m) => m.seq);

/** Writes texts into a room through a socket, in order, and waits until all are stored. */
async function write(c: RawClient, list: string[]): Promise<void> {
  const tag = `w${refs++}x`;
  list.forEach((text, i) => c.sendJson({ type: 'send', id: `${tag}${i}`, text }));
  await c.next('message', (m) => m.id === `${tag}${list.length - 1}`, 20_000);
}

const SENTENCES = [
  '今天下午三点开会',
  'Hello WORLD',
  'hello again, world',
  'Ärger mit dem ÖL',
  'quotes "inside" and * stars OR NEAR(x)',
  '开会',
  'nothing to see',
];

const engines: [string, () => Promise<TestHost>][] = [
  ['SQLite', () => t.host({ rate: 0 })],
  ['Redis', async () => t.track(await startRedisHost(redis!.url, testPrefix(), { rate: 0 }))],
];

describe.each(engines)('search on %s', (engine, makeHost) => {
  const skip = engine === 'Redis' && !HAVE_REDIS;

  it.skipIf(skip)('finds any substring ignoring case, Chinese two-character words too, newest first', async () => {
    const h = await makeHost();
    const c = await t.join(h.url());
    expect(c.frames[0]!.features).toEqual(expect.arrayContaining(['history', 'search']));
    await write(c, SENTENCES);
    expect(texts(await ask(c, { type: 'search', q: '开会', limit: 10 }))).toEqual(['开会', '今天下午三点开会']);
    expect(texts(await ask(c, { type: 'search', q: '三点开', limit: 10 }))).toEqual(['今天下午三点开会']);
    expect(texts(await ask(c, { type: 'search', q: '会', limit: 10 }))).toEqual(['开会', '今天下午三点开会']);
    expect(texts(await ask(c, { type: 'search', q: 'hello world', limit: 10 }))).toEqual(['Hello WORLD']);
    expect(texts(await ask(c, { type: 'search', q: 'WORLD', limit: 10 }))).toEqual([
      'hello again, world',
      'Hello WORLD',
    ]);
    expect(texts(await ask(c, { type: 'search', q: 'ärger', limit: 10 }))).toEqual(['Ärger mit dem ÖL']);
    expect(texts(await ask(c, { type: 'search', q: 'öl', limit: 10 }))).toEqual(['Ärger mit dem ÖL']);
    expect(texts(await ask(c, { type: 'search', q: 'ld', limit: 10 }))).toEqual(['hello again, world', 'Hello WORLD']);
    expect(texts(await ask(c, { type: 'search', q: 'W', limit: 10 }))).toEqual(['hello again, world', 'Hello WORLD']);
    expect(texts(await ask(c, { type: 'search', q: '"inside" and *', limit: 10 }))).toHaveLength(1);
    expect(texts(await ask(c, { type: 'search', q: 'NEAR(x)', limit: 10 }))).toHaveLength(1);
    expect(texts(await ask(c, { type: 'search', q: '"', limit: 10 }))).toHaveLength(1);
    const none = await ask(c, { type: 'search', q: '开会了', limit: 10 });
    expect(none).toMatchObject({ type: 'search', results: [], more: false });
    const hit = (await ask(c, { type: 'search', q: '三点', limit: 1 })).results as Frame[];
    expect(hit[0]).toMatchObject({ type: 'message', seq: 1, from: { name: 'Tester' }, id: expect.any(String) });
  });

  it.skipIf(skip)(
    'pages with before, newest first, to more:false, and finds messages sent after the first page',
    async () => {
      const h = await makeHost();
      const c = await t.join(h.url());
      await write(
        c,
        Array.from({ length: 95 }, (_, i) => (i % 2 === 0 ? `Lunch 午饭 #${i + 1}` : `other ${i + 1}`)),
      );
      const pages: number[][] = [];
      let before: number | undefined;
      for (;;) {
        const page = await ask(c, { type: 'search', q: '午饭', limit: 20, ...(before ? { before } : {}) });
        pages.push(seqs(page));
        if (!page.more) break;
        before = seqs(page).at(-1);
      }
      expect(pages.map((p) => p.length)).toEqual([20, 20, 8]);
      const all = pages.flat();
      expect(all).toEqual(Array.from({ length: 48 }, (_, i) => 95 - 2 * i));
      await write(c, ['午饭 again']);
      expect(seqs(await ask(c, { type: 'search', q: '午饭', limit: 2 }))).toEqual([96, 95]);
      expect(await ask(c, { type: 'search', q: '午饭', limit: 5, before: 1 })).toMatchObject({
        results: [],
        more: false,
      });
    },
  );

  it.skipIf(skip)('keeps rooms apart', async () => {
    const h = await makeHost();
    const a = await t.join(h.url('a'));
    const b = await t.join(h.url('b'));
    await write(a, ['secret plan in a', '开会 a']);
    await write(b, ['public plan in b']);
    expect(texts(await ask(b, { type: 'search', q: 'plan', limit: 10 }))).toEqual(['public plan in b']);
    expect(texts(await ask(b, { type: 'search', q: '开会', limit: 10 }))).toEqual([]);
    expect(texts(await ask(a, { type: 'search', q: 'an', limit: 10 }))).toEqual(['secret plan in a']);
  });

  it.skipIf(skip)('searches current texts: an edit is found by its new words only, a delete not at all', async () => {
    const h = await makeHost();
    const c = await t.join(h.url());
    await write(c, ['meeting at 三点 in room 4', 'lunch 午饭 at noon', 'keep this 会议']);
    const change = async (frame: Record<string, unknown>) => {
      c.sendJson(frame);
      await c.next('message', (m) => m.id === frame.id);
    };
    await change({ type: 'edit', id: 'e1', target: 1, text: 'meeting at 四点 in room 5' });
    await change({ type: 'delete', id: 'd1', target: 2 });
    expect(texts(await ask(c, { type: 'search', q: '三点', limit: 10 }))).toEqual([]);
    expect(texts(await ask(c, { type: 'search', q: 'room 4', limit: 10 }))).toEqual([]);
    const edited = await ask(c, { type: 'search', q: '四点', limit: 10 });
    expect(edited.results).toEqual([expect.objectContaining({ seq: 1, text: 'meeting at 四点 in room 5' })]);
    expect((edited.results as Frame[])[0]!.edited).toEqual(expect.any(Number));
    for (const q of ['午饭', 'lunch', 'noon', 'n']) {
      expect(seqs(await ask(c, { type: 'search', q, limit: 10 })), q).not.toContain(2);
    }
    // An edit entry is a change, not a message of its own: never a result.
    expect(seqs(await ask(c, { type: 'search', q: 'meeting', limit: 10 }))).toEqual([1]);
    expect(texts(await ask(c, { type: 'search', q: '会议', limit: 10 }))).toEqual(['keep this 会议']);
  });
});

describe('the SQLite search index', () => {
  it('is built for a data folder whose index was in history.sqlite, and forgets pruned messages', async () => {
    const dataDir = tempDataDir();
    await seed(dataDir, 'general', 30, (i) => `old message ${i} 开会`);
    // The layout before the index had its own file: its tables in the history, no search.sqlite.
    rmSync(join(dataDir, 'search.sqlite'));
    const db = new DatabaseSync(join(dataDir, 'history.sqlite'));
    db.exec(`CREATE TABLE search_rooms (room TEXT PRIMARY KEY, n INTEGER NOT NULL UNIQUE);
      CREATE VIRTUAL TABLE search USING fts5(folded, tokenize = 'trigram case_sensitive 1');
      CREATE VIRTUAL TABLE search_terms USING fts5vocab(search, 'row');
      INSERT INTO search (rowid, folded) VALUES (4294967297, 'stale text');
      INSERT INTO meta (key, value) VALUES ('search-index', '1');`);
    db.close();
    const store = new SqliteStore({ dataDir, durability: 'normal', maxMessagesPerRoom: 20 });
    expect((await store.search('general', '开会', 100)).messages).toHaveLength(30);
    await store.append([
      { room: 'general', clientId: 'c1234567', id: 'n1', from: { id: 'm-x', name: 'X' }, text: 'new 开会' },
    ]);
    const after = await store.search('general', '开会', 100);
    expect(after.messages.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 31 - i));
    expect((await store.search('general', 'message 5 ', 100)).messages).toEqual([]);
    await store.close();
    const tables = new DatabaseSync(join(dataDir, 'history.sqlite'), { readOnly: true });
    const left = tables.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'search%'").all();
    tables.close();
    expect(left).toEqual([]);
  });

  it('finds short queries beyond the newest 2000 messages through the index', async () => {
    const dataDir = tempDataDir();
    const special: Record<number, string> = { 7: '今天下午三点开会', 2600: '明天开会', 12: 'ends with Q' };
    await seed(dataDir, 'general', 3000, (i) => special[i] ?? `filler ${i}`);
    const store = new SqliteStore({ dataDir, durability: 'normal' });
    const seqs = async (q: string, limit = 10, before?: number) =>
      (await store.search('general', q, limit, before)).messages.map((m) => m.seq);
    expect(await seqs('开会')).toEqual([2600, 7]);
    expect(await seqs('开会', 1)).toEqual([2600]);
    expect(await store.search('general', '开会', 1)).toMatchObject({ more: true });
    expect(await seqs('开会', 10, 2600)).toEqual([7]);
    expect(await seqs('今')).toEqual([7]);
    expect(await seqs('q')).toEqual([12]);
    expect(await seqs('会开')).toEqual([]);
    await store.close();
  });

  it('scans for a single common letter and finds only what matches', async () => {
    const store = new SqliteStore({ dataDir: ':memory:' });
    const from = { id: 'm-x', name: 'X' };
    const words = 'the quick brown fox jumps over a lazy dog while everyone else sleeps'.split(' ');
    await store.append(
      words.map((w, i) => ({ room: 'r', clientId: 'c1234567', id: `w${i}`, from, text: `${w} ${w}${i}` })),
    );
    const page = await store.search('r', 'E', 100);
    expect(page.messages.map((m) => m.text.split(' ')[0])).toEqual([
      'sleeps',
      'else',
      'everyone',
      'while',
      'over',
      'the',
    ]);
    await store.close();
  });
});
