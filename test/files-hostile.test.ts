/**
 * A hostile (or merely unlucky) peer against the files endpoints, over real HTTP on a real host:
 * requests that arrive while an upload is being finished, and what they may not do to it.
 * The plain refusals (bad tus headers, ranges, names, rooms, tokens) are in files-host.test.ts and
 * upload-patch.test.ts; docs/security.md lists what the files endpoints promise.
 */
import { createHash } from 'node:crypto';
import { readdirSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SqliteFileIndex } from '../src-main/files/sqlite-file-index.ts';
import type { FilesOptions } from '../src-main/files/files-service.ts';
import { sleep, useHosts, waitFor } from './helpers/fixtures.ts';
import { createUpload, http, patchUpload, tokenOf, uploadFile } from './helpers/files.ts';
import { tempDataDir } from './helpers/host.ts';

const t = useHosts();
const MIB = 1024 * 1024;

async function filesHost(files: Partial<FilesOptions> = {}, dataDir = tempDataDir()) {
  const dir = join(dataDir, 'files');
  const index = new SqliteFileIndex(dataDir);
  const h = await t.host({ dataDir, rate: 0, files: { dir, index, minFreeBytes: 1, ...files } });
  const alice = await t.join(h.url());
  return { h, token: tokenOf(alice), dir, dataDir };
}

const tusHeaders = (token: string, extra: Record<string, string> = {}) => ({
  'Tus-Resumable': '1.0.0',
  Authorization: `Bearer ${token}`,
  ...extra,
});

