/**
 * Files in the UI, the pure parts: where a room's files are on its host, what icon a file gets,
 * and the words for an upload that failed.
 */
import { hostForUrl, type RoomAddress } from '../../src-shared/address.ts';
import { filePath, uploadsPath } from '../../src-shared/files.ts';
import type { FileInfo } from '../../src-shared/protocol.ts';
import { t } from '../state/i18n.svelte.ts';

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

/**
 * Why an upload failed, in the UI's language, from the host's HTTP status or from a network
 * failure. The host's own (English) sentence is quoted only for a status without a sentence here.
 */
export function uploadFailure(status: number | undefined, body: string | undefined, refusal?: string | null): string {
  const said = body?.trim();
  if (status === 429) return t(refusal === 'upload_quota' ? 'files.hostQuota' : 'files.hostBusy');
  if (status === 413) return t('files.hostTooBig');
  if (status === 507) return t('files.hostDiskFull');
  if (status === 401) return t('files.hostRejoin');
  if (status === 404 || status === 410) return t('files.hostForgot');
  if (status !== undefined && status >= 400 && said) return t('files.hostSaid', { message: said });
  return t('files.unreachable');
}

export { uploadRetryable as retryable } from '../../src-shared/files.ts';
