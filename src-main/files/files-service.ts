/**
 * Files in rooms, the host's side: routes `/api/rooms/ROOM/uploads…` to tus (uploads.ts) and
 * `/api/rooms/ROOM/files/…` to downloads, checks tokens, gives finished files to messages,
 * and removes what no message holds (orphans after 24 h, the files of a deleted message).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FILE_ID_HEADER, FILE_LIMITS, UPLOAD_REFUSAL_HEADER } from '../../src-shared/files.ts';
import type { FileInfo } from '../../src-shared/protocol.ts';
import { BlobStore } from './blob-store.ts';
import { serveFile } from './downloads.ts';
import type { FileIndex, StoredFile } from './file-index.ts';
import { finishUpload } from './finish-upload.ts';
import { bearerToken, corsHeaders, filesRoute, sendText, type FilesRoute } from './http-util.ts';
import { Uploads } from './uploads.ts';

/** Who may do what in a room: the host's tokens and locks. */
export interface RoomAccess {
  /** Whether `token` is a live member token of `room` (welcome.token). */
  tokenValid(room: string, token: string): boolean | Promise<boolean>;
  /** Whether downloads in `room` need a token too (a password-locked or private room). */
  locked(room: string): boolean;
}

export interface FilesOptions {
  /** The files folder (shared by every host with `--redis`). */
  dir: string;
  index: FileIndex;
  /** Largest file in bytes. Default 100 MiB. */
  maxFileBytes?: number;
  /** Free disk to keep; an upload that would leave less is refused with 507. Default 1 GiB. */
  minFreeBytes?: number;
  /** A finished upload no message holds within this time is removed. Default 24 h. */
  orphanMs?: number;
  /** How often orphans and expired uploads are looked for. Default 1 h. */
  sweepEveryMs?: number;
  /** How long a PATCH asked to let go of its upload's lock may go on. Default 3 s. */
  lockDrainMs?: number;
}

/**
 * The host's per-address limits on uploads (src-main/host/limits/upload-limits.ts): called as an
 * upload request begins, with the length of the upload it creates (undefined for a PATCH).
 * @returns the function to call when the request ends, or the refusal to answer (429) with
 */
export type UploadGate = (
  req: IncomingMessage,
  newBytes: number | undefined,
) => (() => void) | { code: string; message: string; retryAfterS: number };

const SUBJECT = 'Bearer realm="lanchat"';
const PUBLIC: (keyof FileInfo)[] = ['id', 'name', 'size', 'type', 'sha256', 'width', 'height', 'thumb'];

/** The part of a stored file that messages carry. */
export function publicInfo(f: StoredFile): FileInfo {
  const out: Record<string, unknown> = {};
  for (const k of PUBLIC) if (f[k] !== undefined) out[k] = f[k];
  return out as unknown as FileInfo;
}

export class FilesService {
  readonly blobs: BlobStore;
  readonly index: FileIndex;
  readonly maxFileBytes: number;
  readonly #uploads: Uploads;
  readonly #access: RoomAccess;
  readonly #allowOrigin: (origin: string) => boolean;
  readonly #orphanMs: number;
  readonly #sweepEveryMs: number;
  readonly #log: (line: string) => void;
  readonly #gate: UploadGate | undefined;
  #sweeper: NodeJS.Timeout | undefined;

