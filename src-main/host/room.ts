/**
 * A live room: who is in it (members with one or more sockets), unique display names, presence
 * and the broadcast of frames serialized once.
 */
import type { Member } from '../../src-shared/protocol.ts';
import { frameAll, type Framed } from './frame.ts';

/** What a room needs of a socket: a way to send frames, and the seq it has already been given. */
export interface RoomSocket {
  /** Sends frames built once for the whole room; their seqs let a socket skip what it already has. */
  deliver(frames: Framed): void;
}

/** A member present in the room, with every socket it has open (two windows = one member). */
export interface Presence {
  member: Member;
  sockets: Set<RoomSocket>;
}

export class Room {
  readonly id: string;
  readonly epoch: string;
  readonly locked: boolean;
  readonly #members = new Map<string, Presence>();
  /** Every socket of the room, for the broadcast loop: no nested iteration on the hot path. */
  readonly #sockets = new Set<RoomSocket>();

  constructor(id: string, epoch: string, locked: boolean) {
    this.id = id;
    this.epoch = epoch;
    this.locked = locked;
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

  has(memberId: string): boolean {
    return this.#members.has(memberId);
  }

  /**
   * Adds a socket for a member. A member already present keeps its name; a new one whose name
   * is taken gets `Name (2)`, `Name (3)`, …
   * @returns the member as the room knows it, and whether it just arrived (for presence)
   */
  add(memberId: string, wantedName: string, socket: RoomSocket): { member: Member; arrived: boolean } {
    const present = this.#members.get(memberId);
    this.#sockets.add(socket);
    if (present) {
      present.sockets.add(socket);
      return { member: present.member, arrived: false };
    }
    const member = { id: memberId, name: this.#uniqueName(wantedName) };
    this.#members.set(memberId, { member, sockets: new Set([socket]) });
    return { member, arrived: true };
  }

  /** Removes a socket. @returns the member when this was its last socket (it has left). */
  remove(memberId: string, socket: RoomSocket): Member | undefined {
    this.#sockets.delete(socket);
    const present = this.#members.get(memberId);
    if (!present || !present.sockets.delete(socket) || present.sockets.size > 0) return undefined;
    this.#members.delete(memberId);
    return present.member;
  }

  /** Sends one encoded frame to every socket of the room. */
  broadcast(payload: Buffer, seq?: number): void {
    this.broadcastAll([payload], [seq]);
  }

  /**
   * Sends encoded frames (a tick's messages, seqs ascending) to every socket of the room: framed
   * once into one buffer, so that each socket gets the whole batch in a single write.
   */
  broadcastAll(payloads: readonly Buffer[], seqs: readonly (number | undefined)[]): void {
    if (payloads.length === 0 || this.#sockets.size === 0) return;
    const frames = frameAll(payloads, seqs);
    for (const s of this.#sockets) s.deliver(frames);
  }

  /** Sends one encoded frame to every socket of every member but one (presence, typing). */
  broadcastOthers(exceptMemberId: string, payload: Buffer): void {
    const frames = frameAll([payload]);
    for (const [id, p] of this.#members) {
      if (id === exceptMemberId) continue;
      for (const s of p.sockets) s.deliver(frames);
    }
  }

  #uniqueName(wanted: string): string {
    const taken = new Set<string>();
    for (const p of this.#members.values()) taken.add(p.member.name);
    if (!taken.has(wanted)) return wanted;
    for (let n = 2; ; n++) {
      const candidate = `${wanted} (${n})`;
      if (!taken.has(candidate)) return candidate;
    }
  }
}
