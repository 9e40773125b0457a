/**
 * "A delete erases": after a delete, the text and every edited version of it, and the name and
 * bytes of the file sent with it, are gone from the bytes of the data folder (database file, WAL,
 * file store), not merely hidden. The host runs as people
 * start it (`npm run host -- --data DIR`), stops cleanly, and every file of the folder is read.
 * The same on Redis, whose append-only file is rewritten after a delete.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedisBackend } from '../src-main/redis/backend.ts';
import { useHosts } from './helpers/fixtures.ts';
import { waitFor } from './helpers/wait.ts';
import { tokenOf, uploadFile } from './helpers/files.ts';
import { startHost, tempDataDir } from './helpers/host.ts';
import { FAST_REDIS, HAVE_REDIS, noRedis, startRedis, testPrefix, type TestRedis } from './helpers/redis.ts';
import { spawnHost } from './helpers/spawn-host.ts';
import { RawClient, type Frame } from './helpers/ws-client.ts';
import { SPAWNING_TEST_MS } from './helpers/cpu-deadline.ts';

const t = useHosts();

/** Every byte of every file under `dir`, with the file names. */
function folderBytes(dir: string): { name: string; bytes: Buffer }[] {
  const out: { name: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    try {
      if (statSync(path).isFile()) out.push({ name, bytes: readFileSync(path) });
    } catch (err) {
      // Removed between the listing and the read: the erase this test waits for, at work.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return out;
}

/** The files of `dir` that hold `text` (UTF-8, or UTF-16 in case some engine used it). */
function filesHolding(dir: string, text: string): string[] {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  return folderBytes(dir)
    .filter((f) => needles.some((n) => f.bytes.includes(n)))
    .map((f) => f.name);
}

/** Writes a message with a file, edits it twice, deletes it, and writes one that stays. */
async function writeAndErase(port: number): Promise<RawClient> {
  const c = await RawClient.join(`ws://127.0.0.1:${port}/room/general`, { name: 'Alice' });
  const entry = (frame: Record<string, unknown>): Promise<Frame> => {
    c.sendJson(frame);
    return c.next('message', (m) => m.id === frame.id);
  };
  const secret = Buffer.from('the safe is behind the ZEBRA-4471-PAINTING\n'.repeat(50));
  const file = await uploadFile(port, 'general', tokenOf(c), secret, 'ZEBRA-4471-NAME.txt');
  await entry({ type: 'send', id: 's1', text: 'the door code is ZEBRA-4471-ORIGINAL', files: [file] });
  await entry({ type: 'edit', id: 'e1', target: 1, text: 'the door code is ZEBRA-4471-EDITED-ONCE' });
  await entry({ type: 'react', id: 'r1', target: 1, emoji: '🔑', on: true });
  await entry({ type: 'edit', id: 'e2', target: 1, text: 'the door code is ZEBRA-4471-EDITED-TWICE' });
  await entry({ type: 'send', id: 's2', text: 'this one stays: KEPT-8812-MARKER' });
  await entry({ type: 'delete', id: 'd1', target: 1 });
  return c;
}

const SECRETS = [
  'ZEBRA-4471-ORIGINAL',
  'ZEBRA-4471-EDITED-ONCE',
  'ZEBRA-4471-EDITED-TWICE',
  'ZEBRA-4471-NAME',
  'ZEBRA-4471-PAINTING',
  'ZEBRA-4471',
].flatMap((s) => [s, s.toLowerCase()]); // lower case: the search index holds texts folded

describe('a delete erases (SQLite, the host as people run it)', { timeout: SPAWNING_TEST_MS }, () => {
  it('leaves no version of the text in the data folder, running or after a clean stop', async () => {
    const dir = tempDataDir();
    const host = await spawnHost(['--port', '0', '--bind', '127.0.0.1', '--data', dir, '--rate', '0']);
    try {
      const c = await writeAndErase(host.port);
      // The control: the same search does find a text that was not deleted.
      expect(filesHolding(dir, 'KEPT-8812-MARKER').length).toBeGreaterThan(0);
      // Erased already while the host runs (the WAL was checkpointed and truncated); the files of
      // the message are erased just after the delete is broadcast.
      await waitFor(() => SECRETS.every((s) => filesHolding(dir, s).length === 0), 10_000, 'the delete to erase');
      // No request returns it either.
      const history = (await RawClient.join(`ws://127.0.0.1:${host.port}/room/general`)).frames[0]!.history as Frame[];
      expect(JSON.stringify(history)).not.toContain('ZEBRA');
      c.ws.terminate();
    } finally {
      host.child.kill('SIGTERM');
      expect(await host.exited).toBe(0);
    }
    expect(filesHolding(dir, 'KEPT-8812-MARKER').length).toBeGreaterThan(0);
    for (const s of SECRETS) expect(filesHolding(dir, s), s).toEqual([]);
  });
});

let redis: TestRedis | undefined;
beforeAll(async () => {
  if (HAVE_REDIS) redis = await startRedis();
});
afterAll(() => redis?.destroy());

describe.skipIf(noRedis())('a delete erases (Redis)', () => {
  it('leaves no version of the text nor the file in Redis, its files or the file store once the AOF is rewritten', async () => {
    const prefix = testPrefix();
    const backend = await connectRedisBackend(redis!.url, { ...FAST_REDIS, prefix });
    const filesDir = tempDataDir();
    const index = backend.fileIndex;
    const h = {
      ...(await startHost({ rate: 0, ...backend, files: { dir: filesDir, index, minFreeBytes: 1 } })),
      redis: backend,
    };
    t.track(h);
    const c = await writeAndErase(h.port);
    await waitFor(() => filesHolding(filesDir, 'ZEBRA-4471').length === 0, 10_000, 'the file store to erase');
    const keys = await h.redis.store.redis.keys('*');
    for (const key of keys) {
      const type = await h.redis.store.redis.type(key);
      const dump = type === 'string' ? '' : JSON.stringify(await dumpOf(h, key, type));
      expect(dump, key).not.toContain('ZEBRA');
    }
    // The rewrite of the append-only file is asked for after the delete: wait for it to land.
    const deadline = Date.now() + 20_000;
    while (SECRETS.some((s) => filesHolding(redis!.dir, s).length > 0)) {
      if (Date.now() > deadline) throw new Error(`still on disk: ${filesHolding(redis!.dir, 'ZEBRA-4471')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    c.ws.terminate();
    await h.stop();
    await redis!.stop(); // a clean shutdown
    expect(filesHolding(redis!.dir, 'KEPT-8812-MARKER').length).toBeGreaterThan(0);
    for (const s of SECRETS) expect(filesHolding(redis!.dir, s), s).toEqual([]);
    await redis!.start();
  });
});

async function dumpOf(h: { redis: { store: { redis: Redis } } }, key: string, type: string): Promise<unknown> {
  const r = h.redis.store.redis;
  if (type === 'hash') return r.hgetall(key);
  if (type === 'stream') return r.xrange(key, '-', '+');
  if (type === 'zset') return r.zrange(key, '0', '-1');
  if (type === 'set') return r.smembers(key);
  return null;
}
