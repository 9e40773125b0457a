/**
 * Read positions (protocol 1.1 `read`): each member's highest seq seen, kept durably and told to
 * the room at most once a second per member. A burst of reads (someone scrolling) costs one
 * store write and one relay per second per room, however many arrive.
 */
import type { Member, ReadState } from '../../src-shared/protocol.ts';
import type { HistoryStore } from '../store/store.ts';

/** Reads of one member are relayed at most this often. */
export const READ_RELAY_MS = 1000;

/** What the tracker needs of its host. */
export interface ReadsHost {
  /** Tells the room (every socket but the member's own, on every host) where a member has read to. */
  relayRead(room: string, read: ReadState): void;
  log(line: string): void;
}

interface RoomReads {
  /** The newest position seen per member this run (saved or about to be). */
  latest: Map<string, ReadState>;
  /** Members whose position moved since the last flush. */
  dirty: Set<string>;
  lastFlush: number;
  timer: NodeJS.Timeout | undefined;
  flushing: Promise<void> | undefined;
}

export class ReadTracker {
  readonly #store: HistoryStore;
  readonly #host: ReadsHost;
  readonly #rooms = new Map<string, RoomReads>();
  #stopped = false;

  constructor(store: HistoryStore, host: ReadsHost) {
    this.#store = store;
    this.#host = host;
  }

  /**
   * A member says it has seen the room up to `seq` (a lower seq than before is ignored). It is
   * clamped to the room's latest seq: a peer cannot keep a position beyond the log (it would
   * mark every later message read), and a room without messages keeps none (no row for a room
   * that has no record). The store clamps too; this keeps the relayed position true as well.
   */
  read(room: string, member: Member, wanted: number, latestSeq: number): void {
    if (latestSeq <= 0) return;
    const seq = Math.min(wanted, latestSeq);
    let r = this.#rooms.get(room);
    if (!r)
      this.#rooms.set(
        room,
        (r = { latest: new Map(), dirty: new Set(), lastFlush: 0, timer: undefined, flushing: undefined }),
      );
    const known = r.latest.get(member.id);
    if (known && known.seq >= seq) return;
    r.latest.set(member.id, { member, seq });
    r.dirty.add(member.id);
    if (r.timer) return;
    const wait = Math.max(0, r.lastFlush + READ_RELAY_MS - Date.now());
    r.timer = setTimeout(() => void this.#flush(room, r), wait);
  }

  /** Every member's position in the room: the stored ones raised by those not yet stored. */
  async reads(room: string): Promise<ReadState[]> {
    const stored = await this.#store.reads(room);
    const pending = this.#rooms.get(room)?.latest;
    if (!pending) return stored;
    const byId = new Map(stored.map((r) => [r.member.id, r]));
    for (const [id, r] of pending) if ((byId.get(id)?.seq ?? -1) < r.seq) byId.set(id, r);
    return [...byId.values()].sort((a, b) => b.seq - a.seq);
  }

  /** Stores and relays what is pending now (before the host stops). */
  async drain(): Promise<void> {
    this.#stopped = true;
    for (const [room, r] of this.#rooms) {
      clearTimeout(r.timer);
      await r.flushing;
      await this.#flush(room, r);
    }
  }

  async #flush(room: string, r: RoomReads): Promise<void> {
    r.timer = undefined;
    r.lastFlush = Date.now();
    const reads = [...r.dirty].map((id) => r.latest.get(id)!);
    r.dirty.clear();
    if (reads.length === 0) return this.#forget(room, r);
    try {
      r.flushing = this.#store.saveReads(room, reads);
      await r.flushing;
      for (const read of reads) this.#host.relayRead(room, read);
    } catch (err) {
      this.#host.log(`error room=${room} saving read positions failed: ${String(err)}`);
    } finally {
      r.flushing = undefined;
    }
    // The next flush waits a second; a quiet room leaves memory at its next turn.
    if (!this.#stopped) r.timer ??= setTimeout(() => void this.#flush(room, r), READ_RELAY_MS);
  }

  #forget(room: string, r: RoomReads): void {
    if (r.dirty.size === 0 && !r.timer && this.#rooms.get(room) === r) this.#rooms.delete(room);
  }
}