describe('a hostile peer against uploads', () => {
  it('a last PATCH sent again while the upload is being finished gets the same file id, never a 5xx or a second file', async () => {
    const { h, token, dir, dataDir } = await filesHost();
    // Creation-with-upload writes all but the last byte without the running hash, so finishing
    // reads the whole file again: the time in which a repeated last PATCH arrives.
    const size = 48 * MIB;
    const created = await http(
      h.port,
      'POST',
      '/api/rooms/general/uploads',
      tusHeaders(token, {
        'Upload-Length': String(size),
        'Content-Type': 'application/offset+octet-stream',
      }),
      Buffer.alloc(size - 1, 7),
    );
    expect(created.status).toBe(201);
    const at = created.headers.location!;
    const onDisk = join(dir, 'uploads', at.split('/').pop()!);
    const last = patchUpload(h.port, at, token, size - 1, Buffer.from([7]));
    await waitFor(() => (statSync(onDisk, { throwIfNoEntry: false })?.size ?? size) === size, 10_000, 'the last byte');
    // What a tus client does when the reply to its last PATCH was lost: it sends it again.
    const again = await Promise.all([0, 1, 2].map(() => patchUpload(h.port, at, token, size, Buffer.alloc(0))));
    const first = await last;
    expect(first.status).toBe(204);
    const id = first.headers['lanchat-file-id'];
    expect(id).toMatch(/^f-/);
    for (const r of again) {
      expect([r.status, r.body.toString()]).toEqual([204, '']);
      expect(r.headers['lanchat-file-id']).toBe(id);
    }
    expect((await http(h.port, 'HEAD', `/api/rooms/general/files/${id}`)).status).toBe(200);
    const db = new DatabaseSync(join(dataDir, 'files.sqlite'), { readOnly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM files').get()).toEqual({ n: 1 });
    db.close();
    expect(readdirSync(join(dir, 'uploads'))).toEqual([]);
  });

  it('a DELETE while the upload is being finished leaves the file whole, and its PATCH gets the id', async () => {
    const { h, token, dir } = await filesHost();
    // As above: a finish that reads the whole file again, long enough for a DELETE to land in it.
    const size = 48 * MIB;
    const created = await http(
      h.port,
      'POST',
      '/api/rooms/general/uploads',
      tusHeaders(token, { 'Upload-Length': String(size), 'Content-Type': 'application/offset+octet-stream' }),
      Buffer.alloc(size - 1, 9),
    );
    const at = created.headers.location!;
    const onDisk = join(dir, 'uploads', at.split('/').pop()!);
    const last = patchUpload(h.port, at, token, size - 1, Buffer.from([9]));
    await waitFor(() => (statSync(onDisk, { throwIfNoEntry: false })?.size ?? size) === size, 10_000, 'the last byte');
    const cancel = await http(h.port, 'DELETE', at, tusHeaders(token));
    // 400: every byte is in and the finish has not begun; 404: the finish is over, no upload left.
    expect([400, 404]).toContain(cancel.status);
    const done = await last;
    expect(done.status).toBe(204);
    const id = done.headers['lanchat-file-id'] as string;
    const got = await http(h.port, 'GET', `/api/rooms/general/files/${id}`);
    expect(got.status).toBe(200);
    expect(got.body.equals(Buffer.alloc(size, 9))).toBe(true);
  });

  it('counts what the PATCHes in progress may still write against the free-disk floor', async () => {
    const GIB = 1024 ** 3;
    const dataDir = tempDataDir();
    const { bavail, bsize } = statfsSync(dataDir);
    // Room for one more GiB above the floor, not for two (half a GiB of slack either way, for
    // whatever else writes to this disk meanwhile).
    const { h, token } = await filesHost({ maxFileBytes: 4 * GIB, minFreeBytes: bavail * bsize - 1.5 * GIB }, dataDir);
    const a = (await createUpload(h.port, 'general', token, GIB)).headers.location!;
    const b = (await createUpload(h.port, 'general', token, GIB)).headers.location!;
    const open = request({
      host: '127.0.0.1',
      port: h.port,
      path: a,
      method: 'PATCH',
      headers: {
        ...tusHeaders(token, { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }),
        'Content-Length': String(GIB),
      },
    });
    open.on('error', () => {});
    open.write(Buffer.alloc(1024, 1));
    const aOnDisk = join(dataDir, 'files', 'uploads', a.split('/').pop()!);
    await waitFor(() => statSync(aOnDisk).size > 0, 10_000, 'the first PATCH writing');
    // Another GiB while the first may still write one: each alone fits, both do not.
    const refused = await patchUpload(h.port, b, token, 0, Buffer.from('x'));
    expect(refused.status).toBe(507);
    expect(refused.body.toString()).toMatch(/nearly full/);
    expect((await createUpload(h.port, 'general', token, GIB)).status).toBe(507);
    open.destroy();
    // Once the first PATCH has let go of its bytes, the second one fits.
    let next = refused;
    for (const deadline = Date.now() + 10_000; next.status === 507 && Date.now() < deadline;) {
      await sleep(20);
      next = await patchUpload(h.port, b, token, 0, Buffer.from('x'));
    }
    expect(next.status).toBe(204);
  });

  it('a creation whose body runs past its Upload-Length hears that, not that the file is too big', async () => {
    const { h, token } = await filesHost();
    const over = await http(
      h.port,
      'POST',
      '/api/rooms/general/uploads',
      tusHeaders(token, { 'Upload-Length': '100', 'Content-Type': 'application/offset+octet-stream' }),
      Buffer.alloc(200, 1),
    );
    expect([over.status, over.body.toString()]).toEqual([
      413,
      'This request carries more bytes than the upload has left.\n',
    ]);
    const tooBig = await createUpload(h.port, 'general', token, 100 * MIB + 1);
    expect([tooBig.status, tooBig.body.toString()]).toEqual([413, 'Files can be at most 100 MB on this host.\n']);
  });

  it('an upload whose bytes cannot become a file leaves no preview behind, and finishes when asked again', async () => {
    const { h, token, dir } = await filesHost();
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#36c' } })
      .png()
      .toBuffer();
    // Something in the way of the blob's folder: the move of the bytes fails, as it does when a
    // DELETE of the upload takes them first.
    const shard = join(dir, 'blobs', createHash('sha256').update(png).digest('hex').slice(0, 2));
    writeFileSync(shard, 'in the way');
    const at = (await createUpload(h.port, 'general', token, png.length, 'a.png', 'image/png')).headers.location!;
    expect((await patchUpload(h.port, at, token, 0, png)).status).toBe(500);
    expect(readdirSync(join(dir, 'thumbs'))).toEqual([]);
    rmSync(shard);
    const again = await patchUpload(h.port, at, token, png.length, Buffer.alloc(0));
    expect(again.status).toBe(204);
    const id = again.headers['lanchat-file-id'] as string;
    expect((await http(h.port, 'GET', `/api/rooms/general/files/${id}/thumb`)).headers['content-type']).toBe(
      'image/webp',
    );
  });

  it('does not decode a preview of an interlaced PNG or a GIF whose pixels would take too much memory', async () => {
    const { h, token } = await filesHost();
    const interlaced = (width: number, height: number) =>
      sharp({ create: { width, height, channels: 4, background: { r: 9, g: 99, b: 199, alpha: 0.5 } } })
        .toColourspace('rgb16')
        .png({ progressive: true })
        .toBuffer();
    // 4200 x 4200 RGBA at 16 bits: a 141 MB decode, which an interlaced PNG needs whole.
    for (const [png, type, thumb] of [
      [await interlaced(4200, 4200), 'application/octet-stream', 404],
      [await interlaced(300, 200), 'image/png', 200],
      // A GIF frame is decoded whole as well: 6000 x 6000 RGBA is 144 MB.
      [
        await sharp({ create: { width: 6000, height: 6000, channels: 3, background: '#c63' } })
          .gif()
          .toBuffer(),
        'application/octet-stream',
        404,
      ],
    ] as const) {
      const id = await uploadFile(h.port, 'general', token, png, 'big.png', 'image/png');
      const got = await http(h.port, 'HEAD', `/api/rooms/general/files/${id}`);
      expect(got.headers['content-type']).toBe(type);
      expect((await http(h.port, 'HEAD', `/api/rooms/general/files/${id}/thumb`)).status).toBe(thumb);
    }
  });
});
