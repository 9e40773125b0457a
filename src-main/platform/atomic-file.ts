/**
 * Files replaced atomically: the new content goes to a temporary file in the same folder, is
 * synced to the disk, then renamed over the old one. A crash or power cut at any moment leaves
 * either the old file or the new one, never half of each.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes `data` to `file` atomically (creating its folder). */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

/** Makes the rename itself durable where the platform allows opening a folder (not Windows). */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The file's parsed JSON; `undefined` when it does not exist; `corrupt` when it is not JSON. */
export async function readJson(file: string): Promise<{ value: unknown } | undefined | 'corrupt'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return 'corrupt';
  }
}

/**
 * Serializes the writes of one file and coalesces bursts: while a write runs, further requests
 * only replace the pending content, so ten quick changes cost at most two writes.
 */
export class AtomicJsonFile {
  readonly path: string;
  #pending: string | undefined;
  #running: Promise<void> | undefined;

  constructor(path: string) {
    this.path = path;
  }

  /** Queues `value` to be written; resolves when it (or a later value) is on the disk. */
  write(value: unknown): Promise<void> {
    this.#pending = `${JSON.stringify(value, null, 2)}\n`;
    this.#running ??= this.#drain();
    return this.#running;
  }

  /** Resolves when every queued write is done. */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending !== undefined) {
        const data = this.#pending;
        this.#pending = undefined;
        await writeFileAtomic(this.path, data);
      }
    } finally {
      // Cleared in the same turn as the last check of #pending, so no write can slip between.
      this.#running = undefined;
    }
  }
}
