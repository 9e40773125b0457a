/**
 * LAN Chat wire protocol, version 1 with the 1.1 additions: every frame as a type, every limit and code as a constant.
 *
 * This file is the single source of truth shared by the host, the client and the renderer.
 * It is pure: no Node, DOM or Electron imports (tsconfig.shared.json enforces it).
 * The protocol it implements is described, normatively, in docs/protocol.md.
 */

import type { ErrorCode } from './protocol-codes.ts';

export * from './protocol-codes.ts';

export const PROTOCOL_VERSION = 1;
export const DEFAULT_PORT = 47800;
export const DEFAULT_ROOM = 'general';
export const APP_ID = 'lanchat';

/** Room ids are case-sensitive and safe in a URL path. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A per-install random id; the host keeps it private. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
/** The id of one `send`, unique per clientId; it makes re-sends idempotent. */
export const SEND_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** The client-chosen `ref` of a request on the socket; the reply (or error) repeats it. */
export const REF_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The 1.1 features a host may serve (`welcome.features`, `/api/info`). A client uses only what
 * its host lists: a 1.0 host lists nothing (it sends no `features`).
 */
export const FEATURES = [
  'history',
  'search',
  'edit',
  'delete',
  'react',
  'reply',
  'read',
  'files',
  'dm',
  'tls',
  // The project's own extension (docs/protocol.md §16): not in the contract's list.
  'rename',
] as const;
export type Feature = (typeof FEATURES)[number];

/**
 * What a client says it understands (`hello.features`, the project's extension): a host sends a
 * `presence` `rename` only to sockets that listed `rename`, and a `leave` + `join` to the others.
 */
export const CLIENT_FEATURES = ['rename'] as const;

/** Host limits of the contract (defaults; the host can be configured otherwise). */
export const LIMITS = Object.freeze({
  maxFrameBytes: 64 * 1024,
  maxTextChars: 4000,
  maxNameChars: 32,
  sendsPerSecond: 20,
  sendBurst: 40,
  membersPerRoom: 1000,
  rooms: 200,
  sockets: 5000,
  messagesPerRoom: 10_000,
  historyDefault: 50,
  historyResumeMax: 1000,
  badFramesBeforeClose: 10,
  /** `history` request: 1..this many messages per page. */
  historyPageMax: 200,
  /** `search` request: 1..this many results per page. */
  searchPageMax: 100,
  /** `search.q`: 1..this many characters. */
  searchQueryMaxChars: 200,
  /** Requests (history, search, …) one socket may have in progress at once. */
  requestsInFlight: 4,
});

/** Timings of the contract, in milliseconds. */
export const TIMINGS = Object.freeze({
  helloTimeoutMs: 10_000,
  hostPingIntervalMs: 15_000,
  clientPingIntervalMs: 15_000,
  clientDeadAfterMs: 35_000,
  typingMinIntervalMs: 2_000,
  typingHideAfterMs: 5_000,
});

/** A member as others see it: never the clientId. */
export interface Member {
  id: string;
  name: string;
}

/** What a log entry is (1.1): absent means `text`. See room-log.ts for the change kinds. */
export type EntryKind = 'text' | 'edit' | 'delete' | 'react';

/** Who reacted with what: emoji → member ids, in the order they reacted. */
export type Reactions = Record<string, string[]>;

/** One stored entry of a room's log, as the host sends it. */
export interface ChatMessage {
  type: 'message';
  seq: number;
  id: string;
  from: Member;
  text: string;
  ts: number;
  /** 1.1: absent for a text entry. */
  kind?: Exclude<EntryKind, 'text'>;
  /** 1.1, change entries: the seq of the text entry they change. */
  target?: number;
  /** 1.1, react entries. */
  emoji?: string;
  /** 1.1, react entries: the reaction is added (true) or taken back (false). */
  on?: boolean;
  /** 1.1, text entries: the seq of the text entry this one answers. */
  replyTo?: number;
  /** 1.1, text entries in their current state: when the text was last edited. */
  edited?: number;
  /** 1.1, text entries in their current state: erased by its author. */
  deleted?: true;
  /** 1.1, text entries in their current state: present when any reaction is on. */
  reactions?: Reactions;
  /** 1.1 (our addition), text entries in their current state: the seq of the last change applied. */
  rev?: number;
  /** The files sent with it (protocol 1.1 `files`), in the order the sender gave. */
  files?: FileInfo[];
}

/** A file as a stored message carries it (files.ts has its limits and checks). */
export interface FileInfo {
  id: string;
  name: string;
  size: number;
  type: string;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
  /** For png/jpeg/gif/webp images the host could read. */
  width?: number;
  height?: number;
  /** Path of a small preview on the host (`/api/rooms/ROOM/files/ID/thumb`). */
  thumb?: string;
}

/** One member's read position in a room (1.1). */
export interface ReadState {
  member: Member;
  seq: number;
}

// ---- client → host -------------------------------------------------------------------------

export interface HelloFrame {
  type: 'hello';
  protocol: number;
  clientId: string;
  name: string;
  password?: string;
  since?: number;
  epoch?: string;
  /** Extension: what this client understands beyond 1.1 (unknown entries are ignored). */
  features?: string[];
}

export interface SendFrame {
  type: 'send';
  id: string;
  text: string;
  /** Ids (`f-…`) of uploads finished in this room; 1.1 `files`. */
  files?: string[];
  /** 1.1: the seq of the text entry this one answers. */
  replyTo?: number;
}

