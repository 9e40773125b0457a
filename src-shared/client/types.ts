/**
 * Public types of the chat client (src-shared/client): what a UI, the terminal client and the
 * tests code against. Pure: no DOM, Node or `ws` types; the WebSocket is injected as a
 * constructor that satisfies {@link WebSocketLike} (the browser's `WebSocket` and `ws` both do).
 */
import type { RoomAddress } from '../address.ts';
import type { ChatMessage, ErrorCode, HostFrame, Member, WelcomeFrame } from '../protocol.ts';

// ---- the injected socket ---------------------------------------------------------------------

/**
 * A handler type checked bivariantly (declared through a method), so that the browser's
 * `(ev: MessageEvent) => any` and `ws`'s `(event: WebSocket.MessageEvent) => void` both fit.
 */
export type SocketHandler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The least of a WebSocket the client needs; the browser's `WebSocket` and `ws` both satisfy it. */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: SocketHandler<unknown> | null;
  /** `event.data` is a string for text frames (in the browser and in `ws`). */
  onmessage: SocketHandler<{ data: unknown }> | null;
  onclose: SocketHandler<{ code: number; reason: string }> | null;
  onerror: SocketHandler<unknown> | null;
}

/** `globalThis.WebSocket` in a browser, `WebSocket` from `ws` in Node. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

// ---- time, injectable for tests ----------------------------------------------------------------

/** Timer functions; defaults to the global `setTimeout`/`clearTimeout`. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// ---- state -------------------------------------------------------------------------------------

/**
 * The connection state machine:
 * idle → connecting → open → reconnecting → connecting → … and any state → closed (by `stop()`
 * or a close code after which the client must not reconnect: 1000, 4000, 4003, 4004).
 * `closed` is final for this client unless `start()` is called again.
 */
export type ClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** How the last socket closed. */
export interface CloseInfo {
  code: number;
  reason: string;
  /** Whether the client will try again by itself. */
  willReconnect: boolean;
  /** 4003: the room is locked and the password is missing or wrong; ask the person. */
  passwordNeeded: boolean;
  /** The fatal `error` frame the host sent before closing, if any. */
  error?: ClientError;
  /** Whether the closed socket had reached `open` (a welcome was received). */
  wasOpen: boolean;
}

/** An error the client reports: a host `error` frame, or a local one (`code` then starts with `client_`). */
export interface ClientError {
  code: ErrorCode | 'client_socket' | 'client_dead' | 'client_bad_frame' | 'client_store' | string;
  message: string;
  /** The send id the error refers to. */
  ref?: string;
  /**
   * Whole seconds before trying again is worth it, when the host said (`bad_password` during its
   * password backoff); checked (1 s to 1 h), else left out.
   */
  retryAfter?: number;
}

// ---- outbox and timeline -----------------------------------------------------------------------

/**
 * The state of one message this client sent:
 * - `sending`: not yet acknowledged (waiting for a connection, in flight, or waiting to retry
 *   after a transient `rate_limited` / `unavailable`);
 * - `sent`: the host stored it (its `message` came back); the timeline now holds it by seq;
 * - `failed`: the host refused it for good (`too_large`, `bad_request`, …); `retry(id)` tries again.
 */
export type PendingState = 'sending' | 'sent' | 'failed';

/**
 * A change of the room log (1.1) waiting in the outbox like a send: the target's seq, and what
 * the change is. An edit's new text is the pending entry's `text`.
 */
export type PendingAction =
  | { kind: 'edit'; target: number }
  | { kind: 'delete'; target: number }
  | { kind: 'react'; target: number; emoji: string; on: boolean };

/** One message (or change) this client sent and the host has not acknowledged (or refused). */
export interface PendingMessage {
  /** The send id: random base64url, kept across re-sends so that the host stores it once. */
  readonly id: string;
  readonly text: string;
  /** Ids of uploaded files it carries (1.1 `files`). */
  readonly files?: readonly string[];
  /** 1.1: the seq of the message this one answers. */
  readonly replyTo?: number;
  /** 1.1: set when this is an edit, delete or react rather than a new message. */
  readonly action?: PendingAction;
  /** Local clock, ms since the epoch, when `send()` was called. */
  readonly createdAt: number;
  state: PendingState;
  /** Why it failed (state `failed`), or the last transient error (state `sending`). */
  error?: { code: ErrorCode | string; message: string };
  /** How often it was written to a socket. */
  attempts: number;
  /** The seq the host gave it, once `sent`. */
  seq?: number;
}

/** What an {@link OutboxStore} keeps of one pending message (`sent` ones are dropped). */
export interface OutboxRecord {
  id: string;
  text: string;
  files?: string[];
  replyTo?: number;
  action?: PendingAction;
  createdAt: number;
  state: 'sending' | 'failed';
  error?: { code: string; message: string };
}

/**
 * Where the outbox lives between app runs. The default keeps it in memory; the desktop app
 * passes one backed by a file so that unsent messages survive an app restart. `save` receives
 * the whole outbox each time (it is small: only unacknowledged messages).
 */
