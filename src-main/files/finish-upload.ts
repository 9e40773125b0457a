/**
 * The last step of an upload: the bytes are hashed (streamed), an image is measured and
 * previewed, the bytes move into their content-addressed blob (or are dropped when the same
 * bytes are already stored), the file is recorded in the index, and the tus state is let go.
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
    if (await makeThumb(blobs, path, sha256)) file.thumb = thumbPath(room, id);
  } else if (INLINE_IMAGE_TYPES.has(type)) {
    // It says it is an image but is not one: it is offered for download, never shown.
    file.type = 'application/octet-stream';
  }
  await blobs.adopt(path, sha256);
  await index.put(file);
  await store.configstore.delete(upload.id);
  return id;
}

/**
 * The preview, written beside and renamed into place (another host may read it meanwhile).
 * @returns false when sharp could not make one (the client then shows the full image, scaled)
 */
async function makeThumb(blobs: BlobStore, path: string, sha256: string): Promise<boolean> {
  const out = blobs.thumbPath(sha256);
  const tmp = `${out}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeThumb(path, tmp);
    await rename(tmp, out);
    return true;
  } catch {
    await rm(tmp, { force: true });
    return false;
  }
}
