/**
 * Files survive what the network and the machine do: an upload resumes after a cut and after
 * SIGKILL of the host; a restart finds every file; orphans and erased files leave the disk;
 * several hosts on one Redis share one files folder.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteFileIndex } from '../src-main/files/sqlite-file-index.ts';
import { useHosts } from './helpers/fixtures.ts';
import {
  createUpload,
  deleteUpload,
  filesHolding,
  headUpload,
  http,
  patchUpload,
  sha256,
  tokenOf,
  uploadFile,
  patchRequest,
} from './helpers/files.ts';
import { startHost, tempDataDir } from './helpers/host.ts';
import { FAST_REDIS, HAVE_REDIS, noRedis, startRedis, testPrefix, type TestRedis } from './helpers/redis.ts';
import { connectRedisBackend } from '../src-main/redis/backend.ts';
import { spawnHost } from './helpers/spawn-host.ts';
import { RawClient } from './helpers/ws-client.ts';
import { SPAWNING_TEST_MS } from './helpers/cpu-deadline.ts';

const t = useHosts();

/** The files options of a host on `dataDir` (a new index each time, as a restarted host opens one). */
const filesIn = (dataDir: string, orphanMs?: number) => ({
  dir: join(dataDir, 'files'),
  index: new SqliteFileIndex(dataDir),
  minFreeBytes: 1,
  ...(orphanMs === undefined ? {} : { orphanMs }),
});

const random = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919 + (i >> 8)) & 0xff));

/** Starts a PATCH that declares all of `bytes` but sends only `sent` of them, then cuts the TCP connection. */
function cutPatch(port: number, location: string, token: string, bytes: Buffer, sent: number): Promise<void> {
  return new Promise((resolve) => {
    const req = patchRequest(port, location, token, 0, { 'Content-Length': String(bytes.length) });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(bytes.subarray(0, sent), () => setTimeout(() => req.destroy(), 200));
  });
}

/** Polls HEAD until the offset is at least `min` (the host writes what it got before it notices the cut). */
async function offsetAtLeast(port: number, location: string, token: string, min: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const head = await headUpload(port, location, token);
    const offset = Number(head.headers['upload-offset']);
    if (head.status === 200 && offset >= min) return offset;
    if (Date.now() > deadline) throw new Error(`offset stayed at ${offset} (status ${head.status}), wanted ≥ ${min}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function finish(port: number, location: string, token: string, bytes: Buffer, from: number): Promise<string> {
  const done = await patchUpload(port, location, token, from, bytes.subarray(from));
  expect(done.status).toBe(204);
  return done.headers['lanchat-file-id'] as string;
}

describe('resuming uploads', () => {
  it('resumes where a cut connection stopped', async () => {
    const dataDir = tempDataDir();
    const h = await t.host({ dataDir, files: filesIn(dataDir) });
    const alice = await t.join(h.url());
    const token = tokenOf(alice);
    const bytes = random(3 * 1024 * 1024);
    const at = (await createUpload(h.port, 'general', token, bytes.length, 'big.bin', 'application/octet-stream'))
      .headers.location!;
    await cutPatch(h.port, at, token, bytes, 1024 * 1024);
    const offset = await offsetAtLeast(h.port, at, token, 1);
    expect(offset).toBeLessThan(bytes.length);
    const id = await finish(h.port, at, token, bytes, offset);
    const got = await http(h.port, 'GET', `/api/rooms/general/files/${id}`);
    expect(sha256(got.body)).toBe(sha256(bytes));
  });

  it(
    'resumes after the host was killed with SIGKILL, mid-stream and between requests',
    async () => {
      const dataDir = tempDataDir();
      const args = ['--port', '0', '--bind', '127.0.0.1', '--data', dataDir, '--rate', '0', '--min-free-mb', '0'];
      const first = await spawnHost(args);
      const alice = await RawClient.join(`ws://127.0.0.1:${first.port}/room/general`, {});
      const token = tokenOf(alice);
      const bytes = random(2 * 1024 * 1024);
      const at = (await createUpload(first.port, 'general', token, bytes.length, 'kill.bin')).headers.location!;
      expect((await patchUpload(first.port, at, token, 0, bytes.subarray(0, 512 * 1024))).status).toBe(204);
      const streaming = cutPatch(first.port, at, token, bytes, 0); // a second request in flight…
      first.child.kill('SIGKILL'); // …when the host dies
      await first.exited;
      await streaming;
      alice.ws.terminate();

      const second = await spawnHost([...args.slice(0, 1), '0', ...args.slice(2)]);
      try {
        const bob = await RawClient.join(`ws://127.0.0.1:${second.port}/room/general`, {});
        const fresh = tokenOf(bob);
        const offset = await offsetAtLeast(second.port, at, fresh, 512 * 1024);
        const id = await finish(second.port, at, fresh, bytes, offset);
        bob.sendJson({ type: 'send', id: 'k1', text: 'survived', files: [id] });
        expect(((await bob.next('message')).files as { sha256: string }[])[0]!.sha256).toBe(sha256(bytes));
        expect(sha256((await http(second.port, 'GET', `/api/rooms/general/files/${id}`)).body)).toBe(sha256(bytes));
        bob.ws.terminate();
      } finally {
        second.child.kill('SIGKILL');
        await second.exited;
      }
    },
    SPAWNING_TEST_MS,
  );
});

