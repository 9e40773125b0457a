/**
 * Fan-out: how stored messages, presence and typing reach every socket of a room, whichever
 * host those sockets are on. One interface, two implementations: {@link LocalFanout} (one host,
 * the embedded store: everything stays in this process) and RedisFanout (src-main/redis/: several
 * hosts on one Redis). ChatHost only ever talks to this interface.
 */
import type { ChatMessage, HostReadFrame, HostTypingFrame, Member, PresenceFrame } from '../../src-shared/protocol.ts';
import type { Room, RoomSocket } from './room.ts';
import type { MembersJson } from './roster.ts';

/** What a fan-out needs of its host. */
export interface FanoutHost {
  /** Broadcasts stored messages (consecutive seqs, ascending) to this host's sockets of the room. */
  deliver(room: string, messages: ChatMessage[]): void;
  /** Relays another host's presence, typing or read position to this host's sockets, except the member's own. */
  relay(room: string, frame: PresenceFrame | HostTypingFrame | HostReadFrame): void;
  /** Relays another host's member's new name (`before`: the name this host's sockets were told, if any). */
  relayRename(room: string, before: Member | undefined, after: Member): void;
  /** A line for the host's log (Redis trouble, a gap in the log). */
  log(line: string): void;
}

/** A socket's entry into a room. */
export interface Arrival {
  /** The member as the whole room knows it (its name made unique room-wide). */
  member: Member;
  /** It was in the room nowhere before: announce it. */
  arrived: boolean;
  /** Everyone else present in the room (on every host), encoded for the welcome. */
  members: MembersJson;
}

export interface Fanout {
  start(host: FanoutHost): Promise<void>;
  /** Waits for what is under way (presence updates) and releases everything. */
  stop(): Promise<void>;
  /** A room comes alive on this host, its log at `latestSeq`: deliver what follows. */
  open(room: Room, latestSeq: number): Promise<void>;
  /** The room has no socket left on this host. */
  close(roomId: string): void;
  /** Messages this host has just stored in the room, seq ascending. */
  stored(roomId: string, messages: ChatMessage[]): void;
  /** Adds a member's socket to the room. The socket is in `room` when this returns (synchronously). */
  arrive(room: Room, memberId: string, wantedName: string, socket: RoomSocket): Promise<Arrival>;
  /**
   * Removes a socket from the room (synchronously) and resolves with the member when that was its
   * last socket anywhere (it has left: announce it).
   */
  depart(room: Room, memberId: string, socket: RoomSocket): Promise<Member | undefined>;
  /**
   * A present member asks for a new name (extension `rename`): the whole room agrees on it (the
   * skeleton rule of the join), this host's sockets of the member carry it, and the other hosts
   * are told. This host announces it to its own sockets itself.
   * @returns the member with its new name, or undefined when it is not in the room
   */
  rename(room: Room, memberId: string, wantedName: string): Promise<Member | undefined>;
  /** A local member is typing: tell the other hosts (this host relays to its own sockets itself). */
  typing(roomId: string, member: Member): void;
  /** A local member's read position moved (already stored): tell the other hosts. */
  read(roomId: string, frame: HostReadFrame): void;
}

/** The single-host fan-out: the store's order is the delivery order, the room is the roster. */
export class LocalFanout implements Fanout {
  #host: FanoutHost | undefined;

  async start(host: FanoutHost): Promise<void> {
    this.#host = host;
  }

  async stop(): Promise<void> {}

  async open(): Promise<void> {}

  close(): void {}

  stored(roomId: string, messages: ChatMessage[]): void {
    this.#host?.deliver(roomId, messages);
  }

  async arrive(room: Room, memberId: string, wantedName: string, socket: RoomSocket): Promise<Arrival> {
    const { member, arrived } = room.add(memberId, wantedName, socket);
    return { member, arrived, members: room.membersJson(member.id) };
  }

  async depart(room: Room, memberId: string, socket: RoomSocket): Promise<Member | undefined> {
    return room.remove(memberId, socket);
  }

  async rename(room: Room, memberId: string, wantedName: string): Promise<Member | undefined> {
    return room.claim(memberId, wantedName);
  }

  typing(): void {}

  read(): void {}
}
