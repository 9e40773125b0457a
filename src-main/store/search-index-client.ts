/**
 * The store's side of the search index (search-indexer.ts): the history's transaction no longer
 * indexes; after each commit the store hands the committed entries over here, they go to the
 * indexer together every 20 ms, and a search is asked of the indexer after them, which first
 * applies everything handed over before it.
 *
 * Where the indexer runs **(decision)**: by default on the store's thread, in those 20 ms
 * transactions (the host's thread, or the store's own with `--store-thread`); with `thread: true`
 * on a thread of its own (search-worker.ts, one string per hand-over), which takes the index's
 * cost off the store's thread entirely (9–13 µs a message there instead of 27 past the retention
 * cap) but, on our busy two-core machine, cost 20–30 MiB and a higher p99 in the benchmark,
 * with no clear gain in throughput (docs/performance.md).
 *
 * On start, and again if the indexer's thread dies, what the index lacks is read from the history
 * (search-catch-up.ts) and applied on this thread before anything else is handed over, so the
 * order holds: a search always sees every entry committed before it. (After a crash that is the
 * last moments' entries; for a data folder whose index was in history.sqlite, all of them, once.)
 */
import { Worker } from 'node:worker_threads';
import type { DatabaseSync } from 'node:sqlite';
import { catchUp, staleRooms } from './search-catch-up.ts';
import { SEARCH_THREAD, threadEnd } from './thread-end.ts';
import { FLUSH_AT, FLUSH_DELAY_MS, SearchIndexer, type IndexerOptions, type IndexOp } from './search-indexer.ts';
import type { SeqPage } from './sqlite-search.ts';

export interface SearchIndexOptions extends IndexerOptions {
  /** Run the indexer on a thread of its own (true) or on this one (default: see the file comment). */
  thread?: boolean;
}

/** A call to the indexer's thread (ops travel as a JSON string of `IndexOp[]`). */
export type SearchCall =
  | { type: 'search'; id: number; room: string; q: string; limit: number; before?: number; from: number }
  | { type: 'close'; id: number };

/** The indexer thread's answers; `broken`: it could not apply ops and is exiting. */
export type SearchReply =
  | { type: 'page'; id: number; page: SeqPage }
  | { type: 'error'; id: number; message: string }
  | { type: 'closed'; id: number }
  | { type: 'broken'; message: string };

interface Pending {
  resolve(value: SeqPage | undefined): void;
  reject(error: Error): void;
}

const WORKER = new URL('./search-worker.ts', import.meta.url);
/** Ops per transaction while catching up (bounded memory). */
const CHUNK = 2000;
/** Indexer deaths in a row (no search answered, no transaction applied between them), after which search fails. */
const MAX_DEATHS = 3;

export class SearchIndexClient {
  readonly #options: SearchIndexOptions;
  readonly #history: DatabaseSync;
  #worker: Worker | undefined;
  #inline: SearchIndexer | undefined;
  /** Committed entries not yet handed to the indexer (see {@link handOff}). */
  #waiting: IndexOp[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #calls = new Map<number, Pending>();
  #nextId = 1;
  #deaths = 0;
  #closed = false;

  /**
   * Opens the index and hands over what it lacks of `history` (the store's open connection).
   * @param history read here, on the store's thread, only while starting (the history's lock is exclusive)
   */
  constructor(options: SearchIndexOptions, history: DatabaseSync) {
    this.#options = options;
    this.#history = history;
    this.#start();
  }

