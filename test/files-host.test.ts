/**
 * Files on a real host over real HTTP and sockets: tus create/patch/head, the file id and its
 * metadata in the stored message, downloads with their headers and ranges, locked rooms, names,
 * limits, CORS.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SqliteFileIndex } from '../src-main/files/sqlite-file-index.ts';
import type { FilesOptions } from '../src-main/files/files-service.ts';
import { useHosts } from './helpers/fixtures.ts';
import { createUpload, headUpload, http, patchUpload, sha256, tokenOf, uploadFile } from './helpers/files.ts';
import { tempDataDir } from './helpers/host.ts';

const t = useHosts();

/** A host with files in its data folder; `files` overrides the limits. */
async function filesHost(files: Partial<FilesOptions> = {}, extra: Parameters<typeof t.host>[0] = {}) {
  const dataDir = tempDataDir();
  return t.host({
    dataDir,
    rate: 0,
    ...extra,
    files: { dir: join(dataDir, 'files'), index: new SqliteFileIndex(dataDir), minFreeBytes: 1, ...files },
  });
}

const blobsIn = (dataDir: string) =>
  readdirSync(join(dataDir, 'files', 'blobs')).flatMap((d) => readdirSync(join(dataDir, 'files', 'blobs', d)));

describe('tus uploads', () => {
  it('creates, appends in parts, answers HEAD, and gives a file id on the last byte', async () => {
    const h = await filesHost();
    const alice = await t.join(h.url());
    const token = tokenOf(alice);
    const bytes = Buffer.from('hello, files in a room\n'.repeat(100));
    const created = await createUpload(h.port, 'general', token, bytes.length, 'notes.txt');
    expect(created.status).toBe(201);
    expect(created.headers['tus-resumable']).toBe('1.0.0');
    const at = created.headers.location!;
    expect(at).toMatch(/^\/api\/rooms\/general\/uploads\/[A-Za-z0-9_-]{22}$/);

    const first = await patchUpload(h.port, at, token, 0, bytes.subarray(0, 1000));
    expect(first.status).toBe(204);
    expect(first.headers['upload-offset']).toBe('1000');
    expect(first.headers['lanchat-file-id']).toBeUndefined();
    const head = await headUpload(h.port, at, token);
    expect(head.headers['upload-offset']).toBe('1000');
    expect(head.headers['upload-length']).toBe(String(bytes.length));
    expect((await patchUpload(h.port, at, token, 999, Buffer.from('x'))).status).toBe(409); // wrong offset

    const last = await patchUpload(h.port, at, token, 1000, bytes.subarray(1000));
    expect(last.status).toBe(204);
    const id = last.headers['lanchat-file-id'] as string;
    expect(id).toMatch(/^f-[A-Za-z0-9_-]{22}$/);
    const later = await headUpload(h.port, at, token);
    expect(later.status).toBe(200);
    expect(later.headers['lanchat-file-id']).toBe(id);
    expect(later.headers['upload-offset']).toBe(String(bytes.length));

    alice.sendJson({ type: 'send', id: 's1', text: 'the notes', files: [id] });
    const msg = await alice.next('message');
    expect(msg.files).toEqual([
      { id, name: 'notes.txt', size: bytes.length, type: 'text/plain', sha256: sha256(bytes) },
    ]);
    const got = await http(h.port, 'GET', `/api/rooms/general/files/${id}`);
    expect(got.status).toBe(200);
    expect(sha256(got.body)).toBe(sha256(bytes));
  });

  it('needs the room token for every upload request', async () => {
    const h = await filesHost();
    const alice = await t.join(h.url());
    expect((await createUpload(h.port, 'general', undefined, 5)).status).toBe(401);
    expect((await createUpload(h.port, 'general', 'not-a-token', 5)).status).toBe(401);
    const other = await t.join(h.url('other'));
    expect((await createUpload(h.port, 'general', tokenOf(other) + 'x', 5)).status).toBe(401);
    const ok = await createUpload(h.port, 'general', tokenOf(alice), 5);
    expect((await patchUpload(h.port, ok.headers.location!, undefined, 0, Buffer.from('hello'))).status).toBe(401);
  });

  it('measures and previews images, and stores the same bytes once', async () => {
    const h = await filesHost();
    const alice = await t.join(h.url());
    const png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer();
    const a = await uploadFile(h.port, 'general', tokenOf(alice), png, 'shot.png', 'image/png');
    const b = await uploadFile(h.port, 'general', tokenOf(alice), png, 'again.png', 'image/png');
    expect(blobsIn(h.dataDir)).toEqual([sha256(png)]);
    alice.sendJson({ type: 'send', id: 's1', text: '', files: [a, b] });
    const msg = await alice.next('message');
    expect(msg.text).toBe('');
    const [fa] = msg.files as Record<string, unknown>[];
    expect(fa).toMatchObject({ id: a, type: 'image/png', width: 1600, height: 900 });
    expect(fa!.thumb).toBe(`/api/rooms/general/files/${a}/thumb`);
    const thumb = await http(h.port, 'GET', fa!.thumb as string);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const meta = await sharp(thumb.body).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(480);
    const full = await http(h.port, 'GET', `/api/rooms/general/files/${a}`);
    expect(full.headers['content-disposition']).toMatch(/^inline; /);
  });

  it('never shows a file inline that only claims to be an image', async () => {
    const h = await filesHost();
    const alice = await t.join(h.url());
    const id = await uploadFile(
      h.port,
      'general',
      tokenOf(alice),
      Buffer.from('<script>alert(1)</script>'),
      'x.png',
      'image/png',
    );
    const got = await http(h.port, 'GET', `/api/rooms/general/files/${id}`);
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.headers['content-disposition']).toMatch(/^attachment; /);
  });
});

