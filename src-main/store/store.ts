/**
 * The history store: where rooms' logs, seq counters, dedup records, epochs and the member-id
 * secret live. One interface, several engines (embedded SQLite by default; Redis for scale-out),
 * so that the host never knows which one it talks to.
 */
import type { ChatMessage, FileInfo, Member, ReadState } from '../../src-shared/protocol.ts';

/** One `send` on its way to the log. */
export interface AppendRequest {
  room: string;
  /** The sender's private client id; with `id` it makes re-sends idempotent. */
  clientId: string;
  id: string;
  from: Member;
  /** The text of a send or an edit; empty for the other changes. */
  text: string;
  /** The files the message carries (already attached to it in the file index). */
  files?: FileInfo[];
  /** 1.1, a send: the text entry it answers (must exist, be a text entry and not deleted). */
  replyTo?: number;
  /** 1.1: this request is a change of the text entry `target` (checked in the same transaction). */
  change?: LogChange;
}

/** An `edit`, `delete` or `react` request as the store checks and applies it. */
export interface LogChange {
  kind: 'edit' | 'delete' | 'react';
  target: number;
  emoji?: string;
  on?: boolean;
}

/** Why the store did not store a request (its target is missing, not the sender's, full). */
export interface Refusal {
  code: 'not_found' | 'forbidden' | 'too_large';
  message: string;
}

/**
 * What became of one request: the stored message, and whether it was stored before. A refused
 * request (see {@link Refusal}) stored nothing: its `message` is the entry it would have been,
 * with seq 0.
 */
export interface AppendResult {
  message: ChatMessage;
  duplicate: boolean;
  refused?: Refusal;
}

/** A room's log as the host needs it when a room comes alive. */
export interface RoomLog {
  epoch: string;
  latestSeq: number;
}

export interface HistoryPage {
  messages: ChatMessage[];
  latestSeq: number;
  /** Older messages exist that the page leaves out. */
  truncated: boolean;
}

/** A page of older history (the `history` request) or of search results. */
export interface MessagePage {
  messages: ChatMessage[];
  /** More exist beyond the page (older messages, or older matches). */
  more: boolean;
}

export interface HistoryStore {
  /**
   * The store works off the host's thread (SQLite in a worker thread): GroupCommit may then hand
   * it the next batch before handling the previous batch's results, so that fan-out and commit
   * overlap. Results still come back, and are handled, in the order the batches were sent.
   */
  readonly concurrent?: boolean;
  /**
   * Messages kept per room: older ones are pruned. A host keeps no more recent entries than this
   * in memory (recent-entries.ts); without it, it keeps none.
   */
  readonly retention?: number;
  /** A stable random secret of this data folder, created on first use (derives member ids). */
  secret(): Promise<Uint8Array>;
  /** The room's epoch and latest seq; creates the room's log when it has none. */
  openRoom(room: string): Promise<RoomLog>;
  /**
   * Stores a batch of sends atomically and durably (one transaction: group commit), assigning
   * each new one the next seq of its room. A (room, clientId, id) already stored is not stored
   * again: its stored message comes back with `duplicate: true`. Results are in request order.
   */
  append(batch: readonly AppendRequest[]): Promise<AppendResult[]>;
  /**
   * Entries are served in their current state (text entries as last edited, deleted, with their
   * reactions), change entries included.
   * With `since`: the messages with seq > since, oldest first, at most `limit` (the newest ones
   * when more exist, with `truncated`). Without: the newest `limit`.
   */
  history(room: string, since: number | undefined, limit: number): Promise<HistoryPage>;
  /**
   * The newest `limit` messages with seq < `before`, oldest first, in their current state: one
   * range read on the (room, seq) order, so page N costs what page 1 does.
   */
  older(room: string, before: number, limit: number): Promise<MessagePage>;
  /**
   * Raises members' read positions (a lower seq than the stored one is ignored), durably.
   */
  saveReads(room: string, reads: readonly ReadState[]): Promise<void>;
  /** Every member's read position in the room. */
  reads(room: string): Promise<ReadState[]>;
  /**
   * The room's messages whose current text contains `q` ignoring case (Unicode lower case),
   * newest first, with seq < `before` when given, at most `limit`; `more` when older matches
   * exist. Deleted messages are never found.
   */
  search(room: string, q: string, limit: number, before?: number): Promise<MessagePage>;
  /** Ids of every room that has a log. */
  rooms(): Promise<string[]>;
  /** Flushes and releases the store; it cannot be used afterwards. */
  close(): Promise<void>;
}

/** Messages a store keeps per room unless told otherwise. */
export const DEFAULT_RETENTION = 10_000;

/**
 * The store refused a batch because it reached its configured size: unlike a full disk or an
 * unreachable Redis (`unavailable`, retried), waiting will not help (`storage_full`).
 */
export class StorageFullError extends Error {
  readonly code = 'storage_full';

  constructor(cause: unknown) {
    super('The history has reached its size limit.', { cause });
    this.name = 'StorageFullError';
  }
}

/** The log entry a request becomes (before the store checks it), with the next seq. */
export function entryOf(r: AppendRequest, seq: number, ts = Date.now()): ChatMessage {
  const m: ChatMessage = { type: 'message', seq, id: r.id, from: r.from, text: r.text, ts };
  if (r.replyTo !== undefined) m.replyTo = r.replyTo;
  if (r.files) m.files = r.files;
  const c = r.change;
  if (!c) return m;
  m.kind = c.kind;
  m.target = c.target;
  if (c.kind === 'react') Object.assign(m, { emoji: c.emoji, on: c.on });
  return m;
}
