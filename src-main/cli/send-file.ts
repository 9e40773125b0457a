/**
 * The terminal client's files: `/send-file PATH` uploads over tus (tus-js-client, which reads the
 * file in slices from disk and resumes after a drop) with a progress line, then sends the
 * message; and the way a message's files are printed (name, size, URL).
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { DefaultHttpStack, Upload, type DetailedError } from 'tus-js-client';
import type { ChatClient } from '../../src-shared/client/index.ts';
import {
  FILE_ID_HEADER,
  UPLOAD_REFUSAL_HEADER,
  filePath,
  uploadRetryable,
  uploadsPath,
} from '../../src-shared/files.ts';
import { formatBytes, formatPercent, translator, type Locale } from '../../src-shared/i18n/index.ts';
import type { FileInfo } from '../../src-shared/protocol.ts';

/** The host's HTTP origin and the room, from the client's socket URL. */
function roomHttp(client: ChatClient): { origin: string; room: string } {
  const url = new URL(client.url);
  const room = decodeURIComponent(url.pathname.replace(/^\/room\//, '').replace(/\/$/, ''));
  return { origin: `${url.protocol === 'wss:' ? 'https' : 'http'}://${url.host}`, room };
}

/** The lines printed under a message for its files: `  [file] name (size) URL`. */
export function fileLines(client: ChatClient, files: readonly FileInfo[] | undefined, locale: Locale): string[] {
  if (!files) return [];
  const { origin, room } = roomHttp(client);
  return files.map((f) => `  [file] ${f.name} (${formatBytes(locale, f.size)}) ${origin}${filePath(room, f.id)}`);
}

/**
 * Uploads `path` to the client's room and sends it with `caption`. Progress goes to `progress`
 * (one line, rewritten in a terminal), in `locale`. On an encrypted session `createConnection` is
 * the session's pinned TLS connector, so the bytes go over https to the same checked key only.
 * @returns why it failed, or undefined once the message is queued
 */
export function sendFile(
  client: ChatClient,
  path: string,
  caption: string,
  progress: (line: string, done: boolean) => void,
  locale: Locale,
  createConnection?: unknown,
): Promise<string | undefined> {
  const t = translator(locale);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return Promise.resolve(t('files.notAFile', { path }));
    size = st.size;
  } catch {
    return Promise.resolve(t('files.unreadable', { path }));
  }
  const { origin, room } = roomHttp(client);
  const name = basename(path);
  return new Promise((resolve) => {
    let fileId: string | undefined;
    const upload = new Upload(createReadStream(path), {
      endpoint: origin + uploadsPath(room),
      uploadSize: size,
      ...(createConnection ? { httpStack: new DefaultHttpStack({ createConnection }) } : {}),
      metadata: { filename: name, filetype: 'application/octet-stream' },
      retryDelays: [0, 1000, 3000, 5000, 10_000, 20_000, 30_000, 30_000, 30_000, 30_000],
      onBeforeRequest: (req) => {
        const token = client.welcome?.token;
        if (token) req.setHeader('Authorization', `Bearer ${token}`);
      },
      // A 401 after a host restart passes once the client has rejoined with a fresh token.
      onShouldRetry: (err) =>
        uploadRetryable(err.originalResponse?.getStatus() ?? 0, err.originalResponse?.getHeader(UPLOAD_REFUSAL_HEADER)),
      onAfterResponse: (_req, res) => {
        fileId = res.getHeader(FILE_ID_HEADER) ?? fileId;
      },
      onProgress: (sent, total) =>
        progress(
          t('files.nameProgress', {
            name,
            sent: formatBytes(locale, sent),
            size: formatBytes(locale, total),
            percent: formatPercent(locale, total === 0 ? 1 : sent / total),
          }),
          false,
        ),
      onError: (err) => {
        const res = (err as DetailedError).originalResponse;
        progress(t('files.nameFailed', { name }), true);
        resolve(res?.getBody()?.trim() || (err as Error).message);
      },
      onSuccess: () => {
        progress(t('files.sent', { name, size: formatBytes(locale, size) }), true);
        if (!fileId) return resolve(t('files.noFileId'));
        client.send(caption, { files: [fileId] });
        resolve(undefined);
      },
    });
    // The upload needs the room's token: it starts once the client has joined.
    if (client.welcome) return upload.start();
    const off = client.on('open', () => {
      off();
      upload.start();
    });
  });
}
