/**
 * The tus 1.0 endpoint of each room (`/api/rooms/ROOM/uploads`), on the tus project's own
 * server (`@tus/server`) and its disk store (`@tus/file-store`): upload state (the bytes so far
 * and a small JSON of each upload) lives in `FILES/uploads/`, so an upload resumes after a
 * network cut and after the host was killed. What the host adds: the room binding, limits that
 * say why, and the finishing step (finish-upload.ts) that turns the bytes into a file id.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { MemoryLocker, Server, type Lock, type Upload } from '@tus/server';
import { ERRORS } from '@tus/utils';
import { FILE_ID_HEADER, cleanFileName, cleanMediaType } from '../../src-shared/files.ts';
import { formatBytes } from '../../src-shared/i18n/index.ts';
import type { BlobStore } from './blob-store.ts';
import { EXPOSED_HEADERS, UPLOAD_ID_PATTERN } from './http-util.ts';
import { LivePatches } from './live-patches.ts';
import { UploadHashes } from './upload-hashes.ts';
import { patchUpload } from './upload-patch.ts';
import { UploadStore } from './upload-store.ts';

/** What an upload needs of the rest of the files service. */
export interface UploadsContext {
  blobs: BlobStore;
  maxFileBytes: number;
  minFreeBytes: number;
  /** Incomplete uploads older than this are removed. */
  expireMs: number;
  allowOrigin(origin: string): boolean;
  /** Turns finished bytes into a file of `room` (`sha256` when known); @returns its file id. */
  finish(upload: Upload, room: string, sha256?: string): Promise<string>;
  /** The file an upload of `room` became, if it is finished. */
  finishedFile(uploadId: string, room: string): Promise<{ id: string; size: number } | undefined>;
  /** How long a PATCH asked to let go of its upload's lock may go on. Default 3 s. */
  lockDrainMs?: number;
}

/**
 * How long past its expiry an upload is kept for a PATCH that another host let in before the
 * mark: hosts sharing the folder through Redis do not share locks (this host's are skipped by
 * {@link Uploads.expire} at once). Enough because no PATCH starts after the mark (410) and none
 * runs longer than Node's `requestTimeout` (300 s): the rest is for the hosts' clocks.
 */
export const EXPIRY_GRACE_MS = 10 * 60 * 1000;

type Refusal = { status_code: number; body: string };
const refuse = (status_code: number, body: string): Refusal => ({ status_code, body: `${body}\n` });

