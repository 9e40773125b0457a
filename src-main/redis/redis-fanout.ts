/**
 * The fan-out of several hosts on one Redis.
 *
 * Messages: the append script PUBLISHes the stored messages on one channel, one payload per room
 * per batch, in seq order. Every host subscribes once and feeds, per live room, a
 * {@link Sequencer} with those and with its own append results (the fast path). A seq that
 * arrives ahead of a missing one waits; if the missing one does not come over pub/sub within
 * `gapFillMs` (a subscriber reconnect, a dropped pub/sub buffer), it is read from the room's
 * Stream. Each heartbeat also compares every live room's seq counter with what was delivered,
 * so even a lost last message is caught within a heartbeat.
 *
 * Presence: see redis-presence.ts. Each host refreshes a liveness key (TTL three heartbeats)
 * and, every heartbeat, reaps the presence of hosts whose key has expired.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ChatMessage, HostReadFrame, Member } from '../../src-shared/protocol.ts';
import type { Arrival, Fanout, FanoutHost } from '../host/fanout.ts';
import { membersJson } from '../host/roster.ts';
import type { Room, RoomSocket } from '../host/room.ts';
import { Sequencer } from './sequencer.ts';
import { decodePublished } from './redis-log.ts';
import type { RedisStore } from './redis-store.ts';
import { validMember } from './revalidate.ts';
import { RedisPresence } from './redis-presence.ts';

export interface RedisFanoutOptions {
  /** The store (its connection serves commands, its keys name everything). */
  store: RedisStore;
  /** A connection of its own: a subscribed connection can do nothing else. */
  subscriber: Redis;
  /** This host's id in presence records. Default: random. */
  hostId?: string;
  /** Liveness refresh, reaping and seq checks (default 5000 ms); liveness expires after three. */
  heartbeatMs?: number;
  /** How long a seq may wait for an earlier one before the Stream is read (default 100 ms). */
  gapFillMs?: number;
}

interface LiveRoom {
  room: Room;
  seq: Sequencer;
  fill?: NodeJS.Timeout;
  /**
   * The members this host's sockets were told are in the room (on any host), so that presence
   * missed while the subscription was down can be made up (see #reconcile).
   */
  known: Map<string, Member>;
  /**
   * One set per reconcile under way: the members whose join or leave pub/sub told meanwhile.
   * Their state in the reconcile's read of the presence hash may be older than what was told.
   */
  heard: Set<Set<string>>;
}

interface Event {
  h: string;
  r: string;
  e: 'join' | 'leave' | 'typing' | 'read' | 'rename';
  m: Member;
  /** The seq of a `read`. */
  s?: number;
}

const PAGE = 1000;

export class RedisFanout implements Fanout {
  readonly hostId: string;
  readonly #store: RedisStore;
  readonly #redis: Redis;
  /** The subscribed connection (public for diagnostics and tests). */
  readonly subscriber: Redis;
  readonly #heartbeatMs: number;
  readonly #gapFillMs: number;
  readonly #rooms = new Map<string, LiveRoom>();
  readonly #presence: RedisPresence;
  #host: FanoutHost | undefined;
  #beat: NodeJS.Timeout | undefined;
  #beating = false;
  #subscribed = false;
  #stopped = false;

  constructor(options: RedisFanoutOptions) {
    this.#store = options.store;
    this.#redis = options.store.redis;
    this.subscriber = options.subscriber;
    this.hostId = options.hostId ?? randomBytes(9).toString('base64url');
    this.#heartbeatMs = options.heartbeatMs ?? 5000;
    this.#gapFillMs = options.gapFillMs ?? 100;
    this.#presence = new RedisPresence(this.#redis, this.#store.keys, this.hostId, (line) => this.#host?.log(line));
  }

