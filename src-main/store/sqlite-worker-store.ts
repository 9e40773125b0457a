/**
 * The SQLite store on a thread of its own: {@link SqliteStore} runs in a worker thread
 * (sqlite-worker.ts) with its own connection, and this class hands it the calls and takes the
 * answers back, in order. The host's thread no longer stops while SQLite writes and fsyncs a
 * batch: it reads sockets and fans out the previous batch meanwhile (GroupCommit pipelines when
 * a store is {@link HistoryStore.concurrent}). Every promise of the store is SQLite's and holds
 * as before: a batch is answered only after its COMMIT, seq is counted in the thread's one
 * connection, dedup and the 1.1 checks run in the same transaction, a failed commit leaves no
 * gap (sqlite-store.ts), the exclusive lock still keeps a second host off the data folder.
 *
 * Reads go to the thread too. The data folder's lock is SQLite's exclusive locking mode: one
 * connection holds the file, with its WAL index in that connection's memory (no -shm file), so a
 * second connection on the host's thread could not even read. In the thread a read runs after
 * every call sent before it, so a welcome holds at least everything already broadcast (maybe a
 * batch not yet broadcast: Connection's seq floor handles that, as it does with Redis).
 *
 * If the thread dies (out of memory, a bug), a new one opens the folder again — SQLite rolled
 * back whatever transaction was open when the thread's connection closed — and every unanswered
 * call is sent again, in order. A batch that was committed but never answered comes back as
 * duplicates (dedup on room, clientId, id): those above the highest seq this store ever
 * reported are this batch's own messages, answered as new, so the host broadcasts them once and
 * the room sees no gap. After {@link MAX_DEATHS} deaths with no answer between them the store
 * gives up: every call fails and `onFatal` says so (the CLI host then stops).
 */
import { Worker } from 'node:worker_threads';
import type { SqliteStoreOptions } from './sqlite-store.ts';
import type { AppendRequest, AppendResult, HistoryPage, HistoryStore, MessagePage, RoomLog } from './store.ts';
import { DEFAULT_RETENTION } from './store.ts';
import type { ReadState } from '../../src-shared/protocol.ts';
import { STORE_THREAD, threadEnd } from './thread-end.ts';
import { fromWire, type StoreMethod, type WorkerReply, type WorkerStart } from './worker-messages.ts';

export interface SqliteWorkerStoreOptions extends SqliteStoreOptions {
  /**
   * Whether GroupCommit may hand over the next batch while the last one is fanned out (default
   * true; false: one batch at a time, handled before the next goes, as with SqliteStore).
   */
  pipeline?: boolean;
  /** The store gave up (see the file comment); every call fails from now on. */
  onFatal?: (error: Error) => void;
  /** A line for the host's log (the thread died and was restarted). */
  log?: (line: string) => void;
  /** Fault injection for tests (see {@link WorkerStart.exitAt}). */
  exitAt?: WorkerStart['exitAt'];
}

interface Call {
  id: number;
  method: StoreMethod;
  args: unknown[];
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** Sent again after the thread died: it may have been committed already. */
  replayed: boolean;
}

const WORKER = new URL('./sqlite-worker.ts', import.meta.url);
/** Thread deaths in a row, with no call answered between them, after which the store gives up. */
export const MAX_DEATHS = 3;

export class SqliteWorkerStore implements HistoryStore {
  readonly concurrent: boolean;
  readonly retention: number;
  readonly #options: SqliteWorkerStoreOptions;
  #worker: Worker | undefined;
  #ready = false;
  /** Unanswered calls, in the order they were made (a Map keeps insertion order). */
  readonly #calls = new Map<number, Call>();
  #nextId = 1;
  #deaths = 0;
  #closing = false;
  /** Set once the store is closed or has given up: the error every call gets. */
  #dead: Error | undefined;
  /** The highest seq of each room this store has reported (see the file comment). */
  readonly #known = new Map<string, number>();

  /**
   * Starts the thread and opens the data folder in it.
   * @throws StoreOpenError as {@link SqliteStore}'s constructor does (locked, corrupt, access)
   */
  static async open(options: SqliteWorkerStoreOptions): Promise<SqliteWorkerStore> {
    const store = new SqliteWorkerStore(options);
    await store.#start(options.exitAt);
    return store;
  }

  private constructor(options: SqliteWorkerStoreOptions) {
    this.#options = options;
    this.concurrent = options.pipeline ?? true;
    this.retention = options.maxMessagesPerRoom ?? DEFAULT_RETENTION;
  }