  #start(): void {
    const { thread: _thread, ...indexerOptions } = this.#options;
    const indexer = new SearchIndexer(indexerOptions);
    try {
      // Here, before any batch is handed over: so the order holds, and memory stays bounded.
      for (const room of staleRooms(this.#history, indexer.indexed())) indexer.reset(room);
      for (const op of catchUp(this.#history, indexer.indexed())) {
        indexer.add([op]);
        if (indexer.waiting >= CHUNK) indexer.flush();
      }
      indexer.flush();
    } catch (err) {
      indexer.close();
      throw err;
    }
    if (this.#options.thread !== true) {
      this.#inline = indexer;
      return;
    }
    indexer.close(); // the thread opens it now
    const worker = new Worker(WORKER, { name: SEARCH_THREAD, workerData: indexerOptions });
    worker.unref(); // an idle index keeps no process alive; a search waiting for it does (#call)
    this.#worker = worker;
    worker.on('message', (r: SearchReply) => this.#reply(r));
    worker.on('error', (err) => console.error(`error search index thread failed: ${String(err)}`));
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#died(`its thread exited (code ${code})`);
    });
  }

  #reply(r: SearchReply): void {
    if (r.type === 'broken') return console.error(`error search index: ${r.message}`);
    const call = this.#calls.get(r.id);
    if (!call) return;
    this.#calls.delete(r.id);
    if (this.#calls.size === 0) this.#worker?.unref();
    this.#deaths = 0;
    if (r.type === 'error') call.reject(new Error(r.message));
    else call.resolve(r.type === 'page' ? r.page : undefined);
  }

  /** The indexer lost ops (its thread died, or a transaction failed): start again from the history. */
  #died(why: string): void {
    this.#worker = undefined;
    this.#waiting = []; // committed, so the catch-up below reads them from the history
    const error = new Error(`The search index stopped: ${why}.`);
    for (const call of this.#calls.values()) call.reject(error);
    this.#calls.clear();
    if (this.#closed) return;
    if (++this.#deaths >= MAX_DEATHS) {
      this.#closed = true;
      return console.error(`error search index gave up: ${why}`);
    }
    console.error(`error search index restarts: ${why}`);
    try {
      this.#start();
    } catch (err) {
      this.#closed = true; // chat goes on; only search fails, and the next start catches up
      console.error(`error search index could not restart: ${String(err)}`);
    }
  }

  /**
   * Hands over the entries of one committed batch. Call right after its COMMIT. They wait here up
   * to {@link FLUSH_DELAY_MS} and go together: one wake-up of the indexer's thread per 20 ms, not
   * per batch (a wake-up per batch cost the host's latency on two busy cores).
   */
  handOff(ops: IndexOp[]): void {
    if (ops.length === 0 || this.#closed) return;
    for (const op of ops) this.#waiting.push(op);
    if (this.#waiting.length >= FLUSH_AT) this.#flush();
    else this.#timer ??= setTimeout(() => this.#flush(), FLUSH_DELAY_MS).unref();
  }

  /** Sends what waits to the indexer's thread, or applies it here. */
  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#waiting.length === 0) return;
    const ops = this.#waiting;
    this.#waiting = [];
    if (this.#worker) return this.#worker.postMessage(JSON.stringify(ops));
    try {
      this.#inline?.add(ops);
      this.#inline?.flush();
      this.#deaths = 0; // only failures in a row count (a disk that was full for a while)
    } catch (err) {
      const broken = this.#inline;
      this.#inline = undefined;
      try {
        broken?.close();
      } catch {
        // already failing: the error that matters is the flush's
      }
      this.#died(String(err));
    }
  }

  /**
   * A page of seqs matching `q`, after every entry handed over before this call, none below
   * `from` (the room's oldest message in the history: SearchIndexer.search).
   */
  search(room: string, q: string, limit: number, before: number | undefined, from: number): Promise<SeqPage> {
    if (this.#closed) return Promise.reject(new Error('The search index is closed.'));
    this.#flush(); // what was committed before this search goes before it
    if (this.#inline) {
      return Promise.resolve(this.#inline.search(room, q, limit, before, from));
    }
    return this.#call({ type: 'search', id: this.#nextId++, room, q, limit, before, from }) as Promise<SeqPage>;
  }

  #call(call: SearchCall): Promise<SeqPage | undefined> {
    return new Promise((resolve, reject) => {
      if (!this.#worker) return reject(new Error('The search index is not running.'));
      this.#calls.set(call.id, { resolve, reject });
      this.#worker.ref();
      this.#worker.postMessage(call);
    });
  }

  /** Applies what was handed over, closes the index and ends its thread. */
  async close(): Promise<void> {
    if (!this.#closed) this.#flush();
    if (this.#inline) {
      this.#inline.close();
      this.#inline = undefined;
    }
    const worker = this.#worker;
    // Now, not after the answer: Node may report the thread's exit right after the answer, before
    // this function resumes, and that exit must not look like a death.
    this.#closed = true;
    if (!worker) return;
    try {
      await this.#call({ type: 'close', id: this.#nextId++ });
    } finally {
      this.#worker = undefined;
      await threadEnd(worker); // it ends by itself once it has answered the close
    }
  }
}
