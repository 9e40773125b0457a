/**
 * The host's own tus PATCH path (src-main/files/upload-patch.ts), over real HTTP: every refusal
 * it makes, the lock that keeps two requests of one upload apart (and the HEAD that does not stop
 * a PATCH still receiving), a body that runs past the end,
 * a slow client's bytes reaching the disk, and the hash kept across PATCHes.
 */
import { statSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteFileIndex } from '../src-main/files/sqlite-file-index.ts';
import type { FilesOptions } from '../src-main/files/files-service.ts';
import { useHosts, waitFor } from './helpers/fixtures.ts';
import { createUpload, headUpload, http, patchUpload, sha256, tokenOf } from './helpers/files.ts';
import { tempDataDir } from './helpers/host.ts';

const t = useHosts();

/** A host whose files live in `filesDir` (two hosts may share one, as with --redis). */
async function filesHost(files: Partial<FilesOptions> = {}, filesDir?: string) {
  const dataDir = tempDataDir();
  const dir = filesDir ?? join(dataDir, 'files');
  const h = await t.host({
    dataDir,
    rate: 0,
    files: { dir, index: new SqliteFileIndex(dataDir), minFreeBytes: 1, ...files },
  });
  const alice = await t.join(h.url());
  return { h, token: tokenOf(alice), dir };
}

const tus = (token: string, offset: string | undefined, extra: Record<string, string> = {}) => ({
  'Tus-Resumable': '1.0.0',
  Authorization: `Bearer ${token}`,
  'Content-Type': 'application/offset+octet-stream',
  ...(offset === undefined ? {} : { 'Upload-Offset': offset }),
  ...extra,
});

const bytesOf = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + (i >> 9)) & 0xff));

/** A PATCH whose body is written by `feed`; resolves with the reply (or `cut` when there was none). */
function openPatch(port: number, path: string, headers: Record<string, string>) {
  const req = request({ host: '127.0.0.1', port, path, method: 'PATCH', headers });
  const reply = new Promise<{ status: number; headers: IncomingHttpHeaders } | 'cut'>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
    });
    req.on('error', () => resolve('cut'));
  });
  return { req, reply: () => reply };
}

/**
 * A host (with `files` options) and an upload of `n` bytes, a PATCH of it opened from offset 0:
 * the body is the test's to write (`first.req`).
 */
async function openUpload(n: number, files: Partial<FilesOptions> = {}) {
  const { h, token, dir } = await filesHost(files);
  const bytes = bytesOf(n);
  const at = (await createUpload(h.port, 'general', token, bytes.length)).headers.location!;
  const onDisk = join(dir, 'uploads', at.split('/').pop()!);
  const first = openPatch(h.port, at, tus(token, '0', { 'Content-Length': String(bytes.length) }));
  return { h, token, bytes, at, onDisk, first };
}

