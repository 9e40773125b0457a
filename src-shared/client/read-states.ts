/**
 * Read positions (protocol 1.1): where every member of the room has read to (from
 * `welcome.reads` and `read` frames), and this client's own position, sent when it moves, at most
 * once per interval (the host relays at most once a second anyway).
 */
import type { Member, ReadState } from '../protocol.ts';

/** This client's read position is sent at most this often. */
export const READ_SEND_MS = 500;

export class ReadStates {
  readonly #byMember = new Map<string, ReadState>();
  /** The highest seq this client has marked read, and the highest the host has heard of. */
  #mine = 0;
  #sent = 0;

  /** Every member's position, highest first. */
  get all(): ReadState[] {
    return [...this.#byMember.values()].sort((a, b) => b.seq - a.seq);
  }

  /** This client's position (what it has marked read). */
  get mine(): number {
    return this.#mine;
  }

  /** The members (other than `exceptId`) who have read up to `seq` or beyond. */
  seenBy(seq: number, exceptId?: string): Member[] {
    return this.all.filter((r) => r.seq >= seq && r.member.id !== exceptId).map((r) => r.member);
  }

  /** A welcome: the host's list replaces what was known (positions never go back). */
  reset(reads: readonly ReadState[] | undefined, you: Member): void {
    for (const r of reads ?? []) this.update(r);
    const own = this.#byMember.get(you.id);
    // What the host has stored for us counts as sent; anything above it must go again.
    this.#sent = own?.seq ?? 0;
    if (own && own.seq > this.#mine) this.#mine = own.seq;
  }

  /** One member's new position. @returns whether it moved */
  update(read: ReadState): boolean {
    const known = this.#byMember.get(read.member.id);
    if (known && known.seq >= read.seq) return false;
    this.#byMember.set(read.member.id, { member: read.member, seq: read.seq });
    return true;
  }

  /** This client has seen the room up to `seq`. @returns whether it moved */
  mark(seq: number, you: Member | undefined): boolean {
    if (seq <= this.#mine) return false;
    this.#mine = seq;
    if (you) this.update({ member: you, seq });
    return true;
  }

  /** The seq to send now, if the host has not heard of it yet (it is then taken as sent). */
  takeUnsent(): number | undefined {
    if (this.#mine <= this.#sent) return undefined;
    this.#sent = this.#mine;
    return this.#mine;
  }
}
