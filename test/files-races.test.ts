/**
 * Races between the files' background work and requests in flight, on a real host over real
 * HTTP: an upload that reaches its expiry while a PATCH is still writing it.
 */
import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FilesOptions } from '../src-main/files/files-service.ts';
import { SqliteFileIndex } from '../src-main/files/sqlite-file-index.ts';
import { sleep, useHosts, waitFor } from './helpers/fixtures.ts';
import { createUpload, headUpload, http, patchUpload, tokenOf, type Reply } from './helpers/files.ts';
import { tempDataDir } from './helpers/host.ts';

const t = useHosts();

async function filesHost(files: Partial<FilesOptions> = {}) {
  const dataDir = tempDataDir();
  const dir = join(dataDir, 'files');
  const index = new SqliteFileIndex(dataDir);
  const h = await t.host({ dataDir, rate: 0, files: { dir, index, minFreeBytes: 1, ...files } });
  return { h, token: tokenOf(await t.join(h.url())), dir };
}

/** A PATCH that sends `first` now and the rest of its body when `end(rest)` is called. */
function heldPatch(port: number, location: string, token: string, offset: number, first: Buffer) {
  const req = request({
    host: '127.0.0.1',
    port,
    path: location,
    method: 'PATCH',
    headers: {
      'Tus-Resumable': '1.0.0',
      Authorization: `Bearer ${token}`,
      'Upload-Offset': String(offset),
      'Content-Type': 'application/offset+octet-stream',
    },
  });
  const answered = new Promise<Reply>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
  req.write(first);
  return { end: (rest: Buffer) => (req.end(rest), answered) };
}

describe('an upload at its expiry', () => {
  it('is not removed under a PATCH that is still writing it; a PATCH after the removal hears 404, never a 500', async () => {
    const EXPIRE_MS = 3000;
    const { h, token, dir } = await filesHost({ orphanMs: EXPIRE_MS });
    const files = h.host.files!;
    const bytes = Buffer.from('the last bytes of this upload arrive just after its expiry mark');
    const upload = async () => {
      const at = (await createUpload(h.port, 'general', token, bytes.length)).headers.location!;
      return { at, onDisk: join(dir, 'uploads', at.split('/').pop()!) };
    };
    // `whole` gets its every byte in a PATCH that runs across the mark (its last PATCH), `part`
    // half of them in such a PATCH, `idle` half of them before the mark and nothing during it.
    const [whole, part, idle] = [await upload(), await upload(), await upload()];
    expect((await patchUpload(h.port, idle.at, token, 0, bytes.subarray(0, 10))).status).toBe(204);
    const wholePatch = heldPatch(h.port, whole.at, token, 0, bytes.subarray(0, 10));
    const partPatch = heldPatch(h.port, part.at, token, 0, bytes.subarray(0, 10));
    const written = (u: { onDisk: string }) => statSync(u.onDisk).size === 10;
    await waitFor(() => written(whole) && written(part), 10_000, 'both PATCHes writing');
    // Time passes (not faked: tus reads the clock itself) until all three are past their expiry.
    const created = (u: { onDisk: string }) =>
      Date.parse((JSON.parse(readFileSync(`${u.onDisk}.json`, 'utf8')) as { creation_date: string }).creation_date);
    await sleep(Math.max(...[whole, part, idle].map(created)) + EXPIRE_MS + 50 - Date.now());
    const expired = await patchUpload(h.port, idle.at, token, 10, bytes.subarray(10));
    expect([expired.status, expired.body.toString()]).toEqual([410, 'This upload has expired; start it again.\n']);
    const swept = await files.sweep();

    const done = await wholePatch.end(bytes.subarray(10));
    expect([done.status, done.body.toString()]).toEqual([204, '']);
    const id = done.headers['lanchat-file-id'] as string;
    expect((await http(h.port, 'GET', `/api/rooms/general/files/${id}`)).body.equals(bytes)).toBe(true);
    const half = await partPatch.end(bytes.subarray(10, 20));
    expect([half.status, half.headers['upload-offset']]).toEqual([204, '20']);
    // Only the upload nobody was writing went; the other unfinished one goes at the next sweep.
    expect(swept).toBe(1);
    expect(await files.sweep()).toBe(1);
    for (const gone of [idle, part]) {
      const late = await patchUpload(h.port, gone.at, token, 20, bytes.subarray(20));
      expect([late.status, late.body.toString()]).toEqual([404, 'There is no such upload in this room.\n']);
      expect((await headUpload(h.port, gone.at, token)).status).toBe(404);
    }
    expect(h.logs.filter((l) => l.startsWith('error'))).toEqual([]);
  });
});
