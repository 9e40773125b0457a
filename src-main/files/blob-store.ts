/**
 * Finished files on disk, content-addressed: `blobs/ab/abcdef…` by the SHA-256 of their bytes,
 * so a file sent ten times is stored once. Previews sit beside them in `thumbs/`; bytes on their
 * way out wait in `trash/` (trash.ts). The folder may be shared by several hosts (`--files DIR`
 * on a network mount): every step is a rename or an unlink, which is atomic there too, and a
 * blob is never rewritten once in place.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { Trash } from './trash.ts';

const SHA_HEX = /^[0-9a-f]{64}$/;
/** Bytes per read while hashing. */
const HASH_CHUNK = 1024 * 1024;

export class BlobStore {
  /** The shared files folder: `uploads/` (tus state), `blobs/`, `thumbs/`. */
  readonly dir: string;
  readonly uploadsDir: string;
  /** Where removed bytes go; every big file leaves through it. */
  readonly trash: Trash;
  /** The last of the callers queued on each blob ({@link exclusive}); never rejects. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(dir: string, log?: (line: string) => void) {
    this.dir = dir;
    this.uploadsDir = join(dir, 'uploads');
    this.trash = new Trash(join(dir, 'trash'), log);
  }

  /** Creates the folders (idempotent) and empties the trash a previous run left. */
  async open(): Promise<void> {
    await Promise.all(['uploads', 'blobs', 'thumbs'].map((d) => mkdir(join(this.dir, d), { recursive: true })));
    await this.trash.open();
  }

  /** Lets the trash stop after its current step. */
  close(): Promise<void> {
    return this.trash.close();
  }

  /** Where a blob's bytes are. @throws on a value that is not a SHA-256 (so no path can be forged) */
  blobPath(sha256: string): string {
    if (!SHA_HEX.test(sha256)) throw new TypeError('not a sha256');
    return join(this.dir, 'blobs', sha256.slice(0, 2), sha256);
  }

  /** Where an image's preview is. */
  thumbPath(sha256: string): string {
    if (!SHA_HEX.test(sha256)) throw new TypeError('not a sha256');
    return join(this.dir, 'thumbs', `${sha256}.webp`);
  }

  /**
   * Streams a file through SHA-256 (a 1 GiB file never sits in memory). Two buffers, reused:
   * the next read runs on libuv's threads while this thread hashes the last one, and no
   * megabyte is allocated per chunk (see send-bytes.ts for what that cost downloads).
   */
  async hash(path: string): Promise<string> {
    const file = await open(path, 'r');
    try {
      const h = createHash('sha256');
      const buffers = [Buffer.allocUnsafeSlow(HASH_CHUNK), Buffer.allocUnsafeSlow(HASH_CHUNK)];
      let at = 0;
      let next = file.read(buffers[0]!, 0, HASH_CHUNK, 0);
      for (let i = 1; ; i++) {
        const { bytesRead, buffer } = await next;
        if (bytesRead === 0) return h.digest('hex');
        at += bytesRead;
        next = file.read(buffers[i % 2]!, 0, HASH_CHUNK, at);
        h.update(buffer.subarray(0, bytesRead));
      }
    } finally {
      await file.close();
    }
  }

  /**
   * Moves a finished upload into its blob. When the blob is already there (the same bytes sent
   * before), the upload's copy is dropped instead.
   */
  async adopt(path: string, sha256: string): Promise<void> {
    const target = this.blobPath(sha256);
    if (await exists(target)) {
      await this.trash.discard(path);
      return;
    }
    await mkdir(join(this.dir, 'blobs', sha256.slice(0, 2)), { recursive: true });
    await rename(path, target);
  }

  /**
   * Runs `fn` once every earlier `fn` of the same blob has ended, so that counting a blob's
   * users and keeping or removing its bytes are one step. Why: a finish found the blob there and
   * dropped its own copy, and before it recorded its file, a delete of the last other file of
   * those bytes counted no user and removed the blob: the new file had no bytes. Callers
   * (finishUpload, FilesService.erase) hold it from the look at the disk or the count to the
   * last write. A queue rather than a re-check after the move: a re-check would need a way back
   * for bytes already in the trash; a queue makes each step plainly alone. Per host only: hosts
   * sharing one folder through Redis can still meet in that window (a cross-host lock would).
   */
  exclusive<T>(sha256: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.#queues.get(sha256) ?? Promise.resolve()).then(fn);
    const tail = run.catch(() => {});
    this.#queues.set(sha256, tail);
    void tail.then(() => {
      if (this.#queues.get(sha256) === tail) this.#queues.delete(sha256);
    });
    return run;
  }

  /** Whether a blob is on disk. */
  has(sha256: string): Promise<boolean> {
    return exists(this.blobPath(sha256));
  }

  /** Whether a blob's preview is on disk (the same bytes sent again reuse it). */
  hasThumb(sha256: string): Promise<boolean> {
    return exists(this.thumbPath(sha256));
  }

  /** Removes a blob and its preview (no error when already gone). */
  async remove(sha256: string): Promise<void> {
    await Promise.all([this.trash.discard(this.blobPath(sha256)), rm(this.thumbPath(sha256), { force: true })]);
  }

  /** Bytes free for an unprivileged writer on the files folder's disk. */
  async freeBytes(): Promise<number> {
    const s = await statfs(this.dir);
    return s.bavail * s.bsize;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
