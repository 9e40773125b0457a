/**
 * This host's side of room-wide presence in Redis (the scripts are in presence-scripts.ts):
 * registering and removing its members — one chain of updates per room, so that a leave and a
 * re-join never cross — keeping leaves for later while Redis is away, and reaping the presence
 * of hosts that died.
 */
import { validMember } from './revalidate.ts';
import type { Redis } from 'ioredis';
import type { Member } from '../../src-shared/protocol.ts';
import type { LuaScript } from './connection.ts';
import type { RedisKeys } from './keys.ts';
import { JOIN, LEAVE, REAP, RENAME } from './presence-scripts.ts';
import { nameCandidates } from '../host/name-skeleton.ts';

/** How many candidate names a join offers the script at first (then eight times more each time). */
const FIRST_CANDIDATES = 8;

/** A member's entry into a room, as the whole room sees it. */
export interface RoomEntry {
  /** Its name, unique in the whole room. */
  name: string;
  /** It was on no host before. */
  arrived: boolean;
  /** The other members present, on every host. */
  members: Member[];
}

interface Deferred {
  roomId: string;
  memberId: string;
  stillHere: () => boolean;
}

export class RedisPresence {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  readonly #hostId: string;
  readonly #log: (line: string) => void;
  readonly #chains = new Map<string, Promise<unknown>>();
  /** Leaves that could not reach Redis; retried by {@link retryDeferred}. */
  readonly #deferred = new Map<string, Deferred>();

  constructor(redis: Redis, keys: RedisKeys, hostId: string, log: (line: string) => void) {
    this.#redis = redis;
    this.#keys = keys;
    this.#hostId = hostId;
    this.#log = log;
  }

  /** Registers a member's presence on this host (again: harmless). */
  join(roomId: string, memberId: string, wantedName: string): Promise<RoomEntry> {
    const k = this.#keys;
    return this.#serial(roomId, async () => {
      const keys = [k.presence(roomId), k.hostRooms(this.#hostId), k.hosts, k.skeletons(roomId)];
      const [name, arrived, ...hash] = await this.#offerNames(JOIN, keys, roomId, memberId, wantedName);
      const others = new Map<string, Member>();
      for (let i = 0; i < hash.length; i += 2) {
        const id = hash[i]!.slice(hash[i]!.indexOf('|') + 1);
        const other = id === memberId ? undefined : validMember(id, hash[i + 1]); // checked like network input
        if (other) others.set(id, other);
      }
      return {
        name: validMember(memberId, name)?.name ?? wantedName,
        arrived: Number(arrived) === 1,
        members: [...others.values()],
      };
    });
  }

  /**
   * A present member's new name, agreed room-wide (the RENAME script: the join's skeleton rule).
   * @returns the name it now has, or undefined when it is in the room on no host
   */
  rename(roomId: string, memberId: string, wantedName: string): Promise<string | undefined> {
    const k = this.#keys;
    return this.#serial(roomId, async () => {
      const keys = [k.presence(roomId), k.skeletons(roomId)];
      const [name, done] = await this.#offerNames(RENAME, keys, roomId, memberId, wantedName);
      return Number(done) === 0 ? undefined : (validMember(memberId, name)?.name ?? wantedName);
    });
  }

  /**
   * Runs a script that gives a member the first free name of those offered (JOIN, RENAME),
   * offering more while it answers -1: candidates are named and skeletonised here (the one
   * definition), and the script picks the first free one.
   * @returns the script's reply: the name, then its status and the rest
   */
  async #offerNames(
    script: LuaScript,
    keys: string[],
    roomId: string,
    memberId: string,
    wantedName: string,
  ): Promise<[string, number, ...string[]]> {
    for (let from = 1, count = FIRST_CANDIDATES; ; from += count, count *= 8) {
      const offered = nameCandidates(wantedName, from, count).flatMap((c) => [c.name, c.skeleton]);
      const args = [this.#hostId, memberId, this.#keys.events, roomId, ...offered];
      const reply = (await script.run(this.#redis, keys, args)) as [string, number, ...string[]];
      if (Number(reply[1]) !== -1) return reply;
    }
  }

  /**
   * Removes a member's presence on this host, unless `stillHere()` says it came back meanwhile.
   * @returns whether it left the whole room (it was on no other host)
   */
  leave(roomId: string, memberId: string, stillHere: () => boolean): Promise<boolean> {
    const k = this.#keys;
    return this.#serial(roomId, async () => {
      if (stillHere()) return false;
      const keys = [k.presence(roomId), k.hostRooms(this.#hostId), k.skeletons(roomId)];
      return (await LEAVE.run(this.#redis, keys, [this.#hostId, memberId, k.events, roomId])) !== null;
    });
  }

  /** Keeps a leave that failed, to try again with {@link retryDeferred}. */
  defer(roomId: string, memberId: string, stillHere: () => boolean): void {
    this.#deferred.set(`${roomId}\n${memberId}`, { roomId, memberId, stillHere });
  }

  /** Tries the deferred leaves again; one that fails stays. */
  async retryDeferred(): Promise<void> {
    for (const [key, d] of this.#deferred) {
      await this.leave(d.roomId, d.memberId, d.stillHere);
      this.#deferred.delete(key);
    }
  }

  /** The members present in a room on any host, by id (names as the room knows them). */
  async present(roomId: string): Promise<Map<string, Member>> {
    const out = new Map<string, Member>();
    const hash = await this.#redis.hgetall(this.#keys.presence(roomId));
    for (const [field, name] of Object.entries(hash)) {
      const id = field.slice(field.indexOf('|') + 1);
      const member = validMember(id, name); // checked like network input
      if (member) out.set(id, member);
    }
    return out;
  }

  /** Removes the presence of hosts whose liveness key has expired (their members leave). */
  async reap(): Promise<void> {
    const k = this.#keys;
    for (const host of await this.#redis.smembers(k.hosts)) {
      if (host === this.#hostId || (await this.#redis.exists(k.hostAlive(host)))) continue;
      const rooms = await this.#redis.smembers(k.hostRooms(host));
      const keys = [
        k.hostAlive(host),
        k.hostRooms(host),
        k.hosts,
        ...rooms.flatMap((r) => [k.presence(r), k.skeletons(r)]),
      ];
      if (await REAP.run(this.#redis, keys, [host, k.events, ...rooms])) {
        this.#log(`redis reaped host=${host} rooms=${rooms.length}`);
      }
    }
  }

  /** Resolves once every update under way has finished. */
  async drain(): Promise<void> {
    await Promise.all([...this.#chains.values()]);
  }

  #serial<T>(key: string, task: () => Promise<T>): Promise<T> {
    const run = (this.#chains.get(key) ?? Promise.resolve()).then(task);
    const tail = run.catch(() => {});
    this.#chains.set(key, tail);
    void tail.then(() => this.#chains.get(key) === tail && this.#chains.delete(key));
    return run;
  }
}
