/**
 * Group commit: the sends that arrive within one turn of the event loop are stored in one
 * transaction, then handed on in order. One fsync serves a whole burst, which is what lets a
 * durable host keep up with a bare relay. Only one batch is in flight at a time, so seq order is
 * arrival order.
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
  #queue: Pending<T>[] = [];
  #scheduled = false;
  #inFlight: Promise<void> | null = null;

  constructor(store: HistoryStore, handlers: GroupCommitHandlers<T>) {
    this.#store = store;
    this.#handlers = handlers;
  }

  /** Queues a send; it is stored with the others of this tick. */
  push(request: AppendRequest, context: T): void {
    this.#queue.push({ request, context });
    if (!this.#scheduled && !this.#inFlight) {
      this.#scheduled = true;
      setImmediate(() => void this.#flush());
    }
  }

  /** Resolves once everything queued so far is stored (or refused). */
  async drain(): Promise<void> {
    while (this.#queue.length > 0 || this.#inFlight) {
      await (this.#inFlight ?? this.#flush());
    }
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    if (this.#inFlight || this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#inFlight = this.#store.append(batch.map((p) => p.request)).then(
      (results) => this.#handlers.stored(results, batch),
      (error: unknown) => this.#handlers.failed(error, batch),
    );
    // The handlers are the host's own code; a bug there must not stall every later batch.
    this.#inFlight = this.#inFlight.catch((bug: unknown) => console.error('group commit handler failed:', bug));
    try {
      await this.#inFlight;
    } finally {
      this.#inFlight = null;
    }
    if (this.#queue.length > 0) await this.#flush();
  }
}