  #start(exitAt?: WorkerStart['exitAt']): Promise<void> {
    const { onFatal: _f, log: _l, exitAt: _e, pipeline: _p, ...options } = this.#options;
    const worker = new Worker(WORKER, { name: STORE_THREAD, workerData: { options, exitAt } satisfies WorkerStart });
    this.#worker = worker;
    this.#ready = false;
    let failed: Error | undefined;
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (r: WorkerReply) => {
        if (r.type === 'ready') {
          this.#ready = true;
          for (const call of this.#calls.values()) this.#post(call);
          resolve();
        } else if (r.type === 'failed') {
          this.#worker = undefined; // it ends by itself: not a death to recover from
          failed = fromWire(r.error); // said once it has: a failed open leaves no thread behind
          void threadEnd(worker); // (which it does at once; this is only the grace's backstop)
        } else this.#answer(r);
      });
      worker.on('error', (err) => this.#log(`error store thread failed: ${String(err)}`));
      worker.on('exit', (code) => {
        reject(failed ?? new Error(`The history store's thread exited (code ${code}) while opening the data folder.`));
        if (this.#worker === worker) this.#exited(code);
      });
    });
  }

  #post(call: Call): void {
    this.#worker!.postMessage({ id: call.id, method: call.method, args: call.args });
  }

  #call<V>(method: StoreMethod, ...args: unknown[]): Promise<V> {
    if (this.#dead) return Promise.reject(this.#dead);
    return new Promise<V>((resolve, reject) => {
      const call: Call = {
        id: this.#nextId++,
        method,
        args,
        resolve: resolve as (v: unknown) => void,
        reject,
        replayed: false,
      };
      this.#calls.set(call.id, call);
      if (this.#ready) this.#post(call);
    });
  }

  #answer(r: Extract<WorkerReply, { id: number }>): void {
    const call = this.#calls.get(r.id);
    if (!call) return;
    this.#calls.delete(r.id);
    this.#deaths = 0;
    if (r.type === 'error') return call.reject(fromWire(r.error));
    if (call.method === 'append') {
      return call.resolve(this.#learn(r.value as AppendResult[], call.args[0] as AppendRequest[], call.replayed));
    }
    if (call.method === 'openRoom' || call.method === 'history') {
      this.#raise(call.args[0] as string, (r.value as RoomLog | HistoryPage).latestSeq);
    }
    call.resolve(r.value);
  }

  #raise(room: string, seq: number): void {
    if (seq > (this.#known.get(room) ?? 0)) this.#known.set(room, seq);
  }

  /** A batch's results: for a batch sent again, its own committed messages answered as new. */
  #learn(results: AppendResult[], batch: AppendRequest[], replayed: boolean): AppendResult[] {
    const fresh = new Set<string>();
    const out = results.map((result, i) => {
      const room = batch[i]!.room;
      if (result.refused) return result;
      const key = `${result.message.seq}\n${room}`;
      const known = this.#known.get(room);
      const own = replayed && result.duplicate && known !== undefined && result.message.seq > known;
      const next = own && !fresh.has(key) ? { ...result, duplicate: false } : result;
      if (!next.duplicate) fresh.add(key);
      return next;
    });
    for (let i = 0; i < out.length; i++) if (!out[i]!.refused) this.#raise(batch[i]!.room, out[i]!.message.seq);
    return out;
  }

  #exited(code: number): void {
    this.#worker = undefined;
    this.#ready = false;
    if (this.#closing) return this.#fail(new Error('The history store is closed.'));
    this.#deaths++;
    this.#log(`error store thread stopped (exit code ${code}); ${this.#calls.size} unanswered calls go to a new one`);
    if (this.#deaths >= MAX_DEATHS) {
      return this.#fail(new Error(`The history store's thread stopped ${MAX_DEATHS} times in a row.`), true);
    }
    for (const call of this.#calls.values()) call.replayed = true;
    const exitAt = this.#options.exitAt?.again ? this.#options.exitAt : undefined;
    this.#start(exitAt).catch((err: unknown) => this.#fail(err as Error, true));
  }

  /** Gives up: every unanswered and later call fails with `error`. */
  #fail(error: Error, fatal = false): void {
    this.#dead ??= error;
    for (const call of this.#calls.values()) call.reject(error);
    this.#calls.clear();
    void this.#worker?.terminate();
    this.#worker = undefined;
    if (fatal) {
      this.#log(`error store gave up: ${error.message}`);
      this.#options.onFatal?.(error);
    }
  }

  #log(line: string): void {
    (this.#options.log ?? console.error)(line);
  }

  secret(): Promise<Uint8Array> {
    return this.#call('secret');
  }

  openRoom(room: string): Promise<RoomLog> {
    return this.#call('openRoom', room);
  }

  append(batch: readonly AppendRequest[]): Promise<AppendResult[]> {
    return this.#call('append', batch);
  }

  history(room: string, since: number | undefined, limit: number): Promise<HistoryPage> {
    return this.#call('history', room, since, limit);
  }

  older(room: string, before: number, limit: number): Promise<MessagePage> {
    return this.#call('older', room, before, limit);
  }

  saveReads(room: string, reads: readonly ReadState[]): Promise<void> {
    return this.#call('saveReads', room, reads);
  }

  reads(room: string): Promise<ReadState[]> {
    return this.#call('reads', room);
  }

  search(room: string, q: string, limit: number, before?: number): Promise<MessagePage> {
    return this.#call('search', room, q, limit, before);
  }

  rooms(): Promise<string[]> {
    return this.#call('rooms');
  }

  /** Closes the database in its thread (releasing the data folder), then ends the thread. */
  async close(): Promise<void> {
    if (this.#dead) return;
    this.#closing = true;
    try {
      await this.#call<void>('close');
    } finally {
      const worker = this.#worker;
      this.#worker = undefined; // its exit is expected now
      this.#fail(new Error('The history store is closed.'));
      if (worker) await threadEnd(worker); // it ends by itself once it has answered the close
    }
  }
}
