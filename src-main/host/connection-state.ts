/**
 * The life of one client socket on the host, as a state machine: every transition is a method
 * here, and nothing else writes the state. The join awaits the store and the fan-out, so the
 * socket can close meanwhile: each step of the join asks `still joining?` through these methods
 * instead of reading and writing fields.
 *
 * ```
 * hello ──hello()──▶ joining ──place()──▶ joining (in a room) ──joined()──▶ joined
 *   └───────────────────┴──────────────────────┴─────────────close()──────────┴──▶ closed
 * ```
 */
import type { Member } from '../../src-shared/protocol.ts';
import type { Room } from './room.ts';

export type Phase = 'hello' | 'joining' | 'joined' | 'closed';

export class ConnectionState {
  #phase: Phase = 'hello';
  #clientId = '';
  #room: Room | undefined;
  #member: Member | undefined;
  /** Set by pongs and frames; cleared by each ping. */
  #alive = true;

  get phase(): Phase {
    return this.#phase;
  }

  /** The client id of its hello ('' before it). */
  get clientId(): string {
    return this.#clientId;
  }

  /** The room it was placed in (from the middle of the join on). */
  get room(): Room | undefined {
    return this.#room;
  }

  /** The member as the room knows it (from the middle of the join on). */
  get member(): Member | undefined {
    return this.#member;
  }

  /** hello → joining. @returns false when it was not waiting for a hello */
  hello(clientId: string): boolean {
    if (this.#phase !== 'hello') return false;
    this.#phase = 'joining';
    this.#clientId = clientId;
    return true;
  }

  /**
   * Puts the joining socket in its room as `member`, so that a close from now on removes it from
   * the room. Called again with the member's final name once the fan-out agreed on it (same id).
   * @returns false when it is no longer joining (it closed meanwhile)
   */
  place(room: Room, member: Member): boolean {
    if (this.#phase !== 'joining') return false;
    this.#room = room;
    this.#member = member;
    return true;
  }

  /** The member's name changed in the room (same id): what it sends from now on carries it. */
  renamed(member: Member): void {
    if (this.#member?.id === member.id) this.#member = member;
  }

  /** Still joining: the join may go on after an await. */
  get joining(): boolean {
    return this.#phase === 'joining';
  }

  /** joining → joined. @returns false when it was not joining */
  joined(): boolean {
    if (this.#phase !== 'joining') return false;
    this.#phase = 'joined';
    return true;
  }

  /** Any phase → closed. @returns false when it was closed already */
  close(): boolean {
    if (this.#phase === 'closed') return false;
    this.#phase = 'closed';
    return true;
  }

  /** Something arrived from the client: it is alive. */
  heard(): void {
    this.#alive = true;
  }

  /**
   * The heartbeat: @returns whether anything was heard since the last ping (false: drop it), and
   * starts the next period.
   */
  ping(): boolean {
    const alive = this.#alive;
    this.#alive = false;
    return alive;
  }
}
