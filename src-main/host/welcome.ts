/**
 * What a member is told when it joins: the history from its resume point (from the start of the
 * current log when it resumes another epoch), capped in bytes, where everyone has read to, who it
 * is and who is there, and what this host serves.
 *
 * The history comes from the room's recent entries (recent-entries.ts) when they can tell, else
 * from the store; either way it is encoded once and written as is, so that the welcomes of a
 * reconnect storm share one buffer of history bytes instead of each building its own.
 */
import {
  LIMITS,
  PROTOCOL_VERSION,
  type ChatMessage,
  type HelloFrame,
  type Member,
  type ReadState,
} from '../../src-shared/protocol.ts';
import { hostFeatures } from './features.ts';
import { capHistoryBytes } from './limits/welcome-history.ts';
import type { ResolvedOptions } from './options.ts';
import { encodeHistory, RecentEntries, type EncodedHistory } from './recent-entries.ts';
import type { ReadTracker } from './room-reads.ts';
import type { Room } from './room.ts';
import type { MembersJson } from './roster.ts';

/** What the welcome lists from the store: its history, encoded, and the read positions. */
export interface WelcomeHistory {
  page: EncodedHistory;
  reads: ReadState[];
}

export class Welcomes {
  readonly #options: ResolvedOptions;
  readonly #reads: ReadTracker;
  /** Each live room's recent entries (they go with the room when it unloads). */
  readonly #recent = new WeakMap<Room, RecentEntries>();
  /** Entries a room keeps for welcomes; 0: none (the store's retention is unknown or small). */
  readonly #window: number;

  constructor(options: ResolvedOptions, reads: ReadTracker) {
    this.#options = options;
    this.#reads = reads;
    // The cache must never hold an entry the store has pruned: a store that keeps twice what a
    // resume can ask for leaves a wide margin (even when it is ahead of what was delivered).
    const kept = options.store.retention ?? 0;
    this.#window =
      kept >= 2 * LIMITS.historyResumeMax ? Math.min(options.limits.recentEntries, LIMITS.historyResumeMax) : 0;
  }

  /** Entries the room has received (seq ascending), with the bytes they were broadcast as. */
  delivered(room: Room, messages: readonly ChatMessage[], payloads: readonly Buffer[]): void {
    this.#recent.get(room)?.delivered(messages, payloads);
  }

  /** The history page (resumed after `hello.since` when its epoch is the room's) and read positions. */
  async history(room: Room, hello: HelloFrame): Promise<WelcomeHistory> {
    const since = hello.epoch !== undefined && hello.epoch !== room.epoch ? undefined : hello.since;
    const limit = since === undefined ? LIMITS.historyDefault : LIMITS.historyResumeMax;
    const [page, reads] = await Promise.all([this.#page(room, since, limit), this.#reads.reads(room.id)]);
    return { page, reads };
  }

  async #page(room: Room, since: number | undefined, limit: number): Promise<EncodedHistory> {
    const { store, limits } = this.#options;
    const recent = this.#recentOf(room);
    if (recent) {
      const cached = recent.page(since, limit, limits.maxWelcomeHistoryBytes);
      if (cached) return cached;
      await recent.fill((n) => store.history(room.id, undefined, n));
      const filled = recent.page(since, limit, limits.maxWelcomeHistoryBytes);
      if (filled) return filled;
    }
    return encodeHistory(capHistoryBytes(await store.history(room.id, since, limit), limits.maxWelcomeHistoryBytes));
  }

  #recentOf(room: Room): RecentEntries | undefined {
    if (this.#window === 0) return undefined;
    let recent = this.#recent.get(room);
    if (!recent) {
      const { maxWelcomeHistoryBytes, maxFrameBytes } = this.#options.limits;
      recent = new RecentEntries(this.#window, maxWelcomeHistoryBytes + 2 * maxFrameBytes);
      this.#recent.set(room, recent);
    }
    return recent;
  }

  /**
   * The welcome frame of `you` in `room`, with the other `members` present and its HTTP `token`,
   * as the pieces of its JSON text: the same bytes as `encodeFrame` of the whole frame. The
   * members and the history come encoded (shared by the welcomes of a storm); only the fields
   * of this one welcome are stringified here.
   */
  frame(
    room: Room,
    who: { you: Member; members: MembersJson; token: string },
    history: WelcomeHistory,
  ): (string | Buffer)[] {
    const { page, reads } = history;
    const head = JSON.stringify({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      room: room.id,
      epoch: room.epoch,
      you: who.you,
    });
    const tail = JSON.stringify({
      latestSeq: page.latestSeq,
      truncated: page.truncated,
      server: { name: this.#options.name, version: this.#options.version },
      features: hostFeatures(this.#options),
      token: who.token,
      reads,
    });
    return [`${head.slice(0, -1)},"members":[`, ...who.members, '],"history":[', page.json, `],${tail.slice(1)}`];
  }
}
