/**
 * The PATCHes this host is taking bytes for, so that a HEAD does not stop one that is still
 * receiving.
 *
 * Why: tus's HEAD takes the upload's lock, and a lock asked for makes the PATCH holding it stop
 * after its drain (upload-patch.ts). For a PATCH whose client is gone that is right: the client
 * asks HEAD before it resumes, and must hear the offset after the last bytes are written. But a
 * PATCH whose client is still sending can only be stopped by closing its connection mid-body,
 * and a browser then hides the `204` it was sent (Chromium lets only 1xx/4xx/5xx replies through
 * after an upload error) and, on a reused connection, sends the same PATCH again from its old
 * offset: a `409` in the page's console, and a retry (seen in e2e/upload-resume.spec.ts, whose
 * HEADs polled the offset of a live upload). So a HEAD first watches the PATCH for a moment: if
 * bytes keep coming it answers beside it (the file's size is what the PATCH has written, in
 * order, so the offset it reads is true); if the PATCH ends or goes quiet it takes the lock as
 * before.
 */
import type { Lock, Locker, RequestRelease } from '@tus/server';

/** How long a HEAD watches a PATCH of its upload before it decides whether the PATCH is alive. */
export const LIVE_WATCH_MS = 1000;

interface Live {
  /** Bytes the PATCH's connection has read so far. */
  bytesRead(): number;
  ended: Promise<void>;
}

/** This host's PATCHes that hold their upload's lock, by upload id (the lock is per host too). */
export class LivePatches {
  readonly #live = new Map<string, Live>();

  /**
   * Marks upload `id` as written by a PATCH (which holds its lock) until the returned function
   * is called.
   */
  add(id: string, bytesRead: () => number): () => void {
    let end!: () => void;
    const live: Live = { bytesRead, ended: new Promise<void>((resolve) => (end = resolve)) };
    this.#live.set(id, live);
    return () => {
      if (this.#live.get(id) === live) this.#live.delete(id);
      end();
    };
  }

  /** Whether a PATCH of `id` is running and took bytes in the next moment (waits that moment). */
  async receiving(id: string): Promise<boolean> {
    const live = this.#live.get(id);
    if (!live) return false;
    const before = live.bytesRead();
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      live.ended.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), LIVE_WATCH_MS))),
    ]);
    clearTimeout(timer);
    return !ended && this.#live.get(id) === live && live.bytesRead() > before;
  }

  /** The locker for tus's HEAD: `real`'s lock, unless a PATCH is receiving (then no lock). */
  headLocker(real: Locker): Locker {
    return { newLock: (id) => new HeadLock(id, real, this) };
  }
}

class HeadLock implements Lock {
  readonly #id: string;
  readonly #real: Locker;
  readonly #live: LivePatches;
  #held: Lock | undefined;

  constructor(id: string, real: Locker, live: LivePatches) {
    this.#id = id;
    this.#real = real;
    this.#live = live;
  }

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    if (await this.#live.receiving(this.#id)) return;
    const lock = this.#real.newLock(this.#id);
    await lock.lock(signal, requestRelease);
    this.#held = lock;
  }

  async unlock(): Promise<void> {
    const held = this.#held;
    this.#held = undefined;
    await held?.unlock();
  }
}
