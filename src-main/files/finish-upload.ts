/**
 * The last step of an upload: the bytes are hashed (streamed), an image is measured, the bytes
 * move into their content-addressed blob (or are dropped when the same bytes are already
 * stored), an image's preview is made from the blob, the file is recorded in the index, and
 * the tus state is let go.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import type { Upload } from '@tus/server';
import type { FileStore } from '@tus/file-store';
import { INLINE_IMAGE_TYPES, thumbPath } from '../../src-shared/files.ts';
import type { BlobStore } from './blob-store.ts';
import type { FileIndex, StoredFile } from './file-index.ts';
import { probeImage, writeThumb } from './previews.ts';

/** A new file id: `f-` and 128 random bits. */
export const newFileId = () => `f-${randomBytes(16).toString('base64url')}`;

/** Only names that say "image" are worth a decode attempt; anything else skips sharp. */
const mayBeImage = (type: string, name: string) => type.startsWith('image/') || /\.(png|jpe?g|gif|webp)$/i.test(name);

/**
 * Finishes `upload` as a file of `room`; `known` is its SHA-256 when the PATCHes that wrote it
 * hashed every byte (upload-hashes.ts), else the file is read again to hash it.
 * @returns the new file id
 */
export async function finishUpload(
  upload: Upload,
  room: string,
  deps: { blobs: BlobStore; index: FileIndex; store: FileStore },
  known?: string,
): Promise<string> {
  const { blobs, index, store } = deps;
  const path = upload.storage?.path ?? `${blobs.uploadsDir}/${upload.id}`;
  const name = upload.metadata?.filename ?? 'file';
  const type = upload.metadata?.filetype ?? 'application/octet-stream';
  const sha256 = known ?? (await blobs.hash(path));
  const id = newFileId();
  const file: StoredFile = {
    id,
    name,
    size: (await stat(path)).size,
    type,
    sha256,
    room,
    uploadId: upload.id,
    createdAt: Date.now(),
  };
  const image = mayBeImage(type, name) ? await probeImage(path) : undefined;
  if (image) {
    Object.assign(file, { type: image.type, width: image.width, height: image.height });
  } else if (INLINE_IMAGE_TYPES.has(type)) {
    // It says it is an image but is not one: it is offered for download, never shown.
    file.type = 'application/octet-stream';
  }
  // The bytes become the blob before a preview is made of them: a preview made first stayed
  // for good when the move failed (a DELETE of the upload meanwhile), since nothing sweeps
  // previews whose blob is not there.
  // From seeing the blob to recording this file as one of its users, alone on that blob: an
  // erase of its last other file in between removed the bytes this file relies on.
  await blobs.exclusive(sha256, async () => {
    await blobs.adopt(path, sha256);
    if (image && (await makeThumb(blobs, sha256))) file.thumb = thumbPath(room, id);
    await index.put(file);
  });
  await store.configstore.delete(upload.id);
  return id;
}

/**
 * The preview, written beside and renamed into place (another host may read it meanwhile).
 * @returns false when sharp could not make one (the client then shows the full image, scaled)
 */
async function makeThumb(blobs: BlobStore, sha256: string): Promise<boolean> {
  if (await blobs.hasThumb(sha256)) return true; // the same bytes sent again
  const out = blobs.thumbPath(sha256);
  const tmp = `${out}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeThumb(blobs.blobPath(sha256), tmp);
    await rename(tmp, out);
    return true;
  } catch {
    await rm(tmp, { force: true });
    return false;
  }
}
