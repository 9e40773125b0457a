/**
 * The newest entries of a live room, encoded, for welcomes: a thousand members resuming after a
 * restart all ask for the same few hundred entries, and each was already encoded once for its
 * broadcast. Served from here, a welcome neither reads the store nor encodes anything but its
 * own fields, and every welcome of a storm shares one buffer of history bytes.
 *
 * What it holds is exactly what the store would answer, byte for byte:
 * - the entries of one unbroken seq range `lo..hi`, each as the bytes the room received it as
 *   (broadcast) or as the store served it (filled), in its current state;
 * - a change entry (edit, delete, react) changes its target's current state, and a delete also
 *   blanks the edits of its target: those entries, and every older one, leave the cache (the
 *   newer ones stay valid), so it never serves a stale state;
 * - when it cannot answer (a resume from below what it holds), one store read of the newest
 *   entries, shared by every welcome waiting for it, fills it again.
 * Memory is bounded: at most `window` entries and about `maxBytes` of them.
 */
import type { ChatMessage } from '../../src-shared/protocol.ts';
import { encodeFrame } from '../../src-shared/codec.ts';
import type { HistoryPage } from '../store/store.ts';

/** A welcome's history, encoded: the entries' JSON texts joined by commas (the array's inside). */
export interface EncodedHistory {
  json: Buffer;
  latestSeq: number;
  truncated: boolean;
}

const COMMA = Buffer.from(',');

/** Encodes a store's page as a welcome's history. */
export function encodeHistory(page: HistoryPage): EncodedHistory {
  return {
    json: Buffer.from(page.messages.map((m) => encodeFrame(m)).join(',')),
    latestSeq: page.latestSeq,
    truncated: page.truncated,
  };
}

export class RecentEntries {
  readonly #window: number;
  readonly #maxBytes: number;
  /** The encoded entries, seq `#lo + i` at index i. */
  #entries: Buffer[] = [];
  #lo = 1;
  /** Bytes held: each entry's length plus its comma. */
  #bytes = 0;
  /** The store may hold entries below `#lo` (unknown until a fill says otherwise). */
  #older = true;
  /** Nothing is known yet: every welcome needs a fill first. */
  #empty = true;
  /** Edit entries held, seq → target: a delete of the target blanks their text. */
  readonly #edits = new Map<number, number>();
  /** The fill in progress, and the broadcasts that arrived meanwhile (applied after it). */
  #filling: Promise<void> | undefined;
  #arrived: { messages: readonly ChatMessage[]; payloads: readonly Buffer[] }[] = [];
  /** The last page built, reused while nothing changed (a storm asks for the same one again and again). */
  #memo: { from: number; hi: number; capBytes: number; page: EncodedHistory } | undefined;

  /**
   * @param window entries held at most (no more than the store keeps, nor than a resume returns)
   * @param maxBytes bytes held at most, beyond the newest entries that fill a welcome's byte cap
   */
  constructor(window: number, maxBytes: number) {
    this.#window = window;
    this.#maxBytes = maxBytes;
  }

  /** What is held now (for tests and diagnostics). */
  get held(): { entries: number; bytes: number } {
    return { entries: this.#entries.length, bytes: this.#bytes };
  }

  /** The seq of the newest entry held (`lo - 1` when none). */
  get #hi(): number {
    return this.#lo + this.#entries.length - 1;
  }

