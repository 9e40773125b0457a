/**
 * Big files leave the disk a slice at a time, behind the caller's back.
 *
 * Why: unlinking a 1 GiB file on ext4 frees all of its extents (and, mounted with `discard`,
 * trims them) in one journal commit, and every chat commit's fsync on the same disk waits for
 * that commit: dropping a duplicate 1 GiB upload held the chat's messages for 73–122 ms. Cut
 * down in 16 MiB slices with a pause between them, no fsync beside it waited more than ~4 ms
 * (docs/performance.md, "Files").
 *
 * A file is first renamed into `trash/` (atomic and instant, on a network mount too), so the
 * caller never waits for the slicing, and a host stopped half-way finishes what it finds there
 * at its next start. Several hosts sharing the folder may work on one file at once: a truncate
 * to a smaller size and an unlink of a file already gone are both harmless.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, stat, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes freed per step. */
export const TRASH_SLICE_BYTES = 16 * 1024 * 1024;
/** Pause between two steps, so that the journal commits each slice on its own. */
const TRASH_PAUSE_MS = 5;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isGone = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

export interface TrashOptions {
  /** Bytes freed per step (tests make it small). Default {@link TRASH_SLICE_BYTES}. */
  sliceBytes?: number;
  /** Pause between steps. Default 5 ms. */
  pauseMs?: number;
}

export class Trash {
  readonly dir: string;
  readonly #log: (line: string) => void;
  readonly #slice: number;
  readonly #pauseMs: number;
  #draining: Promise<void> | undefined;
  /** Set while a file arrived during a drain: the drain looks again before it ends. */
  #again = false;
  #stopped = false;

  /** `dir` is the trash folder (inside the files folder: a rename into it never copies). */
  constructor(dir: string, log: (line: string) => void = () => {}, o: TrashOptions = {}) {
    this.dir = dir;
    this.#log = log;
    this.#slice = o.sliceBytes ?? TRASH_SLICE_BYTES;
    this.#pauseMs = o.pauseMs ?? TRASH_PAUSE_MS;
  }

  /** Creates the folder and empties what a previous run left in it. */
  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.#stopped = false;
    this.#kick();
  }

  /** Stops after the current step; what is left goes at the next `open`. */
  async close(): Promise<void> {
    this.#stopped = true;
    await this.#draining;
  }

  /**
   * Takes `path` off its name now and frees its bytes in the background.
   * @returns false when there was no such file
   */
  async discard(path: string): Promise<boolean> {
    // ENOENT also when the trash folder itself is gone (emptied by hand, a shared folder
    // remounted): taken for "no such file", an erased file's bytes stayed on disk for good. So
    // the folder is made again and the move tried once more; ENOENT then means the file.
    for (let tries = 1; ; tries++) {
      try {
        await rename(path, join(this.dir, `${Date.now()}-${randomBytes(6).toString('hex')}`));
        break;
      } catch (err) {
        if (!isGone(err)) throw err;
        if (tries === 2) return false;
        await mkdir(this.dir, { recursive: true });
      }
    }
    this.#kick();
    return true;
  }

  /** Resolves once the trash is empty (or the trash was closed). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  #kick(): void {
    this.#again = true;
    if (this.#draining || this.#stopped) return;
    this.#draining = this.#drain().finally(() => (this.#draining = undefined));
  }

  async #drain(): Promise<void> {
    while (this.#again && !this.#stopped) {
      this.#again = false;
      let names: string[];
      try {
        names = await readdir(this.dir);
      } catch (err) {
        return this.#log(`files trash unreadable: ${(err as Error).message}`);
      }
      for (const name of names) {
        if (this.#stopped) return;
        try {
          await this.#shred(join(this.dir, name));
        } catch (err) {
          if (!isGone(err)) this.#log(`files trash could not remove ${name}: ${(err as Error).message}`);
        }
      }
    }
  }

  /** Cuts a file down slice by slice from its end, then unlinks it. */
  async #shred(path: string): Promise<void> {
    for (let size = (await stat(path)).size; size > this.#slice;) {
      if (this.#stopped) return;
      size -= this.#slice;
      await truncate(path, size);
      await sleep(this.#pauseMs);
    }
    await unlink(path);
  }
}
