/**
 * A hostile (or merely unlucky) peer against the files endpoints, over real HTTP on a real host:
 * requests that arrive while an upload is being finished, and what they may not do to it.
 * The plain refusals (bad tus headers, ranges, names, rooms, tokens) are in files-host.test.ts and
 * upload-patch.test.ts; docs/security.md lists what the files endpoints promise.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { SqliteFileIndex } from '../src-main/files/sqlite-file-index.ts';
import { useHosts, waitFor } from './helpers/fixtures.ts';
import { http, patchUpload, tokenOf } from './helpers/files.ts';
import { tempDataDir } from './helpers/host.ts';

const t = useHosts();
const MIB = 1024 * 1024;

async function filesHost() {
  const dataDir = tempDataDir();
  const dir = join(dataDir, 'files');
  const h = await t.host({ dataDir, rate: 0, files: { dir, index: new SqliteFileIndex(dataDir), minFreeBytes: 1 } });
  const alice = await t.join(h.url());
  return { h, token: tokenOf(alice), dir, dataDir };
}

const tusHeaders = (token: string, extra: Record<string, string> = {}) => ({
  'Tus-Resumable': '1.0.0',
  Authorization: `Bearer ${token}`,
  ...extra,
});

describe('a hostile peer against uploads being finished', () => {
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
});