describe('PATCH refusals', () => {
  it('refuses missing or wrong tus headers, and leaves the upload where it was', async () => {
    const { h, token } = await filesHost();
    const at = (await createUpload(h.port, 'general', token, 10)).headers.location!;
    const body = Buffer.from('0123456789');
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ ...tus(token, '0'), 'Tus-Resumable': '0.2.2' }, 412, /tus 1\.0\.0/],
      [tus(token, undefined), 400, /Upload-Offset/],
      [tus(token, '-1'), 400, /Upload-Offset/],
      [tus(token, '01'), 400, /Upload-Offset/],
      [tus(token, '0', { 'Content-Type': 'text/plain' }), 415, /offset\+octet-stream/],
      [tus(token, '0', { 'Upload-Length': '10' }), 400, /set when it is created/],
      [tus(token, '0', { 'Content-Length': '11' }), 413, /more bytes than the upload has left/],
    ];
    for (const [headers, status, why] of cases) {
      const extra = headers['Content-Length'] === '11' ? Buffer.concat([body, Buffer.from('!')]) : body;
      const reply = await http(h.port, 'PATCH', at, headers, extra);
      expect(reply.status, JSON.stringify(headers)).toBe(status);
      expect(reply.body.toString()).toMatch(why);
      expect(reply.headers['tus-resumable']).toBe('1.0.0');
    }
    const noTus = { ...tus(token, '0') } as Record<string, string>;
    delete noTus['Tus-Resumable'];
    expect((await http(h.port, 'PATCH', at, noTus, body)).status).toBe(412);
    expect((await headUpload(h.port, at, token)).headers['upload-offset']).toBe('0');
    const done = await patchUpload(h.port, at, token, 0, body);
    expect(done.status).toBe(204);
    expect(done.headers['lanchat-file-id']).toMatch(/^f-/);
  });

  it('answers 404 for an upload of another room or none, and 409 for a wrong offset', async () => {
    const { h, token } = await filesHost();
    const other = tokenOf(await t.join(h.url('other')));
    const at = (await createUpload(h.port, 'general', token, 10)).headers.location!;
    const id = at.split('/').pop()!;
    const foreign = await patchUpload(h.port, `/api/rooms/other/uploads/${id}`, other, 0, Buffer.from('x'));
    expect(foreign.status).toBe(404);
    expect(foreign.body.toString()).toMatch(/no such upload in this room/);
    const none = await patchUpload(
      h.port,
      '/api/rooms/general/uploads/AAAAAAAAAAAAAAAAAAAAAA',
      token,
      0,
      Buffer.from('x'),
    );
    expect(none.status).toBe(404);
    expect((await patchUpload(h.port, at, token, 0, Buffer.from('01234'))).headers['upload-offset']).toBe('5');
    const wrong = await patchUpload(h.port, at, token, 4, Buffer.from('x'));
    expect(wrong.status).toBe(409);
    expect(wrong.body.toString()).toMatch(/at byte 5, not 4/);
    expect((await headUpload(h.port, at, token)).headers['upload-offset']).toBe('5');
  });

  it('answers 410 once an incomplete upload has expired', async () => {
    const { h, token } = await filesHost({ orphanMs: 300 });
    const created = Date.now();
    const at = (await createUpload(h.port, 'general', token, 10)).headers.location!;
    await waitFor(() => Date.now() > created + 600, 5000, 'the upload to expire');
    const late = await patchUpload(h.port, at, token, 0, Buffer.from('0123456789'));
    expect(late.status).toBe(410);
    expect(late.body.toString()).toMatch(/expired/);
  });

  it('refuses with 413 an upload over this host’s limit and with 507 when the disk floor would break', async () => {
    // Two hosts on one files folder (as with --redis): created on a host that allows it,
    // continued on one whose limits refuse it.
    const a = await filesHost({ maxFileBytes: 1000 });
    const big = (await createUpload(a.h.port, 'general', a.token, 800)).headers.location!;
    const small = await filesHost({ maxFileBytes: 500 }, a.dir);
    const over = await patchUpload(small.h.port, big, small.token, 0, bytesOf(800));
    expect(over.status).toBe(413);
    expect(over.body.toString()).toMatch(/at most 500 bytes/);
    const full = await filesHost({ minFreeBytes: Number.MAX_SAFE_INTEGER }, a.dir);
    const refused = await patchUpload(full.h.port, big, full.token, 0, bytesOf(800));
    expect(refused.status).toBe(507);
    expect(refused.body.toString()).toMatch(/nearly full/);
    expect((await headUpload(a.h.port, big, a.token)).headers['upload-offset']).toBe('0');
  });

  it('takes a chunked body only up to the upload’s length, refuses the rest with 413', async () => {
    const { h, token } = await filesHost();
    const bytes = bytesOf(1000);
    const at = (await createUpload(h.port, 'general', token, 1000)).headers.location!;
    const p = openPatch(h.port, at, tus(token, '0', { 'Transfer-Encoding': 'chunked' }));
    p.req.end(Buffer.concat([bytes, bytesOf(500)]));
    const reply = await p.reply();
    expect(reply !== 'cut' && reply.status).toBe(413);
    expect((await headUpload(h.port, at, token)).headers['upload-offset']).toBe('1000');
    const done = await patchUpload(h.port, at, token, 1000, Buffer.alloc(0));
    expect(done.status).toBe(204);
    const file = await http(h.port, 'GET', `/api/rooms/general/files/${done.headers['lanchat-file-id']}`);
    expect(sha256(file.body)).toBe(sha256(bytes));
  });
});

