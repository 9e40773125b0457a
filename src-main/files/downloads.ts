/**
 * `GET /api/rooms/ROOM/files/ID` (and `/thumb`): the exact bytes, streamed from the blob, with
 * the headers that keep a hostile file harmless in a browser: `nosniff`, a sandboxing CSP, and
 * `attachment` for everything but the four image types shown inline.
 */
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isInlineImage } from '../../src-shared/files.ts';
import type { BlobStore } from './blob-store.ts';
import { contentDisposition } from './content-disposition.ts';
import type { StoredFile } from './file-index.ts';
import { sendText } from './http-util.ts';
import { parseRange } from './range.ts';
import { sendBytes } from './send-bytes.ts';

/** Streams a stored file (or its preview) to `res`, honouring `Range` and `If-None-Match`. */
export async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: StoredFile,
  thumb: boolean,
  blobs: BlobStore,
  extra: Record<string, string>,
): Promise<void> {
  if (thumb && !file.thumb) return sendText(res, 404, 'This file has no preview.', extra);
  const path = thumb ? blobs.thumbPath(file.sha256) : blobs.blobPath(file.sha256);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return sendText(res, 404, 'This file is no longer on the host.', extra);
  }
  const type = thumb ? 'image/webp' : file.type;
  const inline = thumb || isInlineImage(file);
  const etag = `"${file.sha256}${thumb ? '-t' : ''}"`;
  const headers: Record<string, string | number> = {
    ...extra,
    'Content-Type': type,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': 'sandbox',
    'Content-Disposition': contentDisposition(
      inline ? 'inline' : 'attachment',
      thumb ? `${file.name}.webp` : file.name,
    ),
    'Accept-Ranges': 'bytes',
    // The bytes of an id never change; `private` because a locked room's file is not for caches.
    'Cache-Control': 'private, max-age=31536000, immutable',
    ETag: etag,
    'Referrer-Policy': 'no-referrer',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    return void res.end();
  }
  const range = parseRange(req.headers.range, size);
  if (range.kind === 'unsatisfiable') {
    return sendText(res, 416, 'That range is outside the file.', { ...extra, 'Content-Range': `bytes */${size}` });
  }
  let start = 0;
  let end = size - 1;
  if (range.kind === 'partial') {
    ({ start, end } = range);
    headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  }
  headers['Content-Length'] = size === 0 ? 0 : end - start + 1;
  res.writeHead(range.kind === 'partial' ? 206 : 200, headers);
  if (req.method === 'HEAD' || size === 0) return void res.end();
  await sendBytes(res, path, start, end);
}
