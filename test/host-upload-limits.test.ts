/**
 * File uploads under the per-address limits, on a real host over real HTTP: how many upload
 * requests one machine may have in progress, and how many bytes it may start per hour. The
 * machines are told apart the way the documented nginx deployment does it: the host trusts the
 * proxy on loopback (`--trust-proxy 127.0.0.1`) and counts each request by its `X-Forwarded-For`.
 */
import { request, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { describe, expect, it } from 'vitest';
import { UPLOAD_REFUSAL_HEADER, uploadRetryable } from '../src-shared/files.ts';
import { SqliteFileIndex } from '../src-main/files/sqlite-file-index.ts';
import type { HostLimits } from '../src-main/host/options.ts';
import { useHosts } from './helpers/fixtures.ts';
import { http, tokenOf, type Reply } from './helpers/files.ts';
import { tempDataDir } from './helpers/host.ts';

const t = useHosts();

async function filesHost(limits: Partial<HostLimits>) {
  const dataDir = tempDataDir();
  const h = await t.host({
    dataDir,
    rate: 0,
    trustProxy: ['127.0.0.1'],
    limits,
    files: { dir: join(dataDir, 'files'), index: new SqliteFileIndex(dataDir), minFreeBytes: 1 },
  });
  const token = tokenOf(await t.join(h.url()));
  const tus = (from: string | undefined, extra: Record<string, string> = {}) => ({
    'Tus-Resumable': '1.0.0',
    Authorization: `Bearer ${token}`,
    ...(from ? { 'X-Forwarded-For': from } : {}),
    ...extra,
  });
  /** POST from the machine `from` (undefined: the proxy's own loopback, unlimited). */
  const create = (from: string | undefined, length: number): Promise<Reply> =>
    http(h.port, 'POST', '/api/rooms/general/uploads', tus(from, { 'Upload-Length': String(length) }));
  /** A PATCH whose body is still coming: the request stays in progress until `end()`. */
  const slowPatch = (from: string, location: string) => {
    const req: ClientRequest = request({
      host: '127.0.0.1',
      port: h.port,
      path: location,
      method: 'PATCH',
      headers: tus(from, { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }),
    });
    const answered = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
    });
    req.write(Buffer.alloc(10));
    return { end: () => (req.end(Buffer.alloc(10)), answered) };
  };
  return { create, slowPatch, port: h.port, token };
}

describe('uploads per address', () => {
  it('lets one machine have 3 upload requests in progress: the next is refused with 429 and a sentence, others go on', async () => {
    const { create, slowPatch } = await filesHost({ uploadsPerAddress: 3 });
    const locations: string[] = [];
    for (let i = 0; i < 4; i++) {
      const made = await create('10.9.0.1', 20);
      expect(made.status).toBe(201);
      locations.push(made.headers.location!);
    }
    const held = locations.slice(0, 3).map((at) => slowPatch('10.9.0.1', at));
    // Once the host has taken the three, the next request of that machine is refused.
    const deadline = Date.now() + 15_000;
    let refused = await create('10.9.0.1', 20);
    while (refused.status !== 429) {
      if (Date.now() > deadline) throw new Error('no 429 within 15 s of three PATCHes in progress');
      refused = await create('10.9.0.1', 20);
    }
    expect(refused.headers['lanchat-refusal']).toBe('too_many_uploads');
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body.toString()).toMatch(/already sending 3 uploads to this host, its limit/);
    // Another machine, and the proxy's own loopback, are not held up.
    expect((await create('10.9.0.2', 20)).status).toBe(201);
    expect((await create(undefined, 20)).status).toBe(201);
    // One ends: the machine may start another.
    expect(await held[0]!.end()).toBe(204);
    expect((await create('10.9.0.1', 20)).status).toBe(201);
    for (const h of held.slice(1)) expect(await h.end()).toBe(204);
  });

  it('lets one machine start so many bytes of uploads an hour, then refuses with 429 and when to try again', async () => {
    const MiB = 1024 * 1024;
    const { create } = await filesHost({ uploadBytesPerHour: 10 * MiB });
    expect((await create('10.9.0.3', 6 * MiB)).status).toBe(201);
    const refused = await create('10.9.0.3', 6 * MiB);
    expect(refused.status).toBe(429);
    expect(refused.headers['lanchat-refusal']).toBe('upload_quota');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60);
    expect(refused.body.toString()).toMatch(
      /has sent 10 MiB of files to this host in the last hour, its limit: try again in \d+ min/,
    );
    // What is left of its hour still fits a smaller file; another machine has its own budget.
    expect((await create('10.9.0.3', 3 * MiB)).status).toBe(201);
    expect((await create('10.9.0.4', 6 * MiB)).status).toBe(201);
    // Tiny uploads are not free: each costs 64 KiB of the 4 MiB left (plus what refills meanwhile).
    let made = 0;
    while ((await create('10.9.0.4', 1)).status === 201) made++;
    expect(made).toBeGreaterThanOrEqual(64);
    expect(made).toBeLessThan(80);
  });

  it('a client that is told to wait its turn (too_many_uploads) retries and gets through once a slot is free', async () => {
    const { create, slowPatch, port, token } = await filesHost({ uploadsPerAddress: 1 });
    const made = await create('10.9.0.5', 20);
    const held = slowPatch('10.9.0.5', made.headers.location!);
    const refusals: string[] = [];
    let release: (() => Promise<number>) | undefined = held.end;
    const done = new Promise<string>((resolve, reject) => {
      const upload = new Upload(Buffer.from('a file that waits for its turn'), {
        endpoint: `http://127.0.0.1:${port}/api/rooms/general/uploads`,
        retryDelays: Array<number>(50).fill(100),
        headers: { Authorization: `Bearer ${token}`, 'X-Forwarded-For': '10.9.0.5' },
        onShouldRetry: (err) => {
          const refusal = err.originalResponse?.getHeader(UPLOAD_REFUSAL_HEADER) ?? '';
          refusals.push(refusal);
          // Told to wait: now let the held request end, so that a retry finds the slot free.
          if (release) void release();
          release = undefined;
          return uploadRetryable(err.originalResponse?.getStatus(), refusal);
        },
        onError: reject,
        onSuccess: () => resolve('done'),
      });
      upload.start();
    });
    expect(await done).toBe('done');
    expect(refusals[0]).toBe('too_many_uploads');
    expect(uploadRetryable(429, 'upload_quota')).toBe(false); // an hour's quota is not waited out
  });
});