  constructor(
    o: FilesOptions,
    access: RoomAccess,
    allowOrigin: (origin: string) => boolean,
    log: (l: string) => void,
    gate?: UploadGate,
  ) {
    this.#gate = gate;
    this.blobs = new BlobStore(o.dir, log);
    this.index = o.index;
    this.maxFileBytes = o.maxFileBytes ?? FILE_LIMITS.maxFileMb * 1024 * 1024;
    this.#access = access;
    this.#allowOrigin = allowOrigin;
    this.#orphanMs = o.orphanMs ?? FILE_LIMITS.orphanMs;
    this.#sweepEveryMs = o.sweepEveryMs ?? 60 * 60 * 1000;
    this.#log = log;
    this.#uploads = new Uploads({
      blobs: this.blobs,
      maxFileBytes: this.maxFileBytes,
      minFreeBytes: o.minFreeBytes ?? FILE_LIMITS.minFreeBytes,
      expireMs: this.#orphanMs,
      ...(o.lockDrainMs === undefined ? {} : { lockDrainMs: o.lockDrainMs }),
      allowOrigin,
      finishedFile: (uploadId, room) => this.#fileOfUpload(uploadId, room),
      finish: (upload, room, sha256) =>
        finishUpload(upload, room, { blobs: this.blobs, index: this.index, store: this.#uploads.store }, sha256),
    });
  }

  async start(): Promise<void> {
    await this.blobs.open();
    this.#sweeper = setInterval(() => void this.sweep().catch(() => {}), this.#sweepEveryMs).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#sweeper);
    await this.blobs.close();
    await this.index.close();
  }

  /** Whether `path` is a files URL (this service answers it). */
  handles(path: string): boolean {
    return filesRoute(path) !== null;
  }

  /** Answers a files request. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const route = filesRoute((req.url ?? '/').split('?')[0]!);
    const cors = corsHeaders(req, this.#allowOrigin);
    if (route === null || route === 'bad') return sendText(res, 404, 'Not found', cors);
    this.#route(req, res, route, cors).catch((err: unknown) => {
      this.#log(`error files ${req.method} failed: ${String(err)}`);
      sendText(res, 500, 'The host could not handle this file request.', cors);
    });
  }

  async #route(req: IncomingMessage, res: ServerResponse, route: FilesRoute, cors: Record<string, string>) {
    if (route.kind === 'file') return this.#download(req, res, route, cors);
    if (req.method === 'OPTIONS') return void (await this.#uploads.handle(req, res));
    const token = bearerToken(req, false);
    if (!token || !(await this.#access.tokenValid(route.room, token))) {
      const why = token ? 'That token is not valid for this room (any more).' : 'Uploads need the room token.';
      return sendText(res, 401, why, { ...cors, 'WWW-Authenticate': SUBJECT, 'Tus-Resumable': '1.0.0' });
    }
    if (route.kind === 'upload' && ['HEAD', 'PATCH', 'DELETE'].includes(req.method!)) {
      // A request during the upload's finish waits for it: a repeated last PATCH or a HEAD then
      // hears the file id, and a DELETE finds no upload any more (404): the file stays.
      await this.#uploads.settled(route.uploadId);
      const file = req.method === 'DELETE' ? undefined : await this.#fileOfUpload(route.uploadId, route.room);
      if (file) return this.#finished(req, res, file, cors);
    }
    if (!this.#admit(req, res, cors)) return;
    if (route.kind === 'upload' && req.method === 'PATCH') {
      return this.#uploads.patch(req, res, { room: route.room, id: route.uploadId }, cors);
    }
    await this.#uploads.handle(req, res);
  }

  /** Creations and PATCHes pass the host's per-address limits; @returns false when refused (429) */
  #admit(req: IncomingMessage, res: ServerResponse, cors: Record<string, string>): boolean {
    if (!this.#gate || (req.method !== 'POST' && req.method !== 'PATCH')) return true;
    const length = Number(req.headers['upload-length'] ?? 0);
    const admitted = this.#gate(req, req.method === 'POST' ? (Number.isFinite(length) ? length : 0) : undefined);
    if (typeof admitted === 'function') {
      res.once('close', admitted);
      return true;
    }
    sendText(res, 429, admitted.message, {
      ...cors,
      'Tus-Resumable': '1.0.0',
      'Retry-After': String(admitted.retryAfterS),
      [UPLOAD_REFUSAL_HEADER]: admitted.code,
    });
    return false;
  }

