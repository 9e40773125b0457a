/**
 * Writes a PATCH body from the Node request straight to the upload's file, through a few
 * buffers that are reused (across requests too), and feeds the same bytes to the upload's running
 * SHA-256 while the disk writes them.
 *
 * Why not a stream pipeline: @tus/server 2 turns the Node request into a web `Request`, so each
 * 64 KiB chunk became a new `Uint8Array`, crossed a web stream and two Node transforms, and was
 * written by its own `write` call (docs/performance.md has the measurements). Here a chunk is
 * copied once into a buffer; a full buffer is written by one `pwrite` at its offset while the next
 * fills; only one write is out at a time, so the file never has a hole (its size is the tus
 * offset) and a failed write leaves only bytes that arrived in order.
 */
import type { Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/**
 * Bytes per disk write. Smaller than one might think: on this machine a 1 GiB `dd` into the page
 * cache ran at 0.9–1.3 GB/s in 64 KiB writes and 0.2–0.5 GB/s in 1 MiB writes (the source buffer
 * no longer sits in the CPU's cache), and 256 KiB buffers did as well as 1 MiB in the files bench.
 */
export const BODY_BUFFER_BYTES = 256 * 1024;
/** Buffers per PATCH: one being written, the others filling. Memory per PATCH is bounded by them. */
const BUFFERS_PER_BODY = 4;
/** Idle buffers kept for the next PATCH (so a PATCH allocates nothing in the steady state). */
const POOL_MAX = 6;
const pool: Buffer[] = [];
/**
 * A slow client's bytes reach the disk at least this often, though no buffer filled: the upload's
 * offset (HEAD) keeps up with it, and a crash of the host loses at most this much of its time.
 */
const FLUSH_EVERY_MS = 250;
/**
 * Write-behind: once this many bytes are written the upload's file is `fdatasync`ed, beside the
 * next writes. Without it a big upload sits dirty in the page cache, and when the kernel writes it
 * back (30 s later, or past `dirty_background_ratio`) every SQLite commit's fsync queues behind
 * hundreds of MiB on the device: measured 0.35–0.6 s of chat delay after a 1 GiB upload, 0.05–0.12
 * s with write-behind (docs/performance.md).
 */
export const WRITE_BEHIND_BYTES = 4 * 1024 * 1024;
/**
 * While a sync runs, writes go on (waiting for every step cost a third to half of the upload's
 * speed); only this many unsynced bytes make them wait. It bounds what a commit can queue behind.
 */
export const WRITE_BEHIND_MAX_BYTES = 32 * 1024 * 1024;

/** How a body ended: all of it, the client went away, the caller stopped it, or it ran past its limit. */
export type BodyEnd = 'end' | 'cut' | 'stopped' | 'over';

export interface BodyResult {
  /** Bytes written after the start offset (all of them are on disk, in order). */
  written: number;
  ended: BodyEnd;
  /** A write to the disk failed: `written` counts what was written before it; the hash is spoiled. */
  error?: Error;
}

export interface BodyTarget {
  file: FileHandle;
  /** Where the first byte goes. */
  at: number;
  /** Most bytes the body may carry; the byte past it ends the body as `over`. */
  limit: number;
  /** Takes every byte that is written, in order. */
  hash?: Hash;
  /** Aborted: stop reading, write what arrived, end as `stopped`. */
  stop: AbortSignal;
  /**
   * The body's chunks are this writer's alone (Node's HTTP parser copies each one into a fresh
   * buffer that nobody else keeps): each is freed as soon as its bytes are copied. Why: left to
   * the collector, a GiB of them is memory outside the JS heap that V8 only counts, and about
   * every 24 MiB of it started a mark-compact: 41–43 in a 1 GiB upload, each stopping the event
   * loop (and the chat) for up to 19–45 ms; freed here, 0–1 (docs/performance.md).
   */
  freeChunks?: boolean;
}

/** Writes `body` to `target`; never rejects (a disk error is in the result). */
export function writeBody(body: Readable, target: BodyTarget): Promise<BodyResult> {
  return new Promise((resolve) => new BodyWriter(body, target, resolve).start());
}

class BodyWriter {
  readonly #body: Readable;
  readonly #t: BodyTarget;
  readonly #done: (r: BodyResult) => void;
  /** Buffers not in use; `#owned` counts all this body holds. */
  readonly #free: Buffer[] = [];
  #owned = 0;
  #filling: Buffer | undefined;
  #fill = 0;
  /** Full buffers waiting for the disk, in order. */
  readonly #queue: { buf: Buffer; len: number }[] = [];
  #writing = false;
  /** The part of a chunk that found no buffer yet (the body is paused meanwhile). */
  #pending: Buffer | undefined;
  /** The chunk `#pending` is part of, to free once it is copied (`freeChunks`). */
  #pendingChunk: Buffer | undefined;
  #received = 0;
  #written = 0;
  #ended: BodyEnd | undefined;
  #error: Error | undefined;
  #resolved = false;
  #flusher: NodeJS.Timeout | undefined;
  /** Bytes written since the last write-behind step began; the step on its way to the disk. */
  #unsynced = 0;
  #syncing: Promise<void> | undefined;

  constructor(body: Readable, target: BodyTarget, done: (r: BodyResult) => void) {
    this.#body = body;
    this.#t = target;
    this.#done = done;
  }

  start(): void {
    if (this.#t.stop.aborted) return this.#end('stopped');
    if (this.#body.destroyed) return this.#end('cut');
    this.#t.stop.addEventListener('abort', this.#onStop, { once: true });
    this.#body.on('data', this.#onData);
    this.#body.once('end', this.#onEnd);
    this.#body.once('close', this.#onCut);
    this.#body.once('error', this.#onCut);
    this.#flusher = setInterval(() => {
      if (this.#writing || !this.#filling || this.#fill === 0) return;
      this.#seal();
      this.#pump();
    }, FLUSH_EVERY_MS);
  }

  readonly #onData = (chunk: Buffer) => {
    const room = this.#t.limit - this.#received;
    if (chunk.length > room) {
      this.#add(chunk.subarray(0, room), chunk);
      return this.#end('over');
    }
    this.#add(chunk, chunk);
    this.#pump();
  };

  readonly #onEnd = () => this.#end('end');
  readonly #onCut = () => this.#end('cut');
  readonly #onStop = () => this.#end('stopped');

  /** Takes `bytes` (all or the start of `chunk`, the buffer the body gave). */
  #add(bytes: Buffer, chunk: Buffer): void {
    if (bytes.length === 0) return this.#release(chunk);
    this.#received += bytes.length;
    if (!this.#pending) {
      this.#pending = bytes;
      this.#pendingChunk = chunk;
      return;
    }
    this.#pending = Buffer.concat([this.#pending, bytes]);
    this.#release(this.#pendingChunk);
    this.#release(chunk);
    this.#pendingChunk = undefined;
  }

  /** Frees a chunk of the body whose bytes are copied (only with `freeChunks`, only a whole one). */
  #release(chunk: Buffer | undefined): void {
    if (!chunk || !this.#t.freeChunks) return;
    const memory = chunk.buffer;
    // Detaching gives the memory back now; a pooled buffer (shared with others) is left alone.
    if (memory instanceof ArrayBuffer && chunk.byteOffset === 0 && memory.byteLength === chunk.length) {
      (memory as Transferable).transfer(0);
    }
  }

  /** No more bytes are taken; what arrived still goes to the disk. */
  #end(how: BodyEnd): void {
    if (this.#ended !== undefined) return;
    this.#ended = how;
    this.#t.stop.removeEventListener('abort', this.#onStop);
    this.#body.off('data', this.#onData);
    this.#body.off('end', this.#onEnd);
    this.#body.off('close', this.#onCut);
    this.#body.off('error', this.#onCut);
    this.#body.pause();
    this.#pump();
  }

  /** Moves bytes along: pending → buffers → disk; pauses the body while every buffer is taken. */
  #pump(): void {
    while (this.#pending && !this.#error) {
      if (!this.#filling) {
        this.#filling = this.#buffer();
        this.#fill = 0;
        if (!this.#filling) break;
      }
      const n = this.#pending.copy(this.#filling, this.#fill);
      this.#fill += n;
      if (n < this.#pending.length) {
        this.#pending = this.#pending.subarray(n);
      } else {
        this.#pending = undefined;
        this.#release(this.#pendingChunk);
        this.#pendingChunk = undefined;
      }
      if (this.#fill === this.#filling.length) this.#seal();
    }
    if (this.#ended !== undefined && !this.#pending && this.#filling) this.#seal();
    if (this.#ended === undefined) {
      if (this.#pending) this.#body.pause();
      else this.#body.resume();
    }
    if (this.#writing) return;
    const next = this.#error ? undefined : this.#queue.shift();
    if (next) void this.#write(next);
    else if (this.#ended !== undefined && (this.#error || !this.#pending)) this.#finish();
  }

  #buffer(): Buffer | undefined {
    if (this.#free.length > 0) return this.#free.pop();
    if (this.#owned >= BUFFERS_PER_BODY) return undefined;
    this.#owned++;
    return pool.pop() ?? Buffer.allocUnsafeSlow(BODY_BUFFER_BYTES);
  }

  /** The filling buffer goes to the disk queue (an empty one back to the free list). */
  #seal(): void {
    if (this.#fill > 0) this.#queue.push({ buf: this.#filling!, len: this.#fill });
    else this.#free.push(this.#filling!);
    this.#filling = undefined;
    this.#fill = 0;
  }

  async #write(next: { buf: Buffer; len: number }): Promise<void> {
    this.#writing = true;
    const bytes = next.buf.subarray(0, next.len);
    // The write runs on libuv's threads; the hash runs here meanwhile, on the same bytes.
    const wrote = writeAll(this.#t.file, bytes, this.#t.at + this.#written);
    this.#t.hash?.update(bytes);
    try {
      await wrote;
      this.#written += next.len;
      this.#unsynced += next.len;
      if (this.#unsynced >= WRITE_BEHIND_BYTES) await this.#writeBehind();
    } catch (err) {
      this.#error ??= err instanceof Error ? err : new Error(String(err));
    }
    this.#writing = false;
    this.#free.push(next.buf);
    if (this.#error) this.#end('cut');
    this.#pump();
  }

  /** Starts syncing what is written so far, unless a sync is still running and the bound is not reached. */
  async #writeBehind(): Promise<void> {
    if (this.#syncing) {
      if (this.#unsynced < WRITE_BEHIND_MAX_BYTES) return;
      await this.#syncing;
    }
    this.#unsynced = 0;
    const syncing: Promise<void> = this.#t.file
      .datasync()
      .catch((err: unknown) => {
        this.#error ??= err instanceof Error ? err : new Error(String(err));
      })
      .finally(() => {
        if (this.#syncing === syncing) this.#syncing = undefined;
      });
    this.#syncing = syncing;
  }

  #finish(): void {
    if (this.#resolved) return;
    this.#resolved = true;
    clearInterval(this.#flusher);
    // The caller closes the file next: the last step (and its error, if any) must be in first.
    if (this.#syncing) void this.#syncing.then(() => this.#resolve());
    else this.#resolve();
  }

  #resolve(): void {
    const idle = [...this.#free, ...this.#queue.map((q) => q.buf)];
    if (this.#filling) idle.push(this.#filling);
    for (const b of idle) if (pool.length < POOL_MAX) pool.push(b);
    const result: BodyResult = { written: this.#written, ended: this.#ended! };
    if (this.#error) result.error = this.#error;
    this.#done(result);
  }
}

/** ES2024's `ArrayBuffer.prototype.transfer` (in Node 24; the project's lib is ES2023). */
type Transferable = ArrayBuffer & { transfer(length: number): ArrayBuffer };

/** `pwrite` until every byte is written (a regular file takes all at once; this is the contract). */
async function writeAll(file: FileHandle, bytes: Buffer, at: number): Promise<void> {
  for (let off = 0; off < bytes.length;) {
    const { bytesWritten } = await file.write(bytes, off, bytes.length - off, at + off);
    if (bytesWritten === 0) throw new Error('the disk took no bytes');
    off += bytesWritten;
  }
}
