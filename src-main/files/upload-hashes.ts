/**
 * The running SHA-256 of uploads in progress, so that the last byte of an upload does not start
 * a second pass over the whole file: each PATCH feeds the bytes it writes to its upload's hash,
 * and the file is hashed again from disk only when this host did not see every byte (it was
 * restarted, another host took part of the upload, or a disk write failed). Held in memory only,
 * a bounded number of them: losing one costs a re-read, never a wrong hash.
 */
import { createHash, type Hash } from 'node:crypto';

/** Uploads whose hash is kept (each is ~0.5 KiB); past it the oldest is dropped. */
const MAX_KEPT = 1000;

export class UploadHashes {
  readonly #kept = new Map<string, { hash: Hash; offset: number }>();

  /**
   * The hash to feed a PATCH of `id` starting at `offset` (taken out of the map: the upload's
   * lock gives it to one PATCH at a time). @returns undefined when it does not cover the bytes
   * before `offset`
   */
  take(id: string, offset: number): Hash | undefined {
    const kept = this.#kept.get(id);
    this.#kept.delete(id);
    if (kept?.offset === offset) return kept.hash;
    return offset === 0 ? createHash('sha256') : undefined;
  }

  /** Keeps `hash`, which has taken exactly the first `offset` bytes of upload `id`. */
  keep(id: string, hash: Hash, offset: number): void {
    if (this.#kept.size >= MAX_KEPT) this.#kept.delete(this.#kept.keys().next().value!);
    this.#kept.set(id, { hash, offset });
  }

  /** @returns the hex digest when the kept hash covers exactly `size` bytes (and forgets it) */
  digest(id: string, size: number): string | undefined {
    const kept = this.#kept.get(id);
    this.#kept.delete(id);
    return kept?.offset === size ? kept.hash.digest('hex') : undefined;
  }
}
