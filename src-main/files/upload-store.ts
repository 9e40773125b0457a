/**
 * The tus disk store (`@tus/file-store`) with two changes: how a body reaches the disk, and how
 * an upload's bytes leave it (through the trash, a slice at a time: trash.ts says why).
 *
 * Why: the library writes through `fs.createWriteStream` with Node's default 16 KiB buffer. A
 * request body arrives in 64 KiB chunks, so every chunk fills that buffer and waits for its own
 * write to come back from libuv's threads before the next one is read from the socket: one disk
 * round trip per 64 KiB, one at a time. A 1 GiB upload spent more than half of its time idle
 * (CPU profile) and ran at a tenth of nginx's speed on a busy machine. With a few MiB of buffer
 * the chunks that arrive while a write is out are written together by the next `writev`, so
 * the socket and the disk both keep moving. Everything else (offsets, errors, the JSON state
 * beside each upload, expiry) is the library's own.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { ERRORS } from '@tus/utils';
import type { Trash } from './trash.ts';

/** How many bytes may wait for the disk per upload: memory per upload stays bounded by it. */
const WRITE_BUFFER = 4 * 1024 * 1024;

export class UploadStore extends FileStore {
  readonly #trash: Trash;

  constructor(options: ConstructorParameters<typeof FileStore>[0], trash: Trash) {
    super(options);
    this.#trash = trash;
  }

  /** Removes an upload (tus DELETE, expiry): its bytes through the trash, then its state. */
  override async remove(id: string): Promise<void> {
    if (!(await this.#trash.discard(join(this.directory, id)))) throw ERRORS.FILE_NOT_FOUND;
    await this.configstore.delete(id);
  }

  /**
   * Appends the body at `offset` (`id` matched UPLOAD_ID_PATTERN in the router: no path in it).
   * @returns the new offset
   */
  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const file = createWriteStream(join(this.directory, id), {
      flags: 'r+',
      start: offset,
      highWaterMark: WRITE_BUFFER,
    });
    try {
      await pipeline(readable, file);
    } catch {
      // As the library does: the bytes already on disk count, tus's HEAD reports them.
      throw ERRORS.FILE_WRITE_ERROR;
    }
    return offset + file.bytesWritten;
  }
}