describe('keeping and removing files', () => {
  it('finds every file after a restart', async () => {
    const dataDir = tempDataDir();
    const h = await t.host({ dataDir, files: filesIn(dataDir) });
    const alice = await t.join(h.url());
    const id = await uploadFile(h.port, 'general', tokenOf(alice), Buffer.from('kept'), 'kept.txt');
    alice.sendJson({ type: 'send', id: 'r1', text: 'keep this', files: [id] });
    await alice.next('message');
    alice.ws.terminate();
    await h.stop();
    const again = t.track(await h.restart({ files: filesIn(dataDir) }));
    const bob = await t.join(again.url());
    const [msg] = bob.frames.find((f) => f.type === 'welcome')!.history as { files: { id: string }[] }[];
    expect(msg!.files[0]!.id).toBe(id);
    expect((await http(again.port, 'GET', `/api/rooms/general/files/${id}`)).body.toString()).toBe('kept');
  });

  it('removes a file no message took within the orphan time, and the files of an erased message', async () => {
    const dataDir = tempDataDir();
    const h = await t.host({ dataDir, files: filesIn(dataDir, 60_000) });
    const alice = await t.join(h.url());
    const token = tokenOf(alice);
    const kept = await uploadFile(h.port, 'general', token, Buffer.from('shared bytes'), 'kept.txt');
    const twin = await uploadFile(h.port, 'general', token, Buffer.from('shared bytes'), 'twin.txt');
    const lone = await uploadFile(h.port, 'general', token, Buffer.from('nobody sent me'), 'lone.txt');
    alice.sendJson({ type: 'send', id: 'o1', text: 'kept', files: [kept] });
    await alice.next('message');
    const files = h.host.files!;
    expect(await files.sweep()).toBe(0); // not old enough yet
    expect(await files.sweep(Date.now() + 61_000)).toBe(2);
    expect((await http(h.port, 'GET', `/api/rooms/general/files/${lone}`)).status).toBe(404);
    expect((await http(h.port, 'GET', `/api/rooms/general/files/${twin}`)).status).toBe(404);
    expect(existsSync(files.blobs.blobPath(sha256(Buffer.from('nobody sent me'))))).toBe(false);
    // The twin's bytes are the kept file's: the blob stays while the kept file uses it.
    const keptBlob = files.blobs.blobPath(sha256(Buffer.from('shared bytes')));
    expect(existsSync(keptBlob)).toBe(true);
    expect((await http(h.port, 'GET', `/api/rooms/general/files/${kept}`)).status).toBe(200);
    await files.erase('general', [kept]);
    expect(existsSync(keptBlob)).toBe(false);
    expect((await http(h.port, 'GET', `/api/rooms/general/files/${kept}`)).status).toBe(404);
    // Gone from their names at once, and from the disk once the trash has cut them down.
    await files.blobs.trash.idle();
    expect(filesHolding(join(dataDir, 'files'), Buffer.from('shared bytes'))).toEqual([]);
    expect(filesHolding(join(dataDir, 'files'), Buffer.from('nobody sent me'))).toEqual([]);
  });
});

