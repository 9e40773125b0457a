/**
 * A live room: who is in it (members with one or more sockets), unique display names, presence
 * and the broadcast of frames serialized once.
 */
import type { Member } from '../../src-shared/protocol.ts';
import { frameAll, type Framed } from './frame.ts';
import { skeleton, uniqueName } from './name-skeleton.ts';
import { Roster, type MembersJson } from './roster.ts';

/** What a room needs of a socket: a way to send it frames built once for the whole room. */
export interface RoomSocket {
  /** Sends frames built once for the whole room; their seqs let a socket skip what it already has. */
  deliver(frames: Framed): void;
  /** Its client said it understands `presence` `rename` (hello.features, the project's extension). */
  readonly renames?: boolean;
  /** Its member now has this name in the room (what it sends from now on carries it). */
  renamed?(member: Member): void;
}

/** A member present in the room, with every socket it has open (two windows = one member). */
export interface Presence {
  member: Member;
  sockets: Set<RoomSocket>;
}

/**
 * Presence and typing frames of a room are gathered for this long, then sent as one write per
 * socket. A room filling up (or a whole room reconnecting after a restart) sends every arrival to
 * every other member: without the window that is one write per member per arrival. 50 ms, not
 * 25: in a storm of 1000 the writes of the window were the host's largest cost, and at 50 ms
 * its CPU fell by a third (longer windows gained nothing more there; docs/performance.md).
 */
export const PRESENCE_WINDOW_MS = 50;

interface PendingOther {
  payload: Buffer;
  /** The member the frame is about, who does not get it. */
  except: string;
  /** Its number among the room's presence events, so that later joiners skip older ones. */
  n: number;
}

