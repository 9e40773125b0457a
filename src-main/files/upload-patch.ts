/**
 * tus `PATCH` on the host's own path: the Node request body goes straight to the upload's file
 * (body-writer.ts) instead of through @tus/server's web `Request`, which cost most of an upload's
 * time (docs/performance.md: the measurements). @tus/server keeps every other request (POST,
 * HEAD, OPTIONS, DELETE) and shares its lock with this path, so a PATCH, a DELETE and a second
 * PATCH of one upload never run at once.
 *
 * The tus 1.0 core rules for PATCH, as the library applies them: `Tus-Resumable` (412),
 * `Upload-Offset` equal to the upload's offset (409), `Content-Type:
 * application/offset+octet-stream` (415, the status the spec names), no body past the upload's
 * length (413), an expired upload is gone (410); a second PATCH asks the first to let go of the
 * lock, which it does after a short drain (a HEAD does so only once the PATCH has stopped
 * receiving: live-patches.ts says why). The host adds the room binding (404), the per-file
 * limit (413) and the free-disk floor (507). The checksum extension is not offered, so no 460.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hash } from 'node:crypto';
import type { Locker, Upload } from '@tus/server';
import { FILE_ID_HEADER } from '../../src-shared/files.ts';
import { formatBytes } from '../../src-shared/i18n/index.ts';
import { writeBody, type BodyResult } from './body-writer.ts';
import type { LivePatches } from './live-patches.ts';
import type { UploadHashes } from './upload-hashes.ts';
import type { UploadStore } from './upload-store.ts';
import { sendText } from './http-util.ts';

/** What a PATCH needs of the uploads service. */
export interface PatchContext {
  store: UploadStore;
  locker: Locker;
  hashes: UploadHashes;
  /** Where a HEAD learns that this PATCH is still taking bytes (live-patches.ts). */
  live: LivePatches;
  maxFileBytes: number;
  expireMs: number;
  /** How long a PATCH asked to let go of its upload's lock may go on taking bytes. */
  lockDrainMs: number;
  /**
   * Holds `remaining` bytes of the disk for this PATCH.
   * @returns the sentence of a 507 when they would break the disk floor, else the release
   */
  reserveDisk(remaining: number): Promise<string | (() => void)>;
  /** Turns the finished bytes into a file; `sha256` when this host saw every byte. */
  finish(upload: Upload, room: string, sha256: string | undefined): Promise<string>;
  /** The file upload `id` of `room` became, once a finish that runs is over; undefined if none. */
  finished(id: string, room: string): Promise<{ id: string; size: number } | undefined>;
}

/** A refusal: the status and the sentence that says why. */
class Refused {
  readonly status: number;
  readonly why: string;
  constructor(status: number, why: string) {
    this.status = status;
    this.why = why;
  }
}

const TUS = { 'Tus-Resumable': '1.0.0' };
const INTEGER = /^(0|[1-9]\d{0,15})$/;

/**
 * Answers a PATCH of upload `id` in `room` (the router checked the route, the token, the
 * per-address limits, and that `id` is an upload id: no path in it).
 */
export async function patchUpload(
  req: IncomingMessage,
  res: ServerResponse,
  at: { room: string; id: string },
  cors: Record<string, string>,
  ctx: PatchContext,
): Promise<void> {
  try {
    await patch(req, res, at, { ...cors, ...TUS }, ctx);
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    // The body was not read (or not all of it): the connection cannot carry another request.
    const close = { ...cors, ...TUS, Connection: 'close' };
    // No upload any more because it was just finished (a last PATCH sent again): its file id.
    const file = err.status === 404 || err.status === 410 ? await ctx.finished(at.id, at.room) : undefined;
    if (!file) return sendText(res, err.status, `${err.why}\n`, close);
    res.writeHead(204, {
      ...close,
      'Upload-Offset': String(file.size),
      [FILE_ID_HEADER]: file.id,
      'Cache-Control': 'no-store',
    });
    res.end();
  }
}

