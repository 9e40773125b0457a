/**
 * The outbox: every message this client sent until the host acknowledges it (its own `message`
 * comes back) or refuses it for good. Ids are random and kept across re-sends, so the host
 * stores each message once however often the link drops. The order of `send()` calls is the
 * order of re-sends. Persistence is pluggable ({@link OutboxStore}); the default is in memory.
 */
import { randomId } from '../ids.ts';
import type { ErrorCode } from '../protocol.ts';
import type { OutboxRecord, OutboxStore, PendingAction, PendingMessage } from './types.ts';

/** Refusals that pass by themselves: the message stays `sending` and is sent again later. */
export const TRANSIENT_SEND_ERRORS: ReadonlySet<string> = new Set<ErrorCode>(['rate_limited', 'unavailable']);

/** Keeps the outbox for the life of the process. */
export class MemoryOutboxStore implements OutboxStore {
  records: readonly OutboxRecord[] = [];

  load(): readonly OutboxRecord[] {
    return this.records;
  }

  save(records: readonly OutboxRecord[]): void {
    this.records = records;
  }
}

export class Outbox {
  /** Unacknowledged messages (`sending` and `failed`), in send order. */
  #items: PendingMessage[] = [];
  readonly #store: OutboxStore;
  readonly #now: () => number;
  readonly #newId: () => string;
  /** Saving waits for the load: an early save would overwrite what the store still holds. */
  #loaded = false;
  /**
   * The one send written and awaiting its answer. One at a time keeps the room's order equal to
   * the order of `send()` calls even when the host refuses one for a while (`rate_limited`).
   */
  #inFlight: string | undefined;
  /** Resolves once the store's records are loaded (they come before anything sent meanwhile). */
  readonly ready: Promise<void>;
  /** Called when a save fails; the outbox keeps working in memory. */
  onStoreError: (error: unknown) => void = () => {};

  constructor(
    store: OutboxStore = new MemoryOutboxStore(),
    options: { now?: () => number; newId?: () => string } = {},
  ) {
    this.#store = store;
    this.#now = options.now ?? Date.now;
    this.#newId = options.newId ?? (() => randomId());
    this.ready = Promise.resolve()
      .then(() => store.load())
      .then((records) => {
        const loaded = records.map((r): PendingMessage => ({
          id: r.id,
          text: r.text,
          ...(r.files ? { files: r.files } : {}),
          ...(r.replyTo !== undefined && { replyTo: r.replyTo }),
          ...(r.action && { action: r.action }),
          createdAt: r.createdAt,
          state: r.state,
          error: r.error,
          attempts: 0,
        }));
        const known = new Set(loaded.map((p) => p.id));
        this.#items = [...loaded, ...this.#items.filter((p) => !known.has(p.id))];
        this.#loaded = true;
        if (this.#items.length > loaded.length) this.#persist();
      })
      .catch((error: unknown) => {
        this.#loaded = true; // keep working in memory; the next save may well succeed
        this.onStoreError(error);
      });
  }

  /** Unacknowledged messages in send order. */
  get items(): readonly PendingMessage[] {
    return this.#items;
  }

  /** Those still to deliver, in order. */
  sendable(): PendingMessage[] {
    return this.#items.filter((p) => p.state === 'sending');
  }

  /** Whether nothing is left to deliver (failed messages wait for `retry`, they do not count). */
  get drained(): boolean {
    return !this.#items.some((p) => p.state === 'sending');
  }

  /**
   * The next message to write, unless one is still awaiting its answer; it is then in flight
   * until acknowledged, refused, discarded or {@link relaunch}ed.
   */
  takeNext(): PendingMessage | undefined {
    if (this.#inFlight !== undefined) return undefined;
    const next = this.#items.find((p) => p.state === 'sending');
    if (next) {
      this.#inFlight = next.id;
      next.attempts++;
    }
    return next;
  }

  /** The link was lost (or a new welcome came): what was in flight must be written again. */
  relaunch(): void {
    this.#inFlight = undefined;
  }

  get(id: string): PendingMessage | undefined {
    return this.#items.find((p) => p.id === id);
  }

  /**
   * Queues a text (already validated) with a fresh id; with `extra`, a reply, a change (1.1) or
   * the ids of its uploaded files.
   */
  add(
    text: string,
    extra: { replyTo?: number; action?: PendingAction; files?: readonly string[] } = {},
  ): PendingMessage {
    const pending: PendingMessage = {
      id: this.#newId(),
      text,
      ...(extra.replyTo !== undefined && { replyTo: extra.replyTo }),
      ...(extra.action && { action: extra.action }),
      ...(extra.files && extra.files.length > 0 && { files: [...extra.files] }),
      createdAt: this.#now(),
      state: 'sending',
      attempts: 0,
    };
    this.#items.push(pending);
    this.#persist();
    return pending;
  }

  /** The host stored it: the entry leaves the outbox as `sent`. */
  ack(id: string, seq: number): PendingMessage | undefined {
    const i = this.#items.findIndex((p) => p.id === id);
    if (i < 0) return undefined;
    const [pending] = this.#items.splice(i, 1) as [PendingMessage];
    this.#landed(id);
    pending.state = 'sent';
    pending.seq = seq;
    delete pending.error;
    this.#persist();
    return pending;
  }

  /**
   * The host refused it. A transient refusal keeps it `sending` (the caller retries later);
   * any other marks it `failed` until `retry(id)`.
   * @returns the entry, or undefined for an unknown id
   */
  refuse(id: string, error: { code: string; message: string }): PendingMessage | undefined {
    const pending = this.get(id);
    if (!pending) return undefined;
    this.#landed(id);
    pending.error = { code: error.code, message: error.message };
    if (!TRANSIENT_SEND_ERRORS.has(error.code)) pending.state = 'failed';
    this.#persist();
    return pending;
  }

  /** Marks a failed message `sending` again. @returns false if there is no such failed message */
  retry(id: string): boolean {
    const pending = this.get(id);
    if (!pending || pending.state !== 'failed') return false;
    pending.state = 'sending';
    delete pending.error;
    this.#persist();
    return true;
  }

  /** Drops a message for good (e.g. the person deleted a failed one). */
  discard(id: string): boolean {
    const before = this.#items.length;
    this.#items = this.#items.filter((p) => p.id !== id);
    if (this.#items.length === before) return false;
    this.#landed(id);
    this.#persist();
    return true;
  }

  #landed(id: string): void {
    if (this.#inFlight === id) this.#inFlight = undefined;
  }

  #persist(): void {
    if (!this.#loaded) return;
    const records = this.#items.map((p): OutboxRecord => {
      const r: OutboxRecord = {
        id: p.id,
        text: p.text,
        createdAt: p.createdAt,
        state: p.state === 'failed' ? 'failed' : 'sending',
      };
      if (p.files) r.files = [...p.files];
      if (p.replyTo !== undefined) r.replyTo = p.replyTo;
      if (p.action) r.action = p.action;
      if (p.error) r.error = p.error;
      return r;
    });
    try {
      void Promise.resolve(this.#store.save(records)).catch((e: unknown) => this.onStoreError(e));
    } catch (e) {
      this.onStoreError(e);
    }
  }
}
