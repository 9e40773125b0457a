/**
 * Every Redis key and channel the scale-out host uses, in one place, under one prefix (so that
 * several LAN Chat deployments, or tests, can share a Redis database without meeting).
 */

/** The names of one deployment's keys. */
export interface RedisKeys {
  /** String: the member-id secret shared by every host (member ids are the same on all). */
  secret: string;
  /** Set: the ids of every room that has a log. */
  rooms: string;
  /** Hash: a room's `epoch` and `seq` (the last seq given). */
  room(room: string): string;
  /** Stream: a room's messages, entry id `<seq>-0`, one field `m` (see message-codec.ts). */
  log(room: string): string;
  /** Sorted set: `clientId:sendId` → seq, the dedup records of the messages still in the log. */
  dedup(room: string): string;
  /** Hash: seq → text of a text or edit entry (kept out of the Stream so that a delete erases it). */
  texts(room: string): string;
  /** Hash: seq → JSON current state of a changed text entry (see redis-log.ts). */
  states(room: string): string;
  /** Hash: seq → JSON file list of an entry sent with files (kept out of the Stream: see texts). */
  files(room: string): string;
  /** Hash: member id → JSON `[name, seq]`, the member's read position. */
  reads(room: string): string;
  /** Hash: `hostId|memberId` → display name, one field per host a member has sockets on. */
  presence(room: string): string;
  /** Hash: the same fields as `presence` → the confusable skeleton of the name (name-skeleton.ts). */
  skeletons(room: string): string;
  /** String with a TTL: present while the host is alive. */
  hostAlive(host: string): string;
  /** Set: the rooms in which a host has registered presence (what to clean when it dies). */
  hostRooms(host: string): string;
  /** Set: hosts that may have presence registered. */
  hosts: string;
  /**
   * Channel `entries`: every stored message, published by the script that stores it (so in seq
   * order), one payload per room per batch (decodePublished). Named anew when payloads became
   * batches (it was `messages`, one message each): a host of the earlier version hears nothing
   * of a newer one and catches up from the Stream, instead of misreading a batch as one message.
   */
  messages: string;
  /** Channel: presence and typing events. */
  events: string;
}

/** The prefix of a deployment that names none (`--redis-prefix`). */
export const DEFAULT_PREFIX = 'lanchat:';

/** The key names under `prefix` (default `lanchat:`). */
export function redisKeys(prefix = DEFAULT_PREFIX): RedisKeys {
  return {
    secret: `${prefix}secret`,
    rooms: `${prefix}rooms`,
    room: (r) => `${prefix}room:${r}`,
    log: (r) => `${prefix}room:${r}:log`,
    dedup: (r) => `${prefix}room:${r}:dedup`,
    texts: (r) => `${prefix}room:${r}:text`,
    states: (r) => `${prefix}room:${r}:state`,
    files: (r) => `${prefix}room:${r}:files`,
    reads: (r) => `${prefix}room:${r}:reads`,
    presence: (r) => `${prefix}room:${r}:presence`,
    skeletons: (r) => `${prefix}room:${r}:skeletons`,
    hostAlive: (h) => `${prefix}host:${h}`,
    hostRooms: (h) => `${prefix}host:${h}:rooms`,
    hosts: `${prefix}hosts`,
    messages: `${prefix}entries`,
    events: `${prefix}events`,
  };
}