describe('a cancelled upload', () => {
  it('answers 204, is gone for HEAD and PATCH, and its bytes leave the disk', async () => {
    const dataDir = tempDataDir();
    const h = await t.host({ dataDir, files: filesIn(dataDir) });
    const token = tokenOf(await t.join(h.url()));
    const bytes = Buffer.from('half of a cancelled upload '.repeat(2000));
    const at = (await createUpload(h.port, 'general', token, bytes.length * 2, 'big.bin')).headers.location!;
    expect((await patchUpload(h.port, at, token, 0, bytes)).status).toBe(204);
    expect(filesHolding(join(dataDir, 'files'), bytes)).toHaveLength(1);
    expect((await deleteUpload(h.port, at, undefined)).status).toBe(401);
    expect((await deleteUpload(h.port, at, token)).status).toBe(204);
    expect([404, 410]).toContain((await headUpload(h.port, at, token)).status);
    expect([404, 410]).toContain((await patchUpload(h.port, at, token, bytes.length, bytes)).status);
    await h.host.files!.blobs.trash.idle();
    expect(filesHolding(join(dataDir, 'files'), bytes)).toEqual([]);
    expect((await deleteUpload(h.port, at, token)).status).toBe(404);
  });
});

let redis: TestRedis;
beforeAll(async () => {
  if (HAVE_REDIS) redis = await startRedis();
});
afterAll(() => redis?.destroy());

describe.skipIf(noRedis())('several hosts on one Redis', () => {
  it('share one files folder: an upload begun on one host ends on another, and any host serves it', async () => {
    const prefix = testPrefix();
    const shared = join(tempDataDir(), 'shared-files');
    const ha = t.track(await startRedisHostWithFiles(redis.url, prefix, shared));
    const hb = t.track(await startRedisHostWithFiles(redis.url, prefix, shared));
    const alice = await t.join(ha.url(), { name: 'Alice' });
    const bob = await t.join(hb.url(), { name: 'Bob' });
    const bytes = random(300_000);
    const at = (await createUpload(ha.port, 'general', tokenOf(alice), bytes.length, 'across.bin')).headers.location!;
    expect((await patchUpload(ha.port, at, tokenOf(alice), 0, bytes.subarray(0, 100_000))).status).toBe(204);
    const head = await headUpload(hb.port, at, tokenOf(bob));
    expect(head.headers['upload-offset']).toBe('100000');
    const id = await finish(hb.port, at, tokenOf(bob), bytes, 100_000);
    alice.sendJson({ type: 'send', id: 'x1', text: 'across hosts', files: [id] });
    const seen = await bob.next('message');
    expect((seen.files as { id: string }[])[0]!.id).toBe(id);
    for (const h of [ha, hb]) {
      expect(sha256((await http(h.port, 'GET', `/api/rooms/general/files/${id}`)).body)).toBe(sha256(bytes));
    }
  }, 30_000);
});

/** A host of the Redis deployment `prefix` whose files are in `dir` (shared) and indexed in Redis. */
async function startRedisHostWithFiles(url: string, prefix: string, dir: string) {
  const backend = await connectRedisBackend(url, { ...FAST_REDIS, prefix });
  return startHost({
    rate: 0,
    ...backend,
    files: { dir, index: backend.fileIndex, minFreeBytes: 1 },
  });
}

describe('a delete erases the message’s files', () => {
  it('removes them from the index and the disk, and no request returns them', async () => {
    const dataDir = tempDataDir();
    const h = await t.host({ dataDir, rate: 0, files: filesIn(dataDir) });
    const alice = await t.join(h.url());
    const bytes = Buffer.from('erase me entirely');
    const id = await uploadFile(h.port, 'general', tokenOf(alice), bytes, 'secret.txt');
    alice.sendJson({ type: 'send', id: 'd1', text: 'look', files: [id] });
    const sent = await alice.next('message');
    const blob = h.host.files!.blobs.blobPath(sha256(bytes));
    expect(existsSync(blob)).toBe(true);
    alice.sendJson({ type: 'delete', id: 'd2', target: sent.seq });
    await alice.next('message', (m) => m.kind === 'delete');
    const deadline = Date.now() + 10_000;
    while (existsSync(blob)) {
      if (Date.now() > deadline) throw new Error('the deleted message’s file is still on disk');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await http(h.port, 'GET', `/api/rooms/general/files/${id}`)).status).toBe(404);
    await h.host.files!.blobs.trash.idle();
    expect(filesHolding(join(dataDir, 'files'), bytes)).toEqual([]);
    const bob = await t.join(h.url());
    const history = bob.frames.find((f) => f.type === 'welcome')!.history as { seq: number; files?: unknown }[];
    expect(history.find((m) => m.seq === sent.seq)?.files).toBeUndefined();
  });
});
