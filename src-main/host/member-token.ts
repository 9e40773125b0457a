/**
 * `welcome.token` (1.1): an opaque secret of one member in one room, for the HTTP calls (files).
 *
 * A token is `<payload>.<mac>`: the payload (issue time and member id, base64url) signed with a
 * key derived from the data folder's secret. It names the member id, which is public, and
 * nothing else: no clientId, nothing a reader could replay in another room (the room is in the
 * MAC). Because the secret is the same on every host of a Redis deployment, any host can check
 * that a token is genuine.
 *
 * It is valid while the member has a live socket in the room on this host, for 10 minutes after
 * its last one closed, and for 10 minutes after it was issued on any host (so that a call that
 * nginx sends to another host than the socket's works right after the welcome).
 */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** How long a token stays valid after the member's last socket closed (and after issue). */
export const TOKEN_GRACE_MS = 10 * 60_000;
const MAC_BYTES = 24;
/** Base64url of the MAC: exact, so that no two spellings of one token exist. */
const MAC_CHARS = 32;
/** Tokens longer than this are refused before any work (they come from the network). */
const MAX_TOKEN_CHARS = 128;
const MEMBER_ID = /^m-[A-Za-z0-9_-]{16}$/;

interface Liveness {
  sockets: number;
  /** When the last socket closed (meaningful when `sockets` is 0). */
  leftAt: number;
}

/** The tokens of one host: issues them at welcome, tracks liveness, checks them for HTTP calls. */
export class MemberTokens {
  /** A key object, made once: importing raw key bytes is a cost on every token. */
  readonly #key: KeyObject;
  readonly #now: () => number;
  readonly #live = new Map<string, Liveness>();
  /** The map's size that triggers the next sweep of long-gone members. */
  #sweepAt = 1024;

  /**
   * @param secret the data folder's secret (the one member ids derive from)
   * @param now the clock, in ms
   */
  constructor(secret: Uint8Array, now: () => number = Date.now) {
    // A key of its own: a token's MAC can never be confused with a member id's.
    this.#key = createSecretKey(createHmac('sha256', secret).update('lanchat member token v1').digest());
    this.#now = now;
  }

  /**
   * A socket of `memberId` joined `room`: counts it and returns a fresh token for its welcome.
   * Call {@link release} when that socket closes.
   */
  issue(room: string, memberId: string): string {
    const key = liveKey(room, memberId);
    const entry = this.#live.get(key);
    if (entry) entry.sockets++;
    else this.#live.set(key, { sockets: 1, leftAt: 0 });
    const payload = Buffer.from(`${Math.floor(this.#now() / 1000)}:${memberId}`).toString('base64url');
    return `${payload}.${this.#mac(room, payload).toString('base64url')}`;
  }

  /** A socket that got a token from {@link issue} closed. */
  release(room: string, memberId: string): void {
    const entry = this.#live.get(liveKey(room, memberId));
    if (!entry || entry.sockets === 0) return;
    if (--entry.sockets === 0) entry.leftAt = this.#now();
    this.#sweep();
  }

  /**
   * Checks a token from an HTTP call.
   * @returns the member id it belongs to, when it is genuine, for this room, and valid now
   */
  verify(room: string, token: unknown): string | undefined {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) return undefined;
    const [payload, mac, extra] = token.split('.');
    if (!payload || mac?.length !== MAC_CHARS || extra !== undefined) return undefined;
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== MAC_BYTES || !timingSafeEqual(given, this.#mac(room, payload))) return undefined;
    const [issuedSec, memberId] = Buffer.from(payload, 'base64url').toString().split(':');
    if (!memberId || !MEMBER_ID.test(memberId)) return undefined;
    const now = this.#now();
    if (now - Number(issuedSec) * 1000 < TOKEN_GRACE_MS) return memberId;
    const entry = this.#live.get(liveKey(room, memberId));
    if (entry && (entry.sockets > 0 || now - entry.leftAt < TOKEN_GRACE_MS)) return memberId;
    return undefined;
  }

  #mac(room: string, payload: string): Buffer {
    return createHmac('sha256', this.#key).update(`${room}\n${payload}`).digest().subarray(0, MAC_BYTES);
  }

  /** Forgets members gone for longer than the grace: the map holds present members and recent leavers. */
  #sweep(): void {
    // Amortized: a full pass only each time the map has doubled since the last one.
    if (this.#live.size < this.#sweepAt) return;
    const cutoff = this.#now() - TOKEN_GRACE_MS;
    for (const [key, e] of this.#live) if (e.sockets === 0 && e.leftAt < cutoff) this.#live.delete(key);
    this.#sweepAt = Math.max(1024, this.#live.size * 2);
  }
}

const liveKey = (room: string, memberId: string) => `${room}\n${memberId}`;