  get #keys() {
    return this.#store.keys;
  }

  async start(host: FanoutHost): Promise<void> {
    this.#host = host;
    this.subscriber.on('message', (channel: string, payload: string) => {
      try {
        this.#onMessage(channel, payload);
      } catch (err) {
        // Only our scripts publish there; anything else is someone else's bug, not a reason to crash.
        this.#host?.log(`error redis: unreadable ${channel} event: ${String(err)}`);
      }
    });
    this.subscriber.on('ready', () => {
      // ioredis subscribes again by itself; what was published meanwhile is read from the logs.
      if (this.#subscribed && !this.#stopped) setTimeout(() => this.#resync('subscriber reconnected'), 50);
    });
    await this.subscriber.subscribe(this.#keys.messages, this.#keys.events);
    this.#subscribed = true;
    await this.#redis.set(this.#keys.hostAlive(this.hostId), '1', 'PX', this.#heartbeatMs * 3);
    this.#beat = setInterval(() => void this.#heartbeat(), this.#heartbeatMs);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#beat);
    await this.#presence.drain();
    for (const live of this.#rooms.values()) clearTimeout(live.fill);
    this.#rooms.clear();
    await this.#redis
      .multi()
      .del(this.#keys.hostAlive(this.hostId))
      .srem(this.#keys.hosts, this.hostId)
      .exec()
      .catch(() => {}); // Redis away: the key expires and the others reap what is left
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  async open(room: Room, latestSeq: number): Promise<void> {
    const live: LiveRoom = {
      room,
      seq: new Sequencer(latestSeq, (m) => this.#host?.deliver(room.id, m)),
      known: new Map(),
      heard: new Set(),
    };
    this.#rooms.set(room.id, live);
    // Registered first, read second: whatever was published before registering is in the log now.
    await this.#catchUp(room.id, live);
  }

  close(roomId: string): void {
    clearTimeout(this.#rooms.get(roomId)?.fill);
    this.#rooms.delete(roomId);
  }

  stored(roomId: string, messages: ChatMessage[]): void {
    const live = this.#rooms.get(roomId);
    if (!live) return;
    live.seq.push(messages);
    this.#checkGap(roomId, live);
  }

  async arrive(room: Room, memberId: string, wantedName: string, socket: RoomSocket): Promise<Arrival> {
    room.add(memberId, wantedName, socket);
    const { name, arrived, members } = await this.#presence.join(room.id, memberId, wantedName);
    const member = room.rename(memberId, name) ?? { id: memberId, name };
    const known = this.#rooms.get(room.id)?.known;
    for (const m of [member, ...members]) known?.set(m.id, m);
    return { member, arrived, members: membersJson(members) };
  }

  async depart(room: Room, memberId: string, socket: RoomSocket): Promise<Member | undefined> {
    const left = room.remove(memberId, socket);
    if (!left) return undefined;
    // Back on this host meanwhile (a re-join queued behind this leave): its presence stays.
    const stillHere = () => this.#rooms.get(room.id)?.room.has(memberId) === true;
    try {
      if (!(await this.#presence.leave(room.id, memberId, stillHere))) return undefined;
      this.#rooms.get(room.id)?.known.delete(memberId);
      return left;
    } catch (err) {
      // This host's sockets still hear the leave; the others will once Redis is back.
      this.#presence.defer(room.id, memberId, stillHere);
      this.#host?.log(`error room=${room.id} presence leave deferred: ${String(err)}`);
      this.#rooms.get(room.id)?.known.delete(memberId);
      return left;
    }
  }

  async rename(room: Room, memberId: string, wantedName: string): Promise<Member | undefined> {
    const name = await this.#presence.rename(room.id, memberId, wantedName);
    if (name === undefined) return undefined;
    const member = room.rename(memberId, name) ?? { id: memberId, name };
    this.#rooms.get(room.id)?.known.set(memberId, member);
    return member;
  }

  typing(roomId: string, member: Member): void {
    const event: Event = { h: this.hostId, r: roomId, e: 'typing', m: member };
    this.#redis.publish(this.#keys.events, JSON.stringify(event)).catch(() => {}); // typing is best effort
  }

  read(roomId: string, frame: HostReadFrame): void {
    const event: Event = { h: this.hostId, r: roomId, e: 'read', m: frame.member, s: frame.seq };
    this.#redis.publish(this.#keys.events, JSON.stringify(event)).catch(() => {}); // it is stored; a lost relay is caught up at the next welcome
  }

  #onMessage(channel: string, payload: string): void {
    if (channel === this.#keys.messages) {
      const got = decodePublished(payload, (room) => this.#rooms.get(room)?.seq.next);
      const live = got && this.#rooms.get(got.room);
      if (!live || got.messages.length === 0) return;
      live.seq.push(got.messages);
      this.#checkGap(got.room, live);
      return;
    }
    let ev: Event;
    try {
      ev = JSON.parse(payload) as Event;
    } catch {
      return;
    }
    // Our own events were delivered here already; a dead host's leaves come with its id.
    if (ev?.h === this.hostId || !this.#rooms.has(ev?.r)) return;
    const member = validMember(ev.m?.id, ev.m?.name); // checked like network input
    if (!member || !['typing', 'join', 'leave', 'read', 'rename'].includes(ev.e)) return;
    const known = this.#rooms.get(ev.r)!.known;
    if (ev.e === 'rename') {
      for (const ids of this.#rooms.get(ev.r)!.heard) ids.add(member.id);
      const before = known.get(member.id); // what this host's sockets were told: the leave of a 1.0 client names it
      if (before) known.set(member.id, member);
      return this.#host?.relayRename(ev.r, before, member);
    }
    // A join or leave is told once: a reconcile after a lapse may have told it already.
    if (ev.e === 'join' || ev.e === 'leave') {
      for (const ids of this.#rooms.get(ev.r)!.heard) ids.add(member.id);
      if (ev.e === 'join' ? known.get(member.id)?.name === member.name : !known.has(member.id)) return;
      if (ev.e === 'join') known.set(member.id, member);
      else known.delete(member.id);
      this.#host?.relay(ev.r, { type: 'presence', event: ev.e, member });
    } else if (ev.e === 'typing') this.#host?.relay(ev.r, { type: 'typing', member });
    else if (Number.isSafeInteger(ev.s) && ev.s! >= 0) this.#host?.relay(ev.r, { type: 'read', member, seq: ev.s! });
  }

  /** Schedules a Stream read when a seq waits for an earlier one that pub/sub has not brought. */
  #checkGap(roomId: string, live: LiveRoom): void {
    if (live.fill || live.seq.firstAhead === undefined || this.#stopped) return;
    live.fill = setTimeout(() => {
      live.fill = undefined;
      const until = live.seq.firstAhead;
      if (until !== undefined) void this.#catchUp(roomId, live, until); // else pub/sub filled it meanwhile
    }, this.#gapFillMs);
  }

  /** Reads the room's log from the next seq to deliver up to just below `until` (or its end). */
  async #catchUp(roomId: string, live: LiveRoom, until?: number): Promise<void> {
    try {
      for (;;) {
        const from = live.seq.next;
        if (until !== undefined && from >= until) break;
        const messages = await this.#store.range(roomId, from, until === undefined ? '+' : until - 1, PAGE);
        if (this.#rooms.get(roomId) !== live) return;
        const first = messages[0]?.seq ?? until;
        if (first !== undefined && first > live.seq.next && until !== undefined) {
          // Not in the log any more: trimmed at the cap before this host could read it.
          this.#host?.log(`error room=${roomId} seq ${live.seq.next}–${first - 1} left the log before delivery`);
          live.seq.skipTo(first);
        }
        live.seq.push(messages);
        if (messages.length < PAGE) break;
      }
    } catch (err) {
      this.#host?.log(`error room=${roomId} reading the log failed: ${String(err)}`);
    }
    this.#checkGap(roomId, live);
  }

  /** After a lost subscription or liveness: catch up every room, register every member again. */
  #resync(why: string): void {
    if (this.#stopped) return;
    this.#host?.log(`redis resync (${why})`);
    for (const [id, live] of this.#rooms) {
      void this.#catchUp(id, live);
      const joins = live.room.members().map((m) => this.#presence.join(id, m.id, m.name));
      // the next lapse or reconnect tries again
      void Promise.all(joins).then(
        () => this.#reconcile(id, live).catch(() => {}),
        () => {},
      );
    }
  }

  /**
   * Tells this host's sockets of the joins, leaves and renames they missed while the subscription was
   * down: pub/sub keeps nothing for a subscriber that is away (a leave deferred by another host
   * while Redis was down may be published before this host subscribed again).
   */
  async #reconcile(roomId: string, live: LiveRoom): Promise<void> {
    const heard = new Set<string>();
    live.heard.add(heard);
    let present: Map<string, Member>;
    try {
      present = await this.#presence.present(roomId);
    } finally {
      live.heard.delete(heard);
    }
    if (this.#rooms.get(roomId) !== live) return;
    // A join or leave heard during the read is newer than the read (or the read shows it already):
    // going by the read would bring back a member who just left, as a ghost.
    for (const id of heard) present.delete(id);
    for (const [id, member] of live.known) {
      if (heard.has(id) || present.has(id) || live.room.has(id)) continue;
      live.known.delete(id);
      this.#host?.relay(roomId, { type: 'presence', event: 'leave', member });
    }
    for (const [id, member] of present) {
      const was = live.known.get(id);
      if (was && was.name !== member.name && !live.room.has(id)) {
        live.known.set(id, member); // renamed meanwhile (the project's extension)
        this.#host?.relayRename(roomId, was, member);
        continue;
      }
      if (was || live.room.has(id)) continue;
      live.known.set(id, member);
      this.#host?.relay(roomId, { type: 'presence', event: 'join', member });
    }
  }

  async #heartbeat(): Promise<void> {
    if (this.#beating || this.#stopped) return;
    this.#beating = true;
    const k = this.#keys;
    try {
      const had = await this.#redis.call('SET', k.hostAlive(this.hostId), '1', 'PX', this.#heartbeatMs * 3, 'GET');
      if (had === null) this.#resync('liveness lapsed');
      await this.#presence.retryDeferred();
      await this.#checkTails();
      await this.#presence.reap();
    } catch (err) {
      this.#host?.log(`error redis heartbeat failed: ${String(err)}`);
    } finally {
      this.#beating = false;
    }
  }

  /** Catches up any live room whose counter is ahead of what was delivered here. */
  async #checkTails(): Promise<void> {
    const ids = [...this.#rooms.keys()];
    if (ids.length === 0) return;
    const pipe = this.#redis.pipeline();
    for (const id of ids) pipe.hget(this.#keys.room(id), 'seq');
    const replies = (await pipe.exec()) ?? [];
    ids.forEach((id, i) => {
      const live = this.#rooms.get(id);
      const latest = Number(replies[i]?.[1] ?? 0);
      if (live && !live.fill && latest >= live.seq.next) void this.#catchUp(id, live);
    });
  }
}