export interface OutboxStore {
  load(): readonly OutboxRecord[] | Promise<readonly OutboxRecord[]>;
  save(records: readonly OutboxRecord[]): void | Promise<void>;
}

/** A message in the timeline, marked when this client sent it. */
export interface TimelineMessage extends ChatMessage {
  /** Sent by this client (same member id as `you`). */
  own: boolean;
}

/** The messages of an earlier epoch (the host's log was reset), kept visibly apart. */
export interface ArchivedTimeline {
  epoch: string;
  messages: readonly TimelineMessage[];
}

/** Messages the host could not send on resume (more than 1000 were missed): seqs `from`..`to`. */
export interface TimelineGap {
  from: number;
  to: number;
}

/** A present member as a UI shows it. */
export interface MemberView extends Member {
  /** This is the local person. */
  you: boolean;
  /** The member typed within the last 5 s. */
  typing: boolean;
}

// ---- requests ----------------------------------------------------------------------------------

/** A page of older history (`client.history`), oldest first. */
export interface HistoryPage {
  messages: ChatMessage[];
  /** Older messages exist. */
  more: boolean;
}

/** Options of `client.search`. */
export interface SearchOptions {
  /** Results per page, 1–100. Default 20. */
  limit?: number;
  /** Only results with a smaller seq: the last result's seq, for the next page. */
  before?: number;
}

/** A page of search results (`client.search`), newest first. */
export interface SearchPage {
  results: ChatMessage[];
  /** Older matches exist (ask again with `before` = the last result's seq). */
  more: boolean;
}

// ---- events ------------------------------------------------------------------------------------

/** Payloads of the lifecycle events; `client.on(name, fn)` returns a function that removes `fn`. */
export interface ClientEvents {
  /** A connection attempt starts (attempt 1 is the first). */
  connect: { attempt: number; url: string };
  /** The welcome arrived: the room is live. `resumed`: the timeline continued from `since`. */
  open: { welcome: WelcomeFrame; resumed: boolean; epochChanged: boolean };
  /** Every valid host frame, typed (after the client has applied it to its model). */
  message: HostFrame;
  /** A socket closed (or a connection attempt failed). */
  close: CloseInfo;
  /** A reconnect is scheduled: attempt number, delay, and the clock time it fires. */
  reconnecting: { attempt: number; delayMs: number; at: number };
  error: ClientError;
  /** Anything a UI renders changed (state, timeline, pending, members, typing). */
  change: { state: ClientState };
}

// ---- options -----------------------------------------------------------------------------------

/** Backoff settings; see Backoff. */
export interface BackoffOptions {
  /** The first delay's upper bound, ms (the first retry comes within it). Default 1000. */
  initialMs: number;
  /** The cap, ms. Default 30 000. */
  maxMs: number;
  /** Growth per attempt. Default 2. */
  factor: number;
  /** Jitter as a fraction of the delay, 0..1 (1 = "full jitter"). Default 0.5. */
  jitter: number;
  /** Healthy time after which the next failure starts from the first delay again. Default 10 000. */
  resetAfterMs: number;
  /** Randomness in [0, 1); default Math.random. */
  random: () => number;
  /** Clock in ms; default Date.now. */
  now: () => number;
}

/** Options of `new ChatClient(...)`. Give either `url` or `address`. */
export interface ChatClientOptions {
  /** `ws://HOST:PORT/room/ID`. */
  url?: string;
  /** A parsed address (from `parseAddress`). */
  address?: RoomAddress;
  /**
   * Several hosts of one room (from `parseAddresses`: hosts on one Redis). Tried in turn: after
   * a socket closes, the next attempt goes to the next one. Takes precedence over `address`.
   */
  addresses?: readonly RoomAddress[];
  /** Several `ws://` URLs of one room, like `addresses`. Takes precedence over both. */
  urls?: readonly string[];
  /** The display name (the host may add " (2)"; see `client.you`). */
  name: string;
  /** Random per install, 8–64 of [A-Za-z0-9_-]; the host keeps it private. */
  clientId: string;
  /** For a locked room. */
  password?: string;
  /** The WebSocket constructor: `globalThis.WebSocket` in a browser, `ws` in Node. */
  WebSocket: WebSocketConstructor;
  /** Where unacknowledged sends are kept; in memory by default. */
  outboxStore?: OutboxStore;
  backoff?: Partial<BackoffOptions>;
  /** App-level ping interval, ms. Default 15 000. */
  pingIntervalMs?: number;
  /** No frame for this long → the link is dead. Default 35 000. */
  deadAfterMs?: number;
  /** How long a connection attempt may take until the welcome, ms. Default 15 000. */
  connectTimeoutMs?: number;
  /** Retry delay after a transient send error (`rate_limited`, `unavailable`), ms. Default 1000. */
  sendRetryMs?: number;
  /** The resume point from an earlier run (e.g. the desktop app's saved room state). */
  since?: { seq: number; epoch: string };
  /** Clock in ms; default Date.now. */
  now?: () => number;
  /** Timers; default the global ones. */
  timers?: Timers;
  /** Randomness in [0, 1) for jitter and ids; default Math.random / crypto. */
  random?: () => number;
}
