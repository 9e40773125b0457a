import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../src-main/redis/connection.ts';
import { GroupCommit } from '../src-main/host/group-commit.ts';
import { redisKeys } from '../src-main/redis/keys.ts';
import { decodePublished } from '../src-main/redis/redis-log.ts';
import { RedisStore } from '../src-main/redis/redis-store.ts';
import type { AppendRequest } from '../src-main/store/store.ts';
import { HAVE_REDIS, noRedis, startRedis, type TestRedis } from './helpers/redis.ts';
import { waitFor } from './helpers/wait.ts';

let redis: TestRedis;
const stores: RedisStore[] = [];

beforeAll(async () => {
  if (HAVE_REDIS) redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await redis?.destroy();
});

/** A store on its own connection; `prefix` shared = the same deployment. */
async function store(prefix: string, cap?: number): Promise<RedisStore> {
  const conn = await connectRedis(redis.url, 'test', { commandTimeoutMs: 1000, maxBackoffMs: 100 });
  const s = new RedisStore({ redis: conn, keys: redisKeys(prefix), maxMessagesPerRoom: cap });
  stores.push(s);
  return s;
}

const prefix = () => `t${randomBytes(4).toString('hex')}:`;
const req = (room: string, n: number, clientId = 'client0001'): AppendRequest => ({
  room,
  clientId,
  id: `s${n}`,
  from: { id: 'm-x', name: 'X' },
  text: `text ${n}`,
});

describe.skipIf(noRedis())('RedisStore', () => {
  it('shares secret, epoch and seq between hosts, and dedups across them', async () => {
    const p = prefix();
    const [a, b] = [await store(p), await store(p)];
    expect(await a.secret()).toEqual(await b.secret());
    const logA = await a.openRoom('general');
    expect(logA).toEqual({ epoch: expect.stringMatching(/^[\w-]{16}$/), latestSeq: 0 });
    expect(await b.openRoom('general')).toEqual(logA);
    const first = await a.append([req('general', 1), req('dev', 1)]);
    expect(first.map((r) => [r.message.seq, r.duplicate])).toEqual([
      [1, false],
      [1, false],
    ]);
    const again = await b.append([req('general', 1), req('general', 2)]);
    expect(again.map((r) => [r.message.seq, r.duplicate])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(again[0]!.message).toEqual(first[0]!.message);
    expect(await b.rooms()).toEqual(['dev', 'general']);
  });

  it('allocates one gap-free seq under concurrent appends from several hosts', async () => {
    const p = prefix();
    const hosts = await Promise.all([1, 2, 3].map(() => store(p)));
    await hosts[0]!.openRoom('r');
    const results = await Promise.all(
      hosts.flatMap((h, i) =>
        Array.from({ length: 20 }, (_, k) =>
          h.append([req('r', k * 2, `client000${i}`), req('r', k * 2 + 1, `client000${i}`)]),
        ),
      ),
    );
    const seqs = results.flat().map((r) => r.message.seq);
    expect(seqs.sort((x, y) => x - y)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const page = await hosts[2]!.history('r', 0, 1000);
    expect(page.messages.map((m) => m.seq)).toEqual(seqs);
    expect(page.latestSeq).toBe(120);
  });

  it('publishes one payload per room per batch: consecutive seqs, each the stored message', async () => {
    const s = await store(prefix());
    const sub = await connectRedis(redis.url, 'sub');
    const published: string[] = [];
    sub.on('message', (_channel: string, payload: string) => published.push(payload));
    try {
      await sub.subscribe(s.keys.messages);
      await s.append([req('g', 0)]);
      // A duplicate in the middle takes no seq: the room's new entries stay consecutive.
      const batch = [req('g', 1), req('d', 1), req('g', 0), req('g', 2), { ...req('d', 2), text: 'two\nlines' }];
      const results = await s.append(batch);
      await waitFor(() => published.length === 3, 5000, 'three payloads (the first batch, then one per room)');
      const next = { g: 2, d: 1 } as Record<string, number>;
      const got = published.slice(1).map((p) => decodePublished(p, (room) => next[room]));
      expect(got).toEqual([
        { room: 'g', messages: [results[0]!.message, results[3]!.message] },
        { room: 'd', messages: [results[1]!.message, results[4]!.message] },
      ]);
      expect(got.flatMap((g) => g!.messages.map((m) => m.seq))).toEqual([2, 3, 1, 2]);
      // What a host delivered already (below `from`) is skipped; a room it does not serve is ignored.
      expect(decodePublished(published[1]!, () => 3)!.messages.map((m) => m.id)).toEqual(['s2']);
      expect(decodePublished(published[1]!, () => undefined)).toBeUndefined();
    } finally {
      sub.disconnect();
    }
  });

  it('is concurrent: GroupCommit hands it the next batch before fanning out the last, seqs in arrival order', async () => {
    const s = await store(prefix());
    expect(s.concurrent).toBe(true);
    await s.openRoom('g');
    let calls = 0;
    const handled: { inRedis: number; seqs: number[] }[] = [];
    const commit = new GroupCommit<number>(s, {
      stored: (results) => handled.push({ inRedis: calls, seqs: results.map((r) => r.message.seq) }),
      failed: (error) => expect.fail(String(error)),
    });
    const append = s.append.bind(s);
    s.append = (batch) => {
      const stored = append(batch);
      if (++calls === 1) commit.push(req('g', 2), 2); // arrives while the first batch is in Redis
      return stored;
    };
    commit.push(req('g', 0), 0);
    commit.push(req('g', 1), 1);
    await commit.drain();
    expect(handled).toEqual([
      { inRedis: 2, seqs: [1, 2] }, // the second batch was sent before the first was handled
      { inRedis: 2, seqs: [3] },
    ]);
  });

  it('pages history like the embedded store and trims log and dedup at the cap', async () => {
    const s = await store(prefix(), 10);
    await s.openRoom('g');
    for (let i = 0; i < 25; i++) await s.append([req('g', i)]);
    const all = await s.history('g', 0, 1000);
    expect(all.messages.map((m) => m.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 16));
    expect(all).toMatchObject({ latestSeq: 25, truncated: false });
    const newest = await s.history('g', undefined, 3);
    expect(newest.messages.map((m) => m.seq)).toEqual([23, 24, 25]);
    expect(newest.truncated).toBe(true);
    expect((await s.history('g', 20, 2)).messages.map((m) => m.seq)).toEqual([24, 25]);
    expect(await s.redis.zcard(s.keys.dedup('g'))).toBe(10);
    expect(await s.redis.xlen(s.keys.log('g'))).toBe(10);
    expect(all.messages[0]).toEqual({
      type: 'message',
      seq: 16,
      id: 's15',
      from: { id: 'm-x', name: 'X' },
      text: 'text 15',
      ts: expect.any(Number),
    });
  });

  it('fails fast while Redis is down and recovers by itself, losing nothing stored', async () => {
    const s = await store(prefix());
    await s.openRoom('g');
    await s.append([req('g', 1)]);
    await redis.stop('SIGKILL');
    const started = Date.now();
    await expect(s.append([req('g', 2)])).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3000);
    await redis.start();
    const deadline = Date.now() + 5000;
    let ok = false;
    while (!ok && Date.now() < deadline) {
      ok = await s.append([req('g', 2)]).then(
        () => true,
        () => new Promise<boolean>((r) => setTimeout(() => r(false), 50)),
      );
    }
    expect(ok).toBe(true);
    expect((await s.history('g', 0, 10)).messages.map((m) => m.id)).toEqual(['s1', 's2']);
  });
});