  /** The file an upload of `room` became, if it is finished. */
  async #fileOfUpload(uploadId: string, room: string): Promise<StoredFile | undefined> {
    const fileId = await this.index.byUpload(uploadId);
    return (fileId && (await this.index.get(room, fileId))) || undefined;
  }

  /** HEAD or PATCH of an upload already turned into a file: done, here is the id. */
  #finished(req: IncomingMessage, res: ServerResponse, file: StoredFile, cors: Record<string, string>): void {
    res.writeHead(req.method === 'HEAD' ? 200 : 204, {
      ...cors,
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': String(file.size),
      'Upload-Length': String(file.size),
      [FILE_ID_HEADER]: file.id,
      'Cache-Control': 'no-store',
    });
    res.end();
  }

  async #download(
    req: IncomingMessage,
    res: ServerResponse,
    route: Extract<FilesRoute, { kind: 'file' }>,
    cors: Record<string, string>,
  ) {
    if (req.method === 'OPTIONS') {
      return sendText(res, 204, '', {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, HEAD',
        'Access-Control-Allow-Headers': 'Authorization, Range',
        'Access-Control-Max-Age': '86400',
      });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendText(res, 405, 'Files are read with GET.', { ...cors, Allow: 'GET, HEAD' });
    }
    // The token is checked before the file is looked up: a 404 would tell that a file exists.
    if (this.#access.locked(route.room)) {
      const token = bearerToken(req, true);
      if (!token || !(await this.#access.tokenValid(route.room, token))) {
        return sendText(res, 401, 'This room is locked: its files need the room token.', {
          ...cors,
          'WWW-Authenticate': SUBJECT,
        });
      }
    }
    const file = await this.index.get(route.room, route.fileId);
    if (!file) return sendText(res, 404, 'There is no such file in this room.', cors);
    await serveFile(req, res, file, route.thumb, this.blobs, cors);
  }

  /**
   * Gives finished uploads of `room` to the message `owner` (`memberId:sendId`), all or none.
   * @returns their entries for the stored message, or a sentence saying which one is refused
   */
  async attach(room: string, ids: readonly string[], owner: string): Promise<{ files: FileInfo[] } | { why: string }> {
    const result = await this.index.attach(room, ids, owner);
    if ('refused' in result) {
      return { why: `File ${result.refused} is not a finished upload of this room, or another message holds it.` };
    }
    return { files: result.files.map(publicInfo) };
  }

  /** Erases the files of the message `owner` (`memberId:sendId`): it was deleted. */
  async eraseOwner(room: string, owner: string): Promise<void> {
    const ids = await this.index.owned(room, owner);
    if (ids.length > 0) await this.erase(room, ids);
  }

  /** The message `owner` was refused by the store: its files wait to be sent again (or swept). */
  release(room: string, owner: string): Promise<void> {
    return this.index.release(room, owner);
  }

  /**
   * Removes files from the index and their bytes from disk (a delete erases), each alone on its
   * blob: the same bytes being finished as another file meanwhile keep them (blobs.exclusive).
   */
  async erase(room: string, ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const file = await this.index.get(room, id);
      if (!file) continue;
      await this.blobs.exclusive(file.sha256, async () => {
        for (const sha of await this.index.remove(room, [id])) await this.blobs.remove(sha);
      });
    }
  }

  /**
   * Removes finished uploads that no message took within the orphan time, and incomplete
   * uploads as old. @returns how many files and uploads went
   */
  async sweep(now = Date.now()): Promise<number> {
    let n = 0;
    for (let batch = await this.index.orphans(now - this.#orphanMs); batch.length > 0;) {
      for (const f of batch) await this.erase(f.room, [f.id]);
      n += batch.length;
      batch = batch.length < 1000 ? [] : await this.index.orphans(now - this.#orphanMs);
    }
    n += await this.#uploads.expire(now);
    if (n > 0) this.#log(`files swept=${n}`);
    return n;
  }
}