/** 1.1: replaces the text of one of your own text entries. */
export interface EditFrame {
  type: 'edit';
  id: string;
  target: number;
  text: string;
}

/** 1.1: erases one of your own text entries. */
export interface DeleteFrame {
  type: 'delete';
  id: string;
  target: number;
}

/** 1.1: adds (`on`) or takes back a reaction to a text entry. */
export interface ReactFrame {
  type: 'react';
  id: string;
  target: number;
  emoji: string;
  on: boolean;
}

/** A request that becomes a change entry of the log. */
export type ChangeFrame = EditFrame | DeleteFrame | ReactFrame;

/** 1.1: the highest seq this member has seen on screen. */
export interface ClientReadFrame {
  type: 'read';
  seq: number;
}

export interface ClientTypingFrame {
  type: 'typing';
}

export interface PingFrame {
  type: 'ping';
  t: number;
}

/** Older history: the text entries with `seq < before`, the newest `limit` of them. */
export interface HistoryRequest {
  type: 'history';
  ref: string;
  before: number;
  limit: number;
}

/** Search: text entries whose current text contains `q`, case-insensitively, newest first. */
export interface SearchRequest {
  type: 'search';
  ref: string;
  q: string;
  limit: number;
  before?: number;
}

/** Extension (feature `rename`): the member's new display name in this room, under hello's rules. */
export interface RenameRequest {
  type: 'rename';
  ref: string;
  name: string;
}

/** A request on the socket: carries a `ref` that its reply (or its error) repeats. */
export type RequestFrame = HistoryRequest | SearchRequest | RenameRequest;
export type RequestType = RequestFrame['type'];

export type ClientFrame =
  HelloFrame | SendFrame | ClientTypingFrame | PingFrame | RequestFrame | ChangeFrame | ClientReadFrame;

// ---- host → client -------------------------------------------------------------------------

export interface WelcomeFrame {
  type: 'welcome';
  protocol: number;
  room: string;
  epoch: string;
  you: Member;
  /** The other members present now (not `you`). */
  members: Member[];
  history: ChatMessage[];
  latestSeq: number;
  truncated: boolean;
  server: { name: string; version: string };
  /** 1.1: the features this host serves (absent from a 1.0 host). */
  features?: Feature[];
  /** 1.1: an opaque secret of this member in this room, for the HTTP calls (Bearer). */
  token?: string;
  /** 1.1: every member who has read anything in the room, present or not. */
  reads?: ReadState[];
}

export interface PresenceFrame {
  type: 'presence';
  /** `rename` (extension): a present member's new name, only to clients that said they understand it. */
  event: 'join' | 'leave' | 'rename';
  member: Member;
}

export interface HostTypingFrame {
  type: 'typing';
  member: Member;
}

export interface PongFrame {
  type: 'pong';
  t: number;
}

export interface ErrorFrame {
  type: 'error';
  code: ErrorCode;
  message: string;
  ref?: string;
  /**
   * Extension: whole seconds before trying again is worth it (`bad_password` during the
   * password backoff). Clients that do not know it show `message` or their own sentence.
   */
  retryAfter?: number;
}

/**
 * 1.1 (`dm`): a new message in a direct-message room, sent to the other member's sockets in the
 * other rooms of this host, so that a client not in the DM room yet can open it.
 */
export interface DmNoticeFrame {
  type: 'dm';
  room: string;
  message: ChatMessage;
}

/** The answer to a {@link HistoryRequest}: oldest first; `more` says older ones exist. */
export interface HistoryReply {
  type: 'history';
  ref: string;
  messages: ChatMessage[];
  more: boolean;
}

/** The answer to a {@link SearchRequest}: newest first; `more` says older matches exist. */
export interface SearchReply {
  type: 'search';
  ref: string;
  results: ChatMessage[];
  more: boolean;
}

/** The answer to a {@link RenameRequest}: the member as the room now knows it (`Alice (2)` when taken). */
export interface RenameReply {
  type: 'rename';
  ref: string;
  you: Member;
}

/** A reply to a request, matched by `ref`. */
export type ReplyFrame = HistoryReply | SearchReply | RenameReply;

/** 1.1: another member's read position moved. */
export interface HostReadFrame {
  type: 'read';
  member: Member;
  seq: number;
}
export type HostFrame =
  | WelcomeFrame
  | ChatMessage
  | PresenceFrame
  | HostTypingFrame
  | PongFrame
  | ErrorFrame
  | ReplyFrame
  | HostReadFrame
  | DmNoticeFrame;

/** `GET /api/info` */
export interface HostInfo {
  app: typeof APP_ID;
  version: string;
  protocol: number;
  name: string;
  /** The busiest rooms (at most 100), sorted by id. */
  rooms: { id: string; members: number; locked: boolean }[];
  /** How many rooms the host has in all (more than `rooms.length` when the list was cut). */
  roomCount?: number;
  /** 1.1: the features this host serves, as in `welcome.features`. */
  features?: Feature[];
  /** The host's key fingerprint (SHA-256 of its certificate's SPKI, 64 hex digits), when it serves TLS. */
  fingerprint?: string;
}

/**
 * Marks the end of an exhaustive switch: a new frame type that a switch forgot becomes a
 * compile error, and an impossible value at run time becomes a clear exception.
 */
export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}

/** The path of a room's socket. */
export function roomPath(room: string): string {
  return `/room/${encodeURIComponent(room)}`;
}