export class Room {
  readonly id: string;
  readonly epoch: string;
  readonly #members = new Map<string, Presence>();
  /** The confusable skeleton of every present member's name (name-skeleton.ts). */
  readonly #skeletons = new Set<string>();
  /**
   * Per wanted name, the first candidate not known to be taken. Skeletons are only added between
   * two removals (a removal or rename clears this), so every candidate below it is still taken:
   * a crowd of one name (a storm of "Guest") is numbered in linear time, not quadratic.
   */
  readonly #nameFrom = new Map<string, number>();
  /** Every socket of the room, for the broadcast loop: no nested iteration on the hot path. */
  readonly #sockets = new Set<RoomSocket>();
  /** For each socket, how many presence events the room had queued when it joined. */
  readonly #joinedAt = new Map<RoomSocket, number>();
  /** The members encoded for welcomes, once one asked (roster.ts); a leave or rename drops it. */
  #roster: Roster | undefined;
  #pending: PendingOther[] = [];
  #latestSeq = 0;
  #events = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(id: string, epoch: string) {
    this.id = id;
    this.epoch = epoch;
  }

  /** The highest seq this host knows stored in the room (read positions are clamped to it). */
  get latestSeq(): number {
    return this.#latestSeq;
  }

  /** The log has reached `seq` (opened at it, a batch delivered, a welcome's history read). */
  reached(seq: number): void {
    if (seq > this.#latestSeq) this.#latestSeq = seq;
  }

  get memberCount(): number {
    return this.#members.size;
  }

  get socketCount(): number {
    return this.#sockets.size;
  }

  /** The members present, other than `exceptId`. */
  members(exceptId?: string): Member[] {
    const list: Member[] = [];
    for (const p of this.#members.values()) if (p.member.id !== exceptId) list.push(p.member);
    return list;
  }

  /**
   * The members present other than `exceptId`, as the JSON inside a welcome's `members` brackets:
   * the text of `JSON.stringify(this.members(exceptId))`, from bytes encoded once per member.
   */
  membersJson(exceptId?: string): MembersJson {
    this.#roster ??= new Roster([...this.#members.values()].map((p) => p.member));
    return this.#roster.json(exceptId);
  }

  has(memberId: string): boolean {
    return this.#members.has(memberId);
  }

  /** A present member as the room knows it now. */
  member(memberId: string): Member | undefined {
    return this.#members.get(memberId)?.member;
  }

  /**
   * A present member asks for a new name: it gets it unless another member's name looks like it
   * (the skeleton rule of {@link add}: then `Name (2)`, …); its own old name does not count.
   * @returns the member as the room now knows it, or undefined when it is not present
   */
  claim(memberId: string, wantedName: string): Member | undefined {
    const present = this.#members.get(memberId);
    if (!present) return undefined;
    const own = skeleton(present.member.name);
    this.#skeletons.delete(own);
    const { name } = uniqueName(wantedName, this.#skeletons);
    this.#skeletons.add(own);
    return this.rename(memberId, name);
  }

  /**
   * Adds a socket for a member. A member already present keeps its name; a new one whose name
   * is taken gets `Name (2)`, `Name (3)`, …
   * @returns the member as the room knows it, and whether it just arrived (for presence)
   */
  add(memberId: string, wantedName: string, socket: RoomSocket): { member: Member; arrived: boolean } {
    const present = this.#members.get(memberId);
    this.#sockets.add(socket);
    // Its welcome describes the room as it is now: older presence events are not for it.
    this.#joinedAt.set(socket, this.#events);
    if (present) {
      present.sockets.add(socket);
      return { member: present.member, arrived: false };
    }
    const { name, n } = uniqueName(wantedName, this.#skeletons, this.#nameFrom.get(wantedName));
    this.#nameFrom.set(wantedName, n + 1);
    const member = { id: memberId, name };
    this.#members.set(memberId, { member, sockets: new Set([socket]) });
    this.#skeletons.add(skeleton(member.name));
    this.#roster?.append(member); // last in the roster as in #members
    return { member, arrived: true };
  }

  /**
   * Gives a present member the name the whole room agreed on (several hosts: see RedisFanout).
   * @returns the member as the room now knows it
   */
  rename(memberId: string, name: string): Member | undefined {
    const present = this.#members.get(memberId);
    if (present && present.member.name !== name) {
      this.#skeletons.delete(skeleton(present.member.name));
      this.#nameFrom.clear();
      this.#roster = undefined;
      this.#skeletons.add(skeleton(name));
      present.member = { id: memberId, name };
      for (const s of present.sockets) s.renamed?.(present.member);
    }
    return present?.member;
  }

  /** Removes a socket. @returns the member when this was its last socket (it has left). */
  remove(memberId: string, socket: RoomSocket): Member | undefined {
    this.#sockets.delete(socket);
    this.#joinedAt.delete(socket);
    const present = this.#members.get(memberId);
    if (!present || !present.sockets.delete(socket) || present.sockets.size > 0) return undefined;
    this.#members.delete(memberId);
    this.#skeletons.delete(skeleton(present.member.name));
    this.#nameFrom.clear();
    this.#roster = undefined;
    return present.member;
  }

  /**
   * Sends encoded frames (a tick's messages, seqs ascending) to every socket of the room: framed
   * once into one buffer, so that each socket gets the whole batch in a single write.
   */
  broadcastAll(payloads: readonly Buffer[], seqs: readonly (number | undefined)[]): void {
    this.flushOthers(); // presence that happened before these messages is seen before them
    for (const seq of seqs) if (seq !== undefined) this.reached(seq);
    if (payloads.length === 0 || this.#sockets.size === 0) return;
    const frames = frameAll(payloads, seqs);
    for (const s of this.#sockets) s.deliver(frames);
  }

  /**
   * Tells the room a member's new name, now (after whatever presence was waiting): `modern` (a
   * `presence` `rename`) to every socket that understands it, the member's own other windows
   * included; `legacy` (a `leave` and a `join`, which every 1.0 client understands) to the others'.
   */
  announceRename(memberId: string, modern: Buffer, legacy: readonly Buffer[]): void {
    this.flushOthers();
    let m: Framed | undefined;
    let l: Framed | undefined;
    for (const [id, p] of this.#members) {
      for (const s of p.sockets) {
        if (s.renames) s.deliver((m ??= frameAll([modern])));
        else if (id !== memberId) s.deliver((l ??= frameAll(legacy)));
      }
    }
  }

  /**
   * Sends one encoded frame to every socket of every member but one (presence, typing), within
   * {@link PRESENCE_WINDOW_MS}, together with the others of the window.
   */
  broadcastOthers(exceptMemberId: string, payload: Buffer): void {
    this.#pending.push({ payload, except: exceptMemberId, n: ++this.#events });
    this.#timer ??= setTimeout(() => this.flushOthers(), PRESENCE_WINDOW_MS).unref();
  }

  /** Sends the presence and typing frames gathered so far: one framed buffer for most sockets. */
  flushOthers(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const pending = this.#pending;
    if (pending.length === 0) return;
    this.#pending = [];
    const about = new Set(pending.map((e) => e.except));
    const first = pending[0]!.n;
    let everyone: Framed | undefined;
    for (const [id, p] of this.#members) {
      for (const s of p.sockets) {
        const since = this.#joinedAt.get(s) ?? 0;
        if (!about.has(id) && since < first) {
          s.deliver((everyone ??= frameAll(pending.map((e) => e.payload))));
          continue;
        }
        const mine = pending.filter((e) => e.except !== id && e.n > since);
        if (mine.length > 0) s.deliver(frameAll(mine.map((e) => e.payload)));
      }
    }
  }
}
