/**
 * Files in the UI, the pure parts: where a room's files are on its host, what icon a file gets,
 * and the words for an upload that failed.
 */
import { hostForUrl, type RoomAddress } from '../../src-shared/address.ts';
import { filePath, formatBytes, uploadsPath } from '../../src-shared/files.ts';
import type { FileInfo } from '../../src-shared/protocol.ts';

/** The host's HTTP origin for a room address. */
export function hostOrigin(a: RoomAddress): string {
  return `${a.secure ? 'https' : 'http'}://${hostForUrl(a.host)}:${a.port}`;
}

/** The tus endpoint of a room. */
export function uploadsUrl(a: RoomAddress): string {
  return hostOrigin(a) + uploadsPath(a.room);
}

/**
 * The URL of a file (or of a host-relative path such as `thumb`). An `<img>` or a download link
 * cannot send a header, so a token goes in the query (the host accepts `?token=` for downloads).
 */
export function fileUrl(a: RoomAddress, pathOrFile: string | FileInfo, token: string | undefined): string {
  const path = typeof pathOrFile === 'string' ? pathOrFile : filePath(a.room, pathOrFile.id);
  return hostOrigin(a) + path + (token ? `?token=${encodeURIComponent(token)}` : '');
}

export type FileKind = 'image' | 'video' | 'audio' | 'pdf' | 'archive' | 'text' | 'file';

/** A broad kind, for the card's icon. */
export function fileKind(type: string, name: string): FileKind {
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type === 'application/pdf' || /\.pdf$/i.test(name)) return 'pdf';
  if (/zip|tar|gzip|x-7z|rar|compressed/.test(type) || /\.(zip|tar|gz|tgz|7z|rar|xz)$/i.test(name)) return 'archive';
  if (type.startsWith('text/') || /json|xml|javascript/.test(type)) return 'text';
  return 'file';
}

/** `report.pdf · 1.4 MB` */
export function fileLine(f: { name: string; size: number }): string {
  return `${f.name} · ${formatBytes(f.size)}`;
}

/**
 * Why an upload failed, in words, from the host's HTTP status (its own sentence when it gave
 * one) or from a network failure.
 */
export function uploadFailure(status: number | undefined, body: string | undefined): string {
  const said = body?.trim();
  if (status === 413) return said || 'The file is larger than this host accepts.';
  if (status === 507) return said || 'The host’s disk is full.';
  if (status === 401) return 'The host did not accept this upload: rejoin the room and try again.';
  if (status === 404 || status === 410) return 'The host no longer has this upload; send the file again.';
  if (status !== undefined && status >= 400 && said) return said;
  return 'The host could not be reached.';
}

/** Whether an HTTP status is worth retrying after a pause (the host is down, busy or restarting). */
export function retryable(status: number | undefined): boolean {
  return (
    status === undefined ||
    status === 0 ||
    status === 401 ||
    status === 409 ||
    status === 423 ||
    (status >= 500 && status !== 507)
  );
}