/** The room of an upload URL (checked by the router before tus sees it). */
const roomOf = (url: string) =>
  decodeURIComponent(/^\/api\/rooms\/([^/]+)\//.exec(url.replace(/^\w+:\/\/[^/]+/, ''))![1]!);

export class Uploads {
  readonly store: UploadStore;
  readonly #tus: Server;
  readonly #ctx: UploadsContext;
  /** One lock per upload, taken by tus's handlers and by our PATCH alike. */
  readonly #locker = new MemoryLocker();
  readonly #hashes = new UploadHashes();
  /** PATCHes taking bytes: a HEAD answers beside them instead of stopping them. */
  readonly #live = new LivePatches();
  /**
   * Finishes in progress, by upload id. Why: the last PATCH's reply can be lost (a Wi-Fi drop),
   * and a tus client then sends it again, or asks HEAD, while the host still hashes and moves
   * the bytes. Such a request joins the finish that runs: started a second time it read the
   * whole file again and then found it moved (a 500, or a 410 "gone" for a finished upload).
   */
  readonly #finishing = new Map<string, Promise<string>>();
  /** Bytes this host's PATCHes in progress may still write (#diskRoom). */
  #reserved = 0;

  constructor(ctx: UploadsContext) {
    this.#ctx = ctx;
    const headLocker = this.#live.headLocker(this.#locker);
    this.store = new UploadStore(
      { directory: ctx.blobs.uploadsDir, expirationPeriodInMilliseconds: ctx.expireMs },
      ctx.blobs.trash,
    );
    this.#tus = new Server({
      path: '/api/rooms',
      datastore: this.store,
      locker: (req) => (req.method === 'HEAD' ? headLocker : this.#locker),
      lockDrainTimeout: ctx.lockDrainMs ?? 3000,
      // A DELETE of an upload whose every byte is in (400) would pull its bytes from under the
      // finish that turns them into a file: that finish failed, and its PATCH answered 500.
      disableTerminationForFinishedUploads: true,
      maxSize: ctx.maxFileBytes,
      allowedOrigins: (origin) => ctx.allowOrigin(origin),
      exposedHeaders: EXPOSED_HEADERS,
      namingFunction: () => randomBytes(16).toString('base64url').slice(0, 22),
      // Relative, so that it is right behind nginx or any other name of the host.
      generateUrl: (req, { id }) => `/api/rooms/${encodeURIComponent(roomOf(req.url))}/uploads/${id}`,
      getFileIdFromRequest: (_req, last) => (last && UPLOAD_ID_PATTERN.test(last) ? last : undefined),
      onIncomingRequest: (req, id) => this.#check(req.method, roomOf(req.url), id, req.headers),
      onUploadCreate: async (req, upload) => ({ metadata: this.#metadata(upload, roomOf(req.url)) }),
      onUploadFinish: async (req, upload) => ({
        headers: { [FILE_ID_HEADER]: await this.#finish(upload, roomOf(req.url)) },
      }),
      onResponseError: (req, err) => {
        if ('status_code' in err && err.status_code === 413) {
          // tus says 413 for a creation's body past its own Upload-Length too: not a size limit.
          if (Number(req.headers.get('upload-length')) <= ctx.maxFileBytes) {
            return refuse(413, 'This request carries more bytes than the upload has left.');
          }
          return refuse(413, `Files can be at most ${formatBytes('en', ctx.maxFileBytes)} on this host.`);
        }
        if ('status_code' in err) return err;
        return refuse(500, 'The host could not store the upload.');
      },
    });
  }

  /** Hands a request to tus (the router has checked the route and the token). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    return this.#tus.handle(req, res);
  }

  /** A PATCH, on the host's own path (upload-patch.ts says why). */
  patch(req: IncomingMessage, res: ServerResponse, at: { room: string; id: string }, cors: Record<string, string>) {
    const ctx = this.#ctx;
    return patchUpload(req, res, at, cors, {
      store: this.store,
      locker: this.#locker,
      hashes: this.#hashes,
      live: this.#live,
      maxFileBytes: ctx.maxFileBytes,
      expireMs: ctx.expireMs,
      lockDrainMs: ctx.lockDrainMs ?? 3000,
      reserveDisk: (remaining) => this.#diskRoom(remaining, true),
      finish: (upload, room, sha256) => this.#finish(upload, room, sha256),
      finished: async (id, room) => {
        await this.settled(id);
        return ctx.finishedFile(id, room);
      },
    });
  }

  /** Resolves once the finish of upload `id` that is running (if one is) is over, well or not. */
  async settled(id: string): Promise<void> {
    await this.#finishing.get(id)?.catch(() => {});
  }

  /** Finishes an upload once, however many requests ask for it at the same time. */
  #finish(upload: Upload, room: string, sha256?: string): Promise<string> {
    let running = this.#finishing.get(upload.id);
    if (!running) {
      running = this.#ctx.finish(upload, room, sha256).finally(() => this.#finishing.delete(upload.id));
      this.#finishing.set(upload.id, running);
    }
    return running;
  }

  /**
   * Removes incomplete uploads past their expiry at `now` (in place of @tus/file-store's
   * `deleteExpired`), each under its lock. Why: the library's removed an upload under a PATCH
   * that began just before the mark and was still taking bytes: the PATCH wrote on into the
   * trashed file and, when it was the last one, its finish found no file (500). An upload that a
   * request holds (a PATCH, HEAD or DELETE in progress) or that is being finished is left for
   * the next sweep: no request is asked to let go, and a PATCH that starts after the mark is
   * refused by upload-patch.ts (410) until the upload is gone (404), {@link EXPIRY_GRACE_MS}
   * after the mark.
   * @returns how many went
   */
  async expire(now = Date.now()): Promise<number> {
    let n = 0;
    for (const id of (await this.store.configstore.list?.()) ?? []) {
      const lock = await this.#tryLock(id);
      if (!lock) continue;
      try {
        // Read with the lock held: a PATCH that let go of it just before starts its finish in
        // the microtasks after its unlock, before this read of the disk returns.
        const info = await this.store.configstore.get(id);
        const created = Date.parse(info?.creation_date ?? '');
        if (!(created + this.#ctx.expireMs + EXPIRY_GRACE_MS < now) || this.#finishing.has(id)) continue;
        await this.store.remove(id);
        n++;
      } catch (err) {
        if (err !== ERRORS.FILE_NOT_FOUND) throw err; // finished or cancelled meanwhile
      } finally {
        await lock.unlock();
      }
    }
    return n;
  }

  /**
   * Upload `id`'s lock if no request holds it (none is asked to let go), else undefined. A free
   * MemoryLocker lock is taken in the same turn as `lock()` is called: nothing comes between the
   * check and the take.
   */
  async #tryLock(id: string): Promise<Lock | undefined> {
    if (this.#locker.locks.has(id)) return undefined;
    const lock = this.#locker.newLock(id);
    await lock.lock(new AbortController().signal, async () => {});
    return lock;
  }

  /** The same room, and room on the disk for what is still to come. */
  async #check(method: string, room: string, id: string, headers: Headers): Promise<void> {
    let remaining: number;
    if (method === 'POST') {
      remaining = Number(headers.get('upload-length') ?? 0);
    } else {
      const upload = await this.store.getUpload(id);
      if (upload.metadata?.room !== room) throw refuse(404, 'There is no such upload in this room.');
      if (method !== 'PATCH') return;
      remaining = (upload.size ?? 0) - upload.offset;
    }
    const full = await this.#diskRoom(remaining, false);
    if (typeof full === 'string') throw refuse(507, full);
  }

  /**
   * Whether `remaining` more bytes leave the free-disk floor intact, counting the bytes the
   * PATCHes in progress may still write: each of those checked the disk alone, so eight
   * machines' PATCHes of a 4 GiB file, each fitting, all went on and filled the disk past
   * the floor (and the history's commits with it). `reserve` holds the bytes until released.
   * @returns why not (a 507's sentence), or the function that gives the bytes back
   */
  async #diskRoom(remaining: number, reserve: boolean): Promise<string | (() => void)> {
    const free = (await this.#ctx.blobs.freeBytes()) - this.#reserved;
    if (free - remaining < this.#ctx.minFreeBytes) {
      return `The host's disk is nearly full: it keeps ${formatBytes('en', this.#ctx.minFreeBytes)} free and has ${formatBytes('en', Math.max(0, free))}.`;
    }
    if (!reserve) return () => {};
    this.#reserved += remaining;
    let held = true;
    return () => {
      if (held) this.#reserved -= remaining;
      held = false;
    };
  }

  #metadata(upload: Upload, room: string): Record<string, string> {
    if (upload.size === undefined) throw refuse(400, 'Upload-Length is required: the host needs the size first.');
    const meta = upload.metadata ?? {};
    return {
      room,
      filename: cleanFileName(meta.filename ?? meta.name ?? ''),
      filetype: cleanMediaType(meta.filetype ?? meta.type ?? undefined),
    };
  }
}
