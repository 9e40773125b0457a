/**
 * The PATCH body writer's write-behind: a big body is synced to the disk in bounded steps (so the
 * kernel never holds a whole upload dirty and then writes it back in one burst in front of the
 * chat's SQLite commits), the writer resolves only once its last step is on the disk, and a
 * failed sync is reported like a failed write; and the body's chunks, freed as soon as they are
 * copied when they are the writer's alone (and only then).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WRITE_BEHIND_BYTES, WRITE_BEHIND_MAX_BYTES, writeBody } from '../src-main/files/body-writer.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A real file whose `datasync` calls are counted (and can be made slow or failing). */
async function watchedFile(opts: { delayMs?: number; fail?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lanchat-body-writer-'));
  dirs.push(dir);
  const path = join(dir, 'upload');
  const real = await open(path, 'w+');
  const log = { started: 0, finished: 0, writtenAtStart: [] as number[], writtenDuring: [] as number[] };
  const file = new Proxy(real, {
    get(target, key) {
      if (key === 'datasync')
        return async () => {
          log.started++;
          log.writtenAtStart.push((await target.stat()).size);
          await new Promise((r) => setTimeout(r, opts.delayMs ?? 0));
          if (opts.fail) throw new Error('EIO: the disk failed');
          await target.datasync();
          log.writtenDuring.push((await target.stat()).size - log.writtenAtStart.at(-1)!);
          log.finished++;
        };
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as FileHandle;
  return { path, file, real, log };
}

/** A body of `n` bytes arriving in 64 KiB chunks, like Node's HTTP parser hands them over. */
function bodyOf(bytes: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 65536) chunks.push(bytes.subarray(i, i + 65536));
  return Readable.from(chunks, { objectMode: false });
}

describe('body writer write-behind', () => {
  it('syncs every step, waits for the last one, and writes every byte in order', async () => {
    const bytes = Buffer.alloc(2 * WRITE_BEHIND_BYTES + 123_456);
    for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32LE(i, i);
    const { path, file, real, log } = await watchedFile({ delayMs: 30 });
    const hash = createHash('sha256');
    const r = await writeBody(bodyOf(bytes), {
      file,
      at: 0,
      limit: bytes.length,
      hash,
      stop: new AbortController().signal,
    });
    expect(r, 'the whole body, no error').toEqual({ written: bytes.length, ended: 'end' });
    expect(log.started, 'a sync after the first step').toBeGreaterThanOrEqual(1);
    expect(log.finished, 'resolved before its last sync was done').toBe(log.started);
    log.writtenAtStart.forEach((size, k) =>
      expect(size, `sync ${k + 1} came after its step was written`).toBeGreaterThanOrEqual(
        (k + 1) * WRITE_BEHIND_BYTES,
      ),
    );
    await real.close();
    expect(readFileSync(path).equals(bytes), 'the file holds the body').toBe(true);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('lets writes run beside a slow sync, up to its bound', async () => {
    const bytes = Buffer.alloc(WRITE_BEHIND_MAX_BYTES + 3 * WRITE_BEHIND_BYTES, 9);
    const { file, real, log } = await watchedFile({ delayMs: 400 });
    const r = await writeBody(bodyOf(bytes), { file, at: 0, limit: bytes.length, stop: new AbortController().signal });
    await real.close();
    expect(r).toEqual({ written: bytes.length, ended: 'end' });
    expect(log.started, 'the bound made it sync again').toBeGreaterThanOrEqual(2);
    expect(log.writtenDuring[0], 'writes went on during the first sync').toBeGreaterThan(WRITE_BEHIND_BYTES);
    for (const during of log.writtenDuring)
      expect(during, 'no more than the bound unsynced').toBeLessThanOrEqual(WRITE_BEHIND_MAX_BYTES + 2 * 256 * 1024);
  });

  it('reports a failed sync as an error, with every byte it wrote counted', async () => {
    const bytes = Buffer.alloc(WRITE_BEHIND_BYTES + 65536, 1);
    const { file, real, log } = await watchedFile({ fail: true });
    const r = await writeBody(bodyOf(bytes), { file, at: 0, limit: bytes.length, stop: new AbortController().signal });
    await real.close();
    expect(log.started).toBe(1);
    expect(r.error?.message, 'the sync error is the result').toMatch(/EIO/);
    expect(r.written).toBeGreaterThanOrEqual(WRITE_BEHIND_BYTES);
    expect(r.written).toBeLessThanOrEqual(bytes.length);
  });
});

describe('body writer chunks', () => {
  it('frees each chunk of the body once its bytes are copied (freeChunks), never a shared buffer', async () => {
    const bytes = Buffer.alloc(1024 * 1024 + 5000);
    for (let i = 0; i + 4 <= bytes.length; i += 4) bytes.writeUInt32LE((i * 2654435761) >>> 0, i);
    // Each chunk with memory of its own, as Node's HTTP parser hands them over; the last a view of
    // Node's shared pool of small buffers (other buffers live in the same memory).
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 65536) {
      const chunk = Buffer.allocUnsafeSlow(Math.min(65536, bytes.length - i));
      bytes.copy(chunk, 0, i);
      chunks.push(chunk);
    }
    const pooled = Buffer.from('tail');
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.length);
    const { path, file, real } = await watchedFile();
    const r = await writeBody(Readable.from([...chunks, pooled], { objectMode: false }), {
      file,
      at: 0,
      limit: bytes.length + 4,
      stop: new AbortController().signal,
      freeChunks: true,
    });
    await real.close();
    expect(r).toEqual({ written: bytes.length + 4, ended: 'end' });
    expect(readFileSync(path).equals(Buffer.concat([bytes, Buffer.from('tail')]))).toBe(true);
    expect(chunks.filter((c) => c.buffer.byteLength > 0)).toHaveLength(0);
    expect(pooled.toString()).toBe('tail');
  });

  it('leaves the body’s buffers alone without freeChunks', async () => {
    const bytes = Buffer.alloc(300_000, 7);
    const { path, file, real } = await watchedFile();
    const r = await writeBody(bodyOf(bytes), { file, at: 0, limit: bytes.length, stop: new AbortController().signal });
    await real.close();
    expect(r.written).toBe(bytes.length);
    expect(bytes.length).toBe(300_000);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});