  /** Entries the room has just received (seq ascending), with the bytes they were broadcast as. */
  delivered(messages: readonly ChatMessage[], payloads: readonly Buffer[]): void {
    if (this.#filling) {
      this.#arrived.push({ messages, payloads });
      return;
    }
    if (this.#empty) return; // nothing to extend: the next welcome fills
    for (let i = 0; i < messages.length; i++) this.#add(messages[i]!, payloads[i]!);
  }

  /**
   * The welcome's history after `since` (the newest `limit` without it), with the newest entries
   * that fit in `capBytes` as `capHistoryBytes` keeps them; undefined when this cache cannot tell
   * (the caller then asks the store).
   */
  page(since: number | undefined, limit: number, capBytes: number): EncodedHistory | undefined {
    if (this.#empty || this.#filling) return undefined;
    const hi = this.#hi;
    const count = this.#entries.length;
    let from: number; // the oldest seq of the answer
    let truncated = false;
    if (since === undefined) {
      if (count <= limit && this.#older) return undefined; // are there older ones? the store knows
      from = Math.max(this.#lo, hi - limit + 1);
      truncated = count > limit;
    } else if (since > hi) {
      return undefined; // the client is ahead of what this host has delivered: the store knows more
    } else if (since >= this.#lo - 1 || !this.#older) {
      from = Math.max(since + 1, this.#lo);
      if (hi - from + 1 > limit) return undefined;
    } else if (count >= limit) {
      from = hi - limit + 1;
      truncated = true;
    } else {
      // Older entries exist in the store: only when the byte cap cuts inside the cache is the answer known.
      from = this.#lo;
      if (this.#firstWithin(from, capBytes) === from) return undefined;
      truncated = true;
    }
    const memo = this.#memo;
    if (memo && memo.from === from && memo.hi === hi && memo.capBytes === capBytes && memo.page.truncated === truncated)
      return memo.page;
    const first = this.#firstWithin(from, capBytes);
    const parts: Buffer[] = [];
    for (let seq = first; seq <= hi; seq++) parts.push(this.#entries[seq - this.#lo]!, COMMA);
    parts.pop();
    const page = { json: Buffer.concat(parts), latestSeq: hi, truncated: truncated || first > from };
    this.#memo = { from, hi, capBytes, page };
    return page;
  }

  /**
   * Fills the cache with the store's newest entries (`read(limit)`); concurrent calls share one
   * read. A failed read leaves the cache as it was (the welcome then reads the store itself).
   */
  fill(read: (limit: number) => Promise<HistoryPage>): Promise<void> {
    this.#filling ??= read(this.#window)
      .then(
        (page) => this.#reset(page),
        () => {},
      )
      .finally(() => {
        this.#filling = undefined;
        const arrived = this.#arrived;
        this.#arrived = [];
        for (const a of arrived) this.delivered(a.messages, a.payloads);
      });
    return this.#filling;
  }

  /** Starts over from a store page (its messages are the newest, in their current state). */
  #reset(page: HistoryPage): void {
    const messages = page.messages;
    this.#clear(messages[0]?.seq ?? page.latestSeq + 1);
    this.#older = page.truncated;
    this.#empty = false;
    for (const m of messages) this.#add(m, Buffer.from(encodeFrame(m)), false);
  }

  #clear(lo: number): void {
    this.#entries = [];
    this.#lo = lo;
    this.#bytes = 0;
    this.#edits.clear();
    this.#memo = undefined;
  }

  /**
   * Appends the next entry; a seq out of order starts the cache over at it.
   * @param applies a change entry changes what is held (not so for one read with its target's current state)
   */
  #add(m: ChatMessage, bytes: Buffer, applies = true): void {
    const hi = this.#hi;
    if (m.seq <= hi) return; // already held (a fill read it before its broadcast came)
    if (m.seq !== hi + 1) {
      this.#clear(m.seq); // a gap (several hosts): what lies before it is unknown here
      this.#older = true;
    }
    if (applies && m.kind !== undefined && m.target !== undefined) this.#changed(m);
    if (m.kind === 'edit' && m.target !== undefined) this.#edits.set(m.seq, m.target);
    this.#entries.push(bytes);
    this.#bytes += bytes.length + 1;
    this.#memo = undefined;
    while (this.#entries.length > this.#window || (this.#bytes > this.#maxBytes && this.#entries.length > 1))
      this.#dropOldest(this.#lo);
  }

  /** A change of `target`: the entries whose stored state it changes, and all older ones, leave. */
  #changed(change: ChatMessage): void {
    const target = change.target!;
    let newest = target;
    if (change.kind === 'delete') for (const [seq, of] of this.#edits) if (of === target && seq > newest) newest = seq;
    if (newest >= this.#lo) this.#dropOldest(newest);
  }

  /** Drops the entries up to seq `upTo`: the store may now hold entries older than the cache. */
  #dropOldest(upTo: number): void {
    const n = Math.min(upTo - this.#lo + 1, this.#entries.length);
    for (const b of this.#entries.splice(0, n)) this.#bytes -= b.length + 1;
    for (const seq of this.#edits.keys()) if (seq < this.#lo + n) this.#edits.delete(seq);
    this.#lo += n;
    this.#older = true;
    this.#memo = undefined;
  }

  /** The oldest seq ≥ `from` that fits, with every newer one, in `capBytes` (at least the newest). */
  #firstWithin(from: number, capBytes: number): number {
    let bytes = 0;
    let seq = this.#hi;
    for (; seq >= from; seq--) {
      bytes += this.#entries[seq - this.#lo]!.length + 1;
      if (bytes > capBytes && seq < this.#hi) return seq + 1;
    }
    return from;
  }
}