describe('downloads', () => {
  it('serves exact bytes with nosniff, a sandbox CSP, an RFC 6266 name and ranges', async () => {
    const h = await filesHost();
    const alice = await t.join(h.url());
    const bytes = Buffer.from('0123456789abcdefghij');
    const id = await uploadFile(h.port, 'general', tokenOf(alice), bytes, '会议 纪要 "v2".txt', 'text/plain');
    const path = `/api/rooms/general/files/${id}`;
    const full = await http(h.port, 'GET', path);
    expect(full.status).toBe(200);
    expect(full.body.equals(bytes)).toBe(true);
    expect(full.headers).toMatchObject({
      'content-length': '20',
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
      'accept-ranges': 'bytes',
      'content-disposition': `attachment; filename="__ __ _v2_.txt"; filename*=UTF-8''${encodeURIComponent('会议 纪要 "v2".txt').replace(/'/g, '%27')}`,
    });
    const part = await http(h.port, 'GET', path, { Range: 'bytes=10-14' });
    expect(part.status).toBe(206);
    expect(part.body.toString()).toBe('abcde');
    expect(part.headers['content-range']).toBe('bytes 10-14/20');
    expect((await http(h.port, 'GET', path, { Range: 'bytes=-3' })).body.toString()).toBe('hij');
    expect((await http(h.port, 'GET', path, { Range: 'bytes=15-' })).body.toString()).toBe('fghij');
    const beyond = await http(h.port, 'GET', path, { Range: 'bytes=20-' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe('bytes */20');
    const head = await http(h.port, 'HEAD', path);
    expect(head).toMatchObject({ status: 200, body: Buffer.alloc(0) });
    expect(head.headers['content-length']).toBe('20');
  });

  it('serves a file only under its own room', async () => {
    const h = await filesHost();
    const alice = await t.join(h.url());
    const id = await uploadFile(h.port, 'general', tokenOf(alice), Buffer.from('mine'));
    expect((await http(h.port, 'GET', `/api/rooms/other/files/${id}`)).status).toBe(404);
    for (const bad of [
      `/api/rooms/general/files/..%2F..%2Fhistory.sqlite`,
      `/api/rooms/../files/${id}`,
      '/api/rooms/general/files/f-x',
    ]) {
      expect((await http(h.port, 'GET', bad)).status).toBe(404);
    }
  });

  it('in a locked room: 401 without the token, and nothing of the file leaks', async () => {
    const h = await filesHost({}, { passwords: { secret: 'pw' } });
    const alice = await t.join(h.url('secret'), { password: 'pw' });
    const bytes = Buffer.from('the secret plan');
    const id = await uploadFile(h.port, 'secret', tokenOf(alice), bytes, 'plan.txt');
    const path = `/api/rooms/secret/files/${id}`;
    for (const headers of [{}, { Authorization: 'Bearer wrong' }] as Record<string, string>[]) {
      const denied = await http(h.port, 'GET', path, headers);
      expect(denied.status).toBe(401);
      expect(denied.body.toString()).not.toContain('secret plan');
      expect(denied.headers['content-disposition']).toBeUndefined();
      expect(denied.headers['content-length']).not.toBe(String(bytes.length));
    }
    // The same answer for a file that does not exist: a 401 says nothing about what is there.
    expect((await http(h.port, 'GET', '/api/rooms/secret/files/f-AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(401);
    const general = await t.join(h.url('general'));
    expect((await http(h.port, 'GET', path, { Authorization: `Bearer ${tokenOf(general)}` })).status).toBe(401);
    const ok = await http(h.port, 'GET', path, { Authorization: `Bearer ${tokenOf(alice)}` });
    expect(ok.body.equals(bytes)).toBe(true);
    const byQuery = await http(h.port, 'GET', `${path}?token=${encodeURIComponent(tokenOf(alice))}`);
    expect(byQuery.body.equals(bytes)).toBe(true);
  });
});

describe('names and limits', () => {
  it('strips paths and control characters from names', async () => {
    const h = await filesHost();
    const alice = await t.join(h.url());
    const names: [string, string][] = [
      ['../../etc/passwd', 'passwd'],
      ['..\\..\\boot.ini', 'boot.ini'],
      ['a\u0000b\u001bc\u202e.txt', 'abc.txt'],
      ['...', 'file'],
      ['\u200fin\u200bvoice\u061c\u2028.pdf\ufeff', 'invoice.pdf'],
      ['\u200b\u200e\u2029', 'file'],
      [
        '👨\u200d👩\u200d👧 \u0646\u0627\u200c\u0645\u0647.txt',
        '👨\u200d👩\u200d👧 \u0646\u0627\u200c\u0645\u0647.txt',
      ],
    ];
    for (const [given, stored] of names) {
      const id = await uploadFile(h.port, 'general', tokenOf(alice), Buffer.from(given), given);
      alice.sendJson({ type: 'send', id: `n${names.findIndex((n) => n[0] === given)}`, text: 'x', files: [id] });
      const msg = await alice.next('message');
      expect((msg.files as { name: string }[])[0]!.name).toBe(stored);
    }
    expect(existsSync(join(h.dataDir, 'files', 'passwd'))).toBe(false);
  });

  it('refuses a file over the size limit with 413 and a full disk with 507', async () => {
    const small = await filesHost({ maxFileBytes: 1024 });
    const a = await t.join(small.url());
    const big = await createUpload(small.port, 'general', tokenOf(a), 1025);
    expect(big.status).toBe(413);
    expect(big.body.toString()).toContain('at most 1 kB');
    expect((await createUpload(small.port, 'general', tokenOf(a), 1024)).status).toBe(201);

    const full = await filesHost({ minFreeBytes: Number.MAX_SAFE_INTEGER });
    const b = await t.join(full.url());
    const refused = await createUpload(full.port, 'general', tokenOf(b), 10);
    expect(refused.status).toBe(507);
    expect(refused.body.toString()).toContain('disk is nearly full');
  });

  it('refuses sends with too many, unknown, foreign or taken files', async () => {
    const h = await filesHost();
    const alice = await t.join(h.url());
    const bob = await t.join(h.url('other'));
    const mine = await uploadFile(h.port, 'general', tokenOf(alice), Buffer.from('a'));
    const theirs = await uploadFile(h.port, 'other', tokenOf(bob), Buffer.from('b'));
    const eleven = Array.from({ length: 11 }, (_, i) => `f-${String(i).padStart(22, 'A')}`);
    alice.sendJson({ type: 'send', id: 'x1', text: 'hi', files: eleven });
    expect(await alice.next('error')).toMatchObject({ code: 'too_large', ref: 'x1' });
    alice.sendJson({ type: 'send', id: 'x2', text: 'hi', files: ['f-AAAAAAAAAAAAAAAAAAAAAA'] });
    expect(await alice.next('error')).toMatchObject({ code: 'bad_request', ref: 'x2' });
    alice.sendJson({ type: 'send', id: 'x3', text: 'hi', files: [theirs] });
    expect(await alice.next('error')).toMatchObject({ code: 'bad_request', ref: 'x3' });
    alice.sendJson({ type: 'send', id: 'x4', text: '', files: [mine] });
    await alice.next('message');
    alice.sendJson({ type: 'send', id: 'x4', text: '', files: [mine] }); // a re-send: acknowledged again
    expect(await alice.next('message')).toMatchObject({ id: 'x4' });
    alice.sendJson({ type: 'send', id: 'x5', text: 'again', files: [mine] });
    expect(await alice.next('error')).toMatchObject({ code: 'bad_request', ref: 'x5' });
    alice.sendJson({ type: 'send', id: 'x6', text: '' });
    expect(await alice.next('error')).toMatchObject({ code: 'bad_request', ref: 'x6' });
  });
});

describe('CORS', () => {
  it('answers the desktop app and the host’s own origins, never anyone else or *', async () => {
    const h = await filesHost();
    const preflight = (origin: string) =>
      http(h.port, 'OPTIONS', '/api/rooms/general/uploads', {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, tus-resumable, upload-length, upload-metadata',
      });
    for (const origin of ['app://lanchat', `http://127.0.0.1:${h.port}`, `http://localhost:${h.port}`]) {
      const r = await preflight(origin);
      expect(r.status).toBe(204);
      expect(r.headers['access-control-allow-origin']).toBe(origin);
      expect(String(r.headers['access-control-allow-headers'])).toMatch(/Authorization/);
    }
    for (const origin of ['http://evil.example', `http://127.0.0.1:${h.port + 1}`, 'null']) {
      expect((await preflight(origin)).headers['access-control-allow-origin']).toBeUndefined();
    }
    const alice = await t.join(h.url());
    const created = await http(h.port, 'POST', '/api/rooms/general/uploads', {
      Origin: 'app://lanchat',
      'Tus-Resumable': '1.0.0',
      'Upload-Length': '1',
      Authorization: `Bearer ${tokenOf(alice)}`,
    });
    expect(created.headers['access-control-allow-origin']).toBe('app://lanchat');
    const exposed = String(created.headers['access-control-expose-headers']);
    for (const name of ['Location', 'Upload-Offset', 'Tus-Resumable', 'Lanchat-File-Id'])
      expect(exposed).toContain(name);
  });
});
