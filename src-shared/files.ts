/**
 * Files in a room (protocol 1.1 `files`): the limits, file ids, the URLs of uploads and
 * downloads, and the one name cleaner that both the host and clients use. Pure: no Node, no DOM.
 */
import type { FileInfo } from './protocol.ts';

export const FILE_LIMITS = Object.freeze({
  /** Files one message may carry. */
  perMessage: 10,
  /** Default largest file, in MiB (`--max-file-mb`). */
  maxFileMb: 100,
  /** Default free disk the host keeps, in bytes: an upload that would leave less gets 507. */
  minFreeBytes: 1024 ** 3,
  /** Characters kept of a file name (UTF-16 units, never splitting a pair). */
  maxNameChars: 200,
  /** Characters of a media type. */
  maxTypeChars: 127,
  /** A finished upload that no message holds within this time is removed. */
  orphanMs: 24 * 60 * 60 * 1000,
});

/** `f-` and 22 characters of base64url (128 random bits). */
export const FILE_ID_PATTERN = /^f-[A-Za-z0-9_-]{22}$/;

/** The only images shown inline and previewed; everything else downloads as an attachment. */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** The header that carries a finished upload's file id. */
export const FILE_ID_HEADER = 'Lanchat-File-Id';

/**
 * The header of a refused upload request (429) that says why: `too_many_uploads` (this computer
 * has as many in progress as the host allows: wait and go on) or `upload_quota` (it has sent as
 * many bytes as it may this hour).
 */
export const UPLOAD_REFUSAL_HEADER = 'Lanchat-Refusal';

/**
 * Whether a failed upload request is worth retrying after a pause: the host is down, busy or
 * restarting (no answer, 5xx but a full disk), a 401 before the client has rejoined with a fresh
 * token, a tus offset conflict or lock, or this computer has as many uploads in progress as the
 * host allows (429 `too_many_uploads`; not `upload_quota`, which lasts up to an hour).
 */
export function uploadRetryable(status: number | undefined, refusal?: string | null): boolean {
  if (status === 429) return refusal === 'too_many_uploads';
  return (
    status === undefined ||
    status === 0 ||
    status === 401 ||
    status === 409 ||
    status === 423 ||
    (status >= 500 && status !== 507)
  );
}

/**
 * Control characters, every bidi control (the overrides and isolates, and the marks LRM, RLM and
 * ALM, which reorder a name as well), zero-width space, BOM and the line and paragraph
 * separators: a name made of them alone showed as nothing, or broke the line it was in. The
 * zero-width joiners stay: emoji sequences and Persian or Indic words need them.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/gu;
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/;

/**
 * A file name safe to store, show and offer for download: the last path segment (`/` and `\`
 * both separate), no control, bidi or invisible characters (but the joiners), no leading dots, trimmed, at most
 * {@link FILE_LIMITS.maxNameChars}; `file` when nothing is left.
 */
export function cleanFileName(raw: string): string {
  const last = raw.split(/[/\\]/).pop() ?? '';
  let name = last.replace(CONTROL, '').trim().replace(/^\.+/, '').trim();
  if (name.length > FILE_LIMITS.maxNameChars) {
    name = name.slice(0, FILE_LIMITS.maxNameChars);
    if (/[\ud800-\udbff]$/.test(name)) name = name.slice(0, -1);
  }
  return name === '' ? 'file' : name;
}

/** A media type as the host stores it: lower case `type/subtype`, else `application/octet-stream`. */
export function cleanMediaType(raw: string | undefined): string {
  const t = (raw ?? '').split(';')[0]!.trim().toLowerCase();
  return MEDIA_TYPE.test(t) ? t : 'application/octet-stream';
}

/** Path of a room's tus endpoint. */
export function uploadsPath(room: string): string {
  return `/api/rooms/${encodeURIComponent(room)}/uploads`;
}

/** Path of a file's bytes in its room. */
export function filePath(room: string, fileId: string): string {
  return `/api/rooms/${encodeURIComponent(room)}/files/${fileId}`;
}

/** Path of an image's small preview. */
export function thumbPath(room: string, fileId: string): string {
  return `${filePath(room, fileId)}/thumb`;
}

/** Whether a file is an image a client may show inline. */
export function isInlineImage(file: Pick<FileInfo, 'type'>): boolean {
  return INLINE_IMAGE_TYPES.has(file.type);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isDim = (v: unknown) => v === undefined || (Number.isSafeInteger(v) && (v as number) > 0);

/** Whether a value is a well-formed file entry of a stored message (clients check what hosts send). */
export function isFileInfo(v: unknown): v is FileInfo {
  return (
    isObj(v) &&
    typeof v.id === 'string' &&
    FILE_ID_PATTERN.test(v.id) &&
    typeof v.name === 'string' &&
    Number.isSafeInteger(v.size) &&
    (v.size as number) >= 0 &&
    typeof v.type === 'string' &&
    typeof v.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(v.sha256) &&
    isDim(v.width) &&
    isDim(v.height) &&
    (v.thumb === undefined || (typeof v.thumb === 'string' && v.thumb.startsWith('/api/rooms/')))
  );
}
