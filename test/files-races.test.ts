/**
 * Races between the files' background work and requests in flight, on a real host over real
 * HTTP: an upload that reaches its expiry while a PATCH is still writing it; a delete that lets
 * go of a blob while someone else's upload of the same bytes is being finished.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredFile } from '../src-main/files/file-index.ts';
import type { FilesOptions } from '../src-main/files/files-service.ts';
import { SqliteFileIndex } from '../src-main/files/sqlite-file-index.ts';
import { EXPIRY_GRACE_MS } from '../src-main/files/uploads.ts';
import { entry, sleep, useHosts, waitFor } from './helpers/fixtures.ts';
import {
  createUpload,
  headUpload,
  http,
  patchUpload,
  sha256,
  tokenOf,
  uploadFile,
  type Reply,
  patchRequest,
  readReply,
} from './helpers/files.ts';
import { tempDataDir } from './helpers/host.ts';

const t = useHosts();

async function filesHost(files: Partial<FilesOptions> = {}, dataDir = tempDataDir()) {
  const dir = join(dataDir, 'files');
  const index = new SqliteFileIndex(dataDir);
  const h = await t.host({ dataDir, rate: 0, files: { dir, index, minFreeBytes: 1, ...files } });
  const alice = await t.join(h.url());
  return { h, alice, token: tokenOf(alice), dir };
}

/** The host's own SQLite index, except that the next file recorded waits until `open()`. */
class PausedPut extends SqliteFileIndex {
  #next: { reached: () => void; opened: Promise<void> } | undefined;

  /** Holds the next `put`: `reached` resolves once it waits. */
  pauseNextPut(): { reached: Promise<void>; open: () => void } {
    let reached!: () => void;
    let open!: () => void;
    const waiting = new Promise<void>((resolve) => (reached = resolve));
    this.#next = { reached, opened: new Promise<void>((resolve) => (open = resolve)) };
    return { reached: waiting, open };
  }

  override async put(f: StoredFile): Promise<void> {
    const next = this.#next;
    this.#next = undefined;
    if (next) {
      next.reached();
      await next.opened;
    }
    return super.put(f);
  }
}

/** A PATCH that sends `first` now and the rest of its body when `end(rest)` is called. */
function heldPatch(port: number, location: string, token: string, offset: number, first: Buffer) {
  const req = patchRequest(port, location, token, offset);
  const answered = new Promise<Reply>((resolve, reject) => {
    req.on('response', (res) => readReply(res, resolve, reject));
    req.on('error', reject);
  });
  answered.catch(() => {}); // a test that fails before `end` leaves it to the teardown
  req.write(first);
  return { end: (rest: Buffer) => (req.end(rest), answered) };
}

describe('an upload at its expiry', () => {
  it('is not removed under a PATCH that is still writing it; a PATCH after the removal hears 404, never a 500', async () => {
    const EXPIRE_MS = 3000;
    const { h, alice, token, dir } = await filesHost({ orphanMs: EXPIRE_MS });
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
    // Another host's PATCH let in before the mark may still run (no lock of this host tells):
    // nothing goes yet. Once that time is over, only what no request holds here.
    const early = await files.sweep();
    const swept = await files.sweep(Date.now() + EXPIRY_GRACE_MS);

    const done = await wholePatch.end(bytes.subarray(10));
    expect([done.status, done.body.toString()]).toEqual([204, '']);
    const id = done.headers['lanchat-file-id'] as string;
    expect((await http(h.port, 'GET', `/api/rooms/general/files/${id}`)).body.equals(bytes)).toBe(true);
    await entry(alice, { type: 'send', id: 's1', text: 'made it', files: [id] }); // not an orphan
    const half = await partPatch.end(bytes.subarray(10, 20));
    expect([half.status, half.headers['upload-offset']]).toEqual([204, '20']);
    // Only the upload nobody was writing went; the other unfinished one goes at the next sweep.
    expect([early, swept]).toEqual([0, 1]);
    expect(await files.sweep(Date.now() + EXPIRY_GRACE_MS)).toBe(1);
    for (const gone of [idle, part]) {
      const late = await patchUpload(h.port, gone.at, token, 20, bytes.subarray(20));
      expect([late.status, late.body.toString()]).toEqual([404, 'There is no such upload in this room.\n']);
      expect((await headUpload(h.port, gone.at, token)).status).toBe(404);
    }
    expect(h.logs.filter((l) => l.startsWith('error'))).toEqual([]);
  });
});

describe('the same bytes, sent by two people', () => {
  it('a delete that lets go of their blob while the second upload is being finished leaves the second file whole', async () => {
    const dataDir = tempDataDir();
    const index = new PausedPut(dataDir);
    const { h, alice, token } = await filesHost({ index }, dataDir);
    const bytes = Buffer.from('a photo of the whiteboard, sent by two people who were both there');
    const blob = h.host.files!.blobs.blobPath(sha256(bytes));
    const first = await uploadFile(h.port, 'general', token, bytes, 'board.jpg.txt');
    const sent = await entry(alice, { type: 'send', id: 's1', text: 'the board', files: [first] });
    // Bob sends the same bytes: his copy is dropped (the blob is there), and his file is about
    // to be recorded as one more user of that blob when Alice deletes her message.
    const paused = index.pauseNextPut();
    const second = uploadFile(h.port, 'general', tokenOf(await t.join(h.url())), bytes, 'board.txt');
    await paused.reached;
    await entry(alice, { type: 'delete', id: 'd1', target: sent.seq });
    // The delete's erase runs just after its broadcast; give it the time to take the blob away
    // (it did so at once before the fix), then let Bob's finish go on.
    await waitFor(() => !existsSync(blob), 2000).catch(() => {});
    paused.open();
    const id = await second;
    // Alice's file is erased once Bob's is recorded; the bytes stay, Bob's file uses them.
    for (const deadline = Date.now() + 10_000; ; await sleep(10)) {
      if ((await http(h.port, 'HEAD', `/api/rooms/general/files/${first}`)).status === 404) break;
      if (Date.now() > deadline) throw new Error("Alice's file was not erased");
    }
    const got = await http(h.port, 'GET', `/api/rooms/general/files/${id}`);
    expect([got.status, got.body.toString()]).toEqual([200, bytes.toString()]);
    expect(existsSync(blob)).toBe(true);
  });
});
