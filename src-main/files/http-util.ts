/**
 * Small HTTP pieces the files endpoints share: the route of a request, its bearer token, the
 * CORS answer for the origins the host trusts, and plain-text replies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOM_ID_PATTERN } from '../../src-shared/protocol.ts';
import { FILE_ID_HEADER, FILE_ID_PATTERN, UPLOAD_REFUSAL_HEADER } from '../../src-shared/files.ts';

/** Upload ids the host makes: 22 characters of base64url. */
export const UPLOAD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export type FilesRoute =
  | { kind: 'uploads'; room: string }
  | { kind: 'upload'; room: string; uploadId: string }
  | { kind: 'file'; room: string; fileId: string; thumb: boolean };

const ROUTE = /^\/api\/rooms\/([^/]+)\/(uploads|files)(?:\/([^/]+)(\/thumb)?)?\/?$/;

/**
 * The files route of a path, null when the path is not one, `bad` when it is under
 * `/api/rooms/` but names no valid room, upload or file (→ 404).
 */
export function filesRoute(path: string): FilesRoute | 'bad' | null {
  if (!path.startsWith('/api/rooms/')) return null;
  const m = ROUTE.exec(path);
  if (!m) return 'bad';
  let room: string;
  try {
    room = decodeURIComponent(m[1]!);
  } catch {
    return 'bad';
  }
  if (!ROOM_ID_PATTERN.test(room)) return 'bad';
  const [, , what, id, thumb] = m;
  if (what === 'uploads') {
    if (thumb) return 'bad';
    if (id === undefined) return { kind: 'uploads', room };
    return UPLOAD_ID_PATTERN.test(id) ? { kind: 'upload', room, uploadId: id } : 'bad';
  }
  if (id === undefined || !FILE_ID_PATTERN.test(id)) return 'bad';
  return { kind: 'file', room, fileId: id, thumb: thumb !== undefined };
}

/** The token of `Authorization: Bearer …`, or of `?token=` when `query` allows it. */
export function bearerToken(req: IncomingMessage, query: boolean): string | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer +([\x21-\x7e]{1,512})$/i.exec(auth.trim());
    return m?.[1];
  }
  if (!query) return undefined;
  const q = (req.url ?? '').split('?')[1];
  const token = q ? new URLSearchParams(q).get('token') : null;
  return token && token.length <= 512 ? token : undefined;
}

/** The headers a browser needs to read a reply from a trusted other origin (never `*`). */
export const EXPOSED_HEADERS = [
  'Location',
  'Upload-Offset',
  'Upload-Length',
  'Tus-Resumable',
  'Retry-After',
  FILE_ID_HEADER,
  UPLOAD_REFUSAL_HEADER,
];

/** CORS headers for the request's origin when `allowed`, none otherwise. */
export function corsHeaders(req: IncomingMessage, allowed: (origin: string) => boolean): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || !allowed(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': [
      ...EXPOSED_HEADERS,
      'Content-Length',
      'Content-Range',
      'Content-Disposition',
    ].join(', '),
    Vary: 'Origin',
  };
}

/** A short plain-text reply (errors say what is wrong in words). */
export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