describe('PATCH while another request holds the upload', () => {
  it('a second PATCH makes the first let go after its drain; the first keeps what it wrote', async () => {
    const { h, token, bytes, at, onDisk, first } = await openUpload(5000, { lockDrainMs: 200 });
    first.req.write(bytes.subarray(0, 1000));
    // A slow client's bytes reach the disk though no buffer filled.
    await waitFor(() => statSync(onDisk).size === 1000, 10_000, 'the first 1000 bytes on disk');
    const second = await patchUpload(h.port, at, token, 0, bytes);
    expect(second.status).toBe(409);
    const firstReply = await first.reply();
    expect(firstReply !== 'cut' && firstReply.status).toBe(204);
    expect(firstReply !== 'cut' && firstReply.headers['upload-offset']).toBe('1000');
    expect(firstReply !== 'cut' && firstReply.headers.connection).toBe('close');
    const done = await patchUpload(h.port, at, token, 1000, bytes.subarray(1000));
    expect(done.status).toBe(204);
    const file = await http(h.port, 'GET', `/api/rooms/general/files/${done.headers['lanchat-file-id']}`);
    expect(sha256(file.body)).toBe(sha256(bytes));
  });

  it('a HEAD answers beside a PATCH whose client is still sending, and does not stop it', async () => {
    const { h, token, bytes, at, onDisk, first } = await openUpload(1024 * 1024, { lockDrainMs: 200 });
    // A live client on a slow link: 4 KiB every 20 ms until the HEAD is answered.
    let sent = 0;
    const send = () => {
      first.req.write(bytes.subarray(sent, sent + 4096));
      sent += 4096;
    };
    send();
    const trickle = setInterval(() => sent + 4096 < bytes.length && send(), 20);
    try {
      await waitFor(() => statSync(onDisk).size > 0, 10_000, 'the first bytes on disk');
      // Before: the HEAD asked for the lock and the PATCH was stopped after its drain (200 ms),
      // answering 204 mid-body with Connection: close (which a browser drops and resends: 409).
      const head = await headUpload(h.port, at, token);
      expect(head.status).toBe(200);
      const offset = Number(head.headers['upload-offset']);
      expect(offset).toBeGreaterThan(0);
      expect(offset).toBeLessThanOrEqual(sent);
    } finally {
      clearInterval(trickle);
    }
    first.req.end(bytes.subarray(sent));
    const reply = await first.reply();
    expect(reply !== 'cut' && reply.status).toBe(204);
    expect(reply !== 'cut' && reply.headers['upload-offset']).toBe(String(bytes.length));
    const file = await http(
      h.port,
      'GET',
      `/api/rooms/general/files/${reply !== 'cut' && reply.headers['lanchat-file-id']}`,
    );
    expect(sha256(file.body)).toBe(sha256(bytes));
  });

  it('a HEAD still makes a PATCH whose client went quiet let go, and answers the offset it reached', async () => {
    const { h, token, bytes, at, onDisk, first } = await openUpload(5000, { lockDrainMs: 200 });
    first.req.write(bytes.subarray(0, 1000));
    await waitFor(() => statSync(onDisk).size === 1000, 10_000, 'the first 1000 bytes on disk');
    const head = await headUpload(h.port, at, token);
    expect(head.headers['upload-offset']).toBe('1000');
    const firstReply = await first.reply();
    expect(firstReply !== 'cut' && firstReply.headers['upload-offset']).toBe('1000');
    expect(firstReply !== 'cut' && firstReply.headers.connection).toBe('close');
  });

  it('a cut PATCH keeps every byte that arrived, in order, and the file hashes right after a resume', async () => {
    const { h, token, bytes, at, onDisk, first } = await openUpload(3 * 1024 * 1024 + 17);
    const sent = 1024 * 1024 + 4096;
    first.req.write(bytes.subarray(0, sent));
    await waitFor(() => statSync(onDisk).size === sent, 10_000, 'the bytes sent on disk');
    first.req.destroy();
    expect(await first.reply()).toBe('cut');
    const offset = Number((await headUpload(h.port, at, token)).headers['upload-offset']);
    expect(offset).toBe(sent);
    const done = await patchUpload(h.port, at, token, offset, bytes.subarray(offset));
    expect(done.status).toBe(204);
    const file = await http(h.port, 'GET', `/api/rooms/general/files/${done.headers['lanchat-file-id']}`);
    expect(file.body.equals(bytes)).toBe(true);
  });
});
