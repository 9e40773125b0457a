/**
 * The rooms alive on this host: opened from the store on first join (at most `limits.rooms` at
 * once, those opening included) and unloaded when their last socket has gone (their log stays).
 * A Map-like view (`get`, `has`, `keys`, `values`) for the host's lookups.
 */
import type { HistoryStore } from '../store/store.ts';
import type { Fanout } from './fanout.ts';
import { Room } from './room.ts';

/** What the rooms tell their host. */
export interface LiveRoomsHost {
  roomOpened(id: string): void;
  roomClosed(id: string): void;
}

export class LiveRooms {
  readonly #rooms = new Map<string, Room>();
  readonly #opening = new Map<string, Promise<Room>>();
  /** Rooms opened with an empty log: bringing one to life counts against the address (new rooms/min). */
  readonly #unlogged = new WeakSet<Room>();
  readonly #store: HistoryStore;
  readonly #fanout: Fanout;
  readonly #limit: number;
  readonly #host: LiveRoomsHost;

  /** @param limit how many rooms may be alive at once */
  constructor(store: HistoryStore, fanout: Fanout, limit: number, host: LiveRoomsHost) {
    this.#store = store;
    this.#fanout = fanout;
    this.#limit = limit;
    this.#host = host;
  }

  get(id: string): Room | undefined {
    return this.#rooms.get(id);
  }

  has(id: string): boolean {
    return this.#rooms.has(id);
  }

  keys(): IterableIterator<string> {
    return this.#rooms.keys();
  }

  values(): IterableIterator<Room> {
    return this.#rooms.values();
  }

  /** The members present in these rooms, now. */
  get memberCount(): number {
    let count = 0;
    for (const room of this.#rooms.values()) count += room.memberCount;
    return count;
  }

  /** The live room, opened from the store on first use; undefined when over the room limit. */
  async open(id: string): Promise<Room | undefined> {
    const live = this.#rooms.get(id);
    if (live) return live;
    let opening = this.#opening.get(id);
    if (!opening) {
      if (this.#rooms.size + this.#opening.size >= this.#limit) return undefined;
      opening = this.#store.openRoom(id).then(async (log) => {
        const room = new Room(id, log.epoch);
        room.reached(log.latestSeq);
        if (log.latestSeq === 0) this.#unlogged.add(room);
        await this.#fanout.open(room, log.latestSeq);
        return room;
      });
      this.#opening.set(id, opening);
      opening.finally(() => this.#opening.delete(id)).catch(() => {});
    }
    const room = await opening;
    const current = this.#rooms.get(id);
    if (current) return current;
    this.#rooms.set(id, room);
    this.#host.roomOpened(id);
    return room;
  }

  /** Whether the room was opened with an empty log (its first join brings it to life). */
  isNew(room: Room): boolean {
    return this.#unlogged.has(room);
  }

  /** An empty room leaves memory (and stops counting towards the room limit); its log stays. */
  unloadIfEmpty(room: Room): void {
    if (room.socketCount === 0 && this.#rooms.get(room.id) === room) {
      this.#rooms.delete(room.id);
      this.#fanout.close(room.id);
      this.#host.roomClosed(room.id);
    }
  }
}
