/**
 * Group commit: the sends that arrive within one turn of the event loop are stored in one
 * transaction, then handed on in order. One fsync serves a whole burst, which is what lets a
 * durable host keep up with a bare relay. Only one batch is in the store at a time, so seq order
 * is arrival order, and everything that arrives while it commits makes the next batch.
 *
 * Pipelining, with a store that works off this thread ({@link HistoryStore.concurrent}: SQLite
 * in a worker thread): when a batch is stored, the next one is handed to the store first and
 * the stored one's results are handled (fanned out) after, so that its fan-out here overlaps
 * the next commit there. Results are still handled strictly in order: the next batch's cannot
 * come back before this one's handlers, which run synchronously, have returned. With a store on
 * this thread (SqliteStore) handing the next batch over first would only delay this one's fan-out
 * by a whole commit, so there the results are handled first, as always.
 */
import type { AppendRequest, AppendResult, HistoryStore } from '../store/store.ts';

export interface Pending<T> {
  request: AppendRequest;
  /** Whatever the caller needs back with the result (the sending socket). */
  context: T;
}

export interface GroupCommitHandlers<T> {
  /** Called once per batch, after it is durable, with results in arrival order. */
  stored(results: AppendResult[], batch: Pending<T>[]): void;
  /** Called when the store refused a batch: nothing of it was stored. */
  failed(error: unknown, batch: Pending<T>[]): void;
}

export class GroupCommit<T> {
  readonly #store: HistoryStore;
  readonly #handlers: GroupCommitHandlers<T>;
  readonly #pipelined: boolean;
  #queue: Pending<T>[] = [];
  #scheduled = false;
  /** The batch in the store, until it is handed on (pipelined) or its results are handled. */
  #inFlight: Promise<void> | null = null;

  constructor(store: HistoryStore, handlers: GroupCommitHandlers<T>) {
    this.#store = store;
    this.#handlers = handlers;
    this.#pipelined = store.concurrent === true;
  }

  /** Queues a send; it is stored with the others of this tick. */
  push(request: AppendRequest, context: T): void {
    this.#queue.push({ request, context });
    if (!this.#scheduled && !this.#inFlight) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  /** Resolves once everything queued so far is stored (or refused) and handled. */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#inFlight) {
      if (!this.#inFlight) this.#flush();
      await this.#inFlight;
    }
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#inFlight || this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    const handle = (handler: () => void) => {
      if (this.#pipelined) this.#next(inFlight); // the next batch goes to the store first
      handler();
    };
    const inFlight: Promise<void> = this.#store
      .append(batch.map((p) => p.request))
      .then(
        (results) => handle(() => this.#handlers.stored(results, batch)),
        (error: unknown) => handle(() => this.#handlers.failed(error, batch)),
      )
      // The handlers are the host's own code; a bug there must not stall every later batch.
      .catch((bug: unknown) => console.error('group commit handler failed:', bug))
      .finally(() => this.#next(inFlight));
    this.#inFlight = inFlight;
  }

  /** The batch `done` no longer holds the store: hand it what queued meanwhile. */
  #next(done: Promise<void>): void {
    if (this.#inFlight !== done) return;
    this.#inFlight = null;
    this.#flush();
  }
}
