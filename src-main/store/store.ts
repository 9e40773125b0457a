/**
 * The history store: where rooms' logs, seq counters, dedup records, epochs and the member-id
 * secret live. One interface, several engines (embedded SQLite by default; Redis for scale-out),
 * so that the host never knows which one it talks to.
 */
import type { ChatMessage, Member } from '../../src-shared/protocol.ts';

/** One `send` on its way to the log. */
export interface AppendRequest {
  room: string;
  /** The sender's private client id; with `id` it makes re-sends idempotent. */
  clientId: string;
  id: string;
  from: Member;
  text: string;
}

/** What became of one request: the stored message, and whether it was stored before. */
export interface AppendResult {
  message: ChatMessage;
  duplicate: boolean;
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
