/**
 * A room's members list, encoded once for welcomes. Every welcome lists the other members present
 * (docs/protocol.md §3); a thousand members reconnecting after a restart made a thousand lists of
 * up to a thousand members, each stringified and copied into its socket. Here each member is
 * encoded once, appended as it arrives, and a welcome gets views of those bytes.
 *
 * The bytes are never changed once written: an arrival appends beyond every view handed out
 * (into spare room, or a new buffer when there is none), and a leave or a rename makes the room
 * start a new Roster. A welcome built before either, still waiting to be written, keeps exactly
 * what it was given.
 */
import type { Member } from '../../src-shared/protocol.ts';

/** A welcome's `members` as the JSON text between its brackets, in consecutive pieces. */
export type MembersJson = readonly (string | Buffer)[];

/** The JSON inside a welcome's `members` brackets for a list of members (what a Roster gives, from a list). */
export function membersJson(members: readonly Member[]): MembersJson {
  return [JSON.stringify(members).slice(1, -1)];
}

/** Bytes a roster's buffer starts with: a few dozen members. */
const FIRST_CAPACITY = 4096;
const COMMA = 0x2c;

export class Roster {
  #bytes = Buffer.allocUnsafe(FIRST_CAPACITY);
  #length = 0;
  /** Each member's bytes (its `{"id":…,"name":…}`), by id: start and end in `#bytes`. */
  readonly #at = new Map<string, { start: number; end: number }>();

  /** A roster of these members, in this order. */
  constructor(members: Iterable<Member>) {
    for (const m of members) this.append(m);
  }

  /** A member arrives: listed after everyone present. */
  append(member: Member): void {
    const encoded = JSON.stringify(member);
    const sep = this.#length > 0 ? 1 : 0;
    const need = this.#length + sep + Buffer.byteLength(encoded);
    if (need > this.#bytes.length) {
      // A new buffer: views of the old one stay as they are.
      const bigger = Buffer.allocUnsafe(Math.max(need, 2 * this.#bytes.length));
      this.#bytes.copy(bigger, 0, 0, this.#length);
      this.#bytes = bigger;
    }
    if (sep) this.#bytes[this.#length++] = COMMA;
    const start = this.#length;
    this.#length += this.#bytes.write(encoded, start);
    this.#at.set(member.id, { start, end: this.#length });
  }

  /** The members other than `exceptId` (all when it is not listed), as views of the encoded bytes. */
  json(exceptId?: string): MembersJson {
    const all = this.#bytes.subarray(0, this.#length);
    const at = exceptId === undefined ? undefined : this.#at.get(exceptId);
    if (!at) return [all];
    const { start, end } = at;
    if (end === this.#length) return [all.subarray(0, Math.max(0, start - 1))]; // the last: its comma goes too
    if (start === 0) return [all.subarray(end + 1)]; // the first: the comma after it goes
    return [all.subarray(0, start), all.subarray(end + 1)]; // `a,` + `c`
  }
}
