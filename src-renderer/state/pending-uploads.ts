/**
 * Uploads that have not finished, kept in the window's IndexedDB with their bytes, so that files
 * sent just before the app was quit (or the page reloaded) still go when it starts again: each
 * upload resumes from where the host has it (tus HEAD on the kept upload URL), and the message
 * follows once every file is in. IndexedDB holds `Blob`s without reading them into memory, and
 * it persists in the desktop window (the app:// scheme's storage is kept) as in a browser.
 *
 * A record is written when a batch is sent, updated when an upload gets its URL or its file id,
 * and removed just before its message goes to the outbox (which keeps the message from then on).
 */

/** One file of a kept batch. */
export interface PendingItem {
  key: string;
  name: string;
  size: number;
  type: string;
  blob: Blob;
  /** The tus upload URL, once the host created it. */
  url?: string;
  /** The host's file id, once the upload finished. */
  fileId?: string;
}

/** One message's files and caption, kept until the message is handed to the outbox. */
export interface PendingBatch {
  key: string;
  /** The room's address (the outbox's key too). */
  room: string;
  caption: string;
  items: PendingItem[];
  createdAt: number;
}

const DB = 'lanchat-uploads';
const STORE = 'batches';
/** Batches older than this are not resumed (the host drops unfinished uploads after a day). */
const KEEP_MS = 24 * 60 * 60 * 1000;

/** The kept batches, or a store that keeps nothing where IndexedDB is missing or refused. */
export class PendingUploads {
  #db: Promise<IDBDatabase | null> | undefined;
  /** Changes run one after another: an update reads, then writes, and must not undo a removal. */
  #queue: Promise<unknown> = Promise.resolve();

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(fn);
    this.#queue = next.catch(() => {});
    return next;
  }

  #open(): Promise<IDBDatabase | null> {
    this.#db ??= new Promise((resolve) => {
      try {
        const req = indexedDB.open(DB, 1);
        req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => resolve(null);
      } catch {
        resolve(null);
      }
    });
    return this.#db;
  }

  async #run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
    const db = await this.#open();
    if (!db) return undefined;
    return new Promise((resolve) => {
      try {
        const req = fn(db.transaction(STORE, mode).objectStore(STORE));
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => resolve(undefined);
      } catch {
        resolve(undefined); // storage full or the database closed: the upload goes on in memory
      }
    });
  }

  /** Keeps (or replaces) a batch. */
  put(batch: PendingBatch): Promise<void> {
    return this.#serial(() => this.#put(batch));
  }

  async #put(batch: PendingBatch): Promise<void> {
    await this.#run('readwrite', (s) => s.put(batch));
  }

  /** Changes one item of a kept batch (its URL, its file id). */
  update(batchKey: string, itemKey: string, patch: Partial<Pick<PendingItem, 'url' | 'fileId'>>): Promise<void> {
    return this.#serial(async () => {
      const batch = await this.#run<PendingBatch | undefined>('readonly', (s) => s.get(batchKey));
      const item = batch?.items.find((i) => i.key === itemKey);
      if (!batch || !item) return;
      Object.assign(item, patch);
      await this.#put(batch);
    });
  }

  /** Drops items of a batch (cancelled), or the whole batch without `itemKeys`. */
  remove(batchKey: string, itemKeys?: readonly string[]): Promise<void> {
    return this.#serial(async () => {
      if (!itemKeys) return void (await this.#run('readwrite', (s) => s.delete(batchKey)));
      const batch = await this.#run<PendingBatch | undefined>('readonly', (s) => s.get(batchKey));
      if (batch) await this.#put({ ...batch, items: batch.items.filter((i) => !itemKeys.includes(i.key)) });
    });
  }

  /** The kept batches of `room`, oldest first (stale ones are dropped). */
  async load(room: string): Promise<PendingBatch[]> {
    const all = (await this.#run<PendingBatch[]>('readonly', (s) => s.getAll())) ?? [];
    const now = Date.now();
    for (const b of all) if (now - b.createdAt > KEEP_MS) void this.remove(b.key);
    return all.filter((b) => b.room === room && now - b.createdAt <= KEEP_MS).sort((a, b) => a.createdAt - b.createdAt);
  }
}

/** The window's kept uploads (one database for every room). */
export const keptUploads = new PendingUploads();