async function patch(
  req: IncomingMessage,
  res: ServerResponse,
  { room, id }: { room: string; id: string },
  headers: Record<string, string>,
  ctx: PatchContext,
): Promise<void> {
  const offset = checkHeaders(req);
  await uploadOf(ctx, id, room);
  const stop = new AbortController();
  const lock = ctx.locker.newLock(id);
  const gone = new AbortController();
  const onGone = () => gone.abort();
  req.once('close', onGone);
  let drain: NodeJS.Timeout | undefined;
  let release = () => {};
  try {
    await lock.lock(gone.signal, async () => {
      drain ??= setTimeout(() => stop.abort(), ctx.lockDrainMs);
    });
  } catch {
    req.off('close', onGone);
    throw new Refused(503, 'Another request is busy with this upload; try again.');
  }
  let upload: Upload;
  let result: BodyResult;
  let hash: Hash | undefined;
  const ended = ctx.live.add(id, () => req.socket.bytesRead);
  try {
    upload = await uploadOf(ctx, id, room);
    const size = upload.size!;
    if (Date.parse(upload.creation_date ?? '') + ctx.expireMs < Date.now()) {
      throw new Refused(410, 'This upload has expired; start it again.');
    }
    if (upload.offset !== offset) {
      throw new Refused(
        409,
        `The upload is at byte ${upload.offset}, not ${offset}: ask with HEAD and go on from there.`,
      );
    }
    const length = req.headers['content-length'];
    if (length !== undefined && offset + Number(length) > size) {
      throw new Refused(413, 'This request carries more bytes than the upload has left.');
    }
    const disk = await ctx.reserveDisk(size - offset);
    if (typeof disk === 'string') throw new Refused(507, disk);
    release = disk;
    hash = ctx.hashes.take(id, offset);
    const file = await open(join(ctx.store.directory, id), 'r+');
    try {
      const limit = Math.min(size - offset, length === undefined ? Infinity : Number(length));
      result = await writeBody(req, { file, at: offset, limit, hash, stop: stop.signal, freeChunks: true });
    } finally {
      await file.close();
    }
  } finally {
    release();
    ended();
    clearTimeout(drain);
    req.off('close', onGone);
    await lock.unlock();
  }
  await answer(res, { upload, result, hash, room, headers }, ctx);
}

/** The offset a PATCH starts at; @throws Refused when a tus header is missing or wrong */
function checkHeaders(req: IncomingMessage): number {
  if (req.headers['tus-resumable'] !== '1.0.0') {
    throw new Refused(412, 'This host speaks tus 1.0.0: send Tus-Resumable: 1.0.0.');
  }
  const offset = req.headers['upload-offset'];
  if (typeof offset !== 'string' || !INTEGER.test(offset)) {
    throw new Refused(400, 'Upload-Offset must be the byte the request starts at.');
  }
  if ((req.headers['content-type'] ?? '').split(';')[0]!.trim() !== 'application/offset+octet-stream') {
    throw new Refused(415, 'A PATCH carries Content-Type: application/offset+octet-stream.');
  }
  if (req.headers['upload-length'] !== undefined) {
    throw new Refused(400, 'The length of an upload is set when it is created.');
  }
  return Number(offset);
}

/** The upload, if it is one of `room`'s; @throws Refused (404, 410, 413) */
async function uploadOf(ctx: PatchContext, id: string, room: string): Promise<Upload> {
  let upload: Upload;
  try {
    upload = await ctx.store.getUpload(id);
  } catch (err) {
    const status = (err as { status_code?: number }).status_code;
    if (status === 410) throw new Refused(410, 'This upload is gone; start it again.');
    if (status === 404) throw new Refused(404, 'There is no such upload in this room.');
    throw err;
  }
  if (upload.metadata?.room !== room) throw new Refused(404, 'There is no such upload in this room.');
  if (upload.size === undefined || upload.size > ctx.maxFileBytes) {
    throw new Refused(413, `Files can be at most ${formatBytes('en', ctx.maxFileBytes)} on this host.`);
  }
  return upload;
}

/** The reply once the body is written: the new offset, and the file id after the last byte. */
async function answer(
  res: ServerResponse,
  o: { upload: Upload; result: BodyResult; hash: Hash | undefined; room: string; headers: Record<string, string> },
  ctx: PatchContext,
): Promise<void> {
  const { upload, result, hash, room, headers } = o;
  const offset = upload.offset + result.written;
  if (result.error)
    return sendText(res, 500, 'The host could not store the upload.\n', { ...headers, Connection: 'close' });
  if (hash) ctx.hashes.keep(upload.id, hash, offset);
  if (result.ended === 'cut') return; // nobody is there to answer; HEAD tells the client where it stopped
  if (result.ended === 'over') {
    return sendText(res, 413, 'This request carries more bytes than the upload has left.\n', {
      ...headers,
      Connection: 'close',
    });
  }
  const reply: Record<string, string> = { ...headers, 'Upload-Offset': String(offset), 'Cache-Control': 'no-store' };
  if (result.ended === 'stopped') reply.Connection = 'close';
  if (offset === upload.size) {
    upload.offset = offset;
    reply[FILE_ID_HEADER] = await ctx.finish(upload, room, ctx.hashes.digest(upload.id, offset));
  } else if (upload.creation_date) {
    reply['Upload-Expires'] = new Date(Date.parse(upload.creation_date) + ctx.expireMs).toUTCString();
  }
  res.writeHead(204, reply);
  res.end();
}
