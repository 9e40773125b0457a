/**
 * Who among the people present now goes by another name (the `rename` extension): the room's
 * live region says "Alice is now Alicia", since a rename is presence, not a stored line of the
 * log, and the member list alone changes silently for a screen reader.
 */
import type { Member } from '../../src-shared/protocol.ts';

/** One rename seen between two member lists. */
export interface Renamed {
  old: string;
  name: string;
}

/** Follows a room's member list and reports the names that changed from one list to the next. */
export class RenameWatch {
  /** Member id → the name last seen, for the people present in the last list. */
  #names = new Map<string, string>();

  /**
   * @param members the first list (what is present when the room comes on screen is not news)
   */
  constructor(members: readonly Member[]) {
    this.see(members);
  }

  /**
   * Takes the next member list.
   * @param skip a member id not to report (yourself: you chose the name)
   * @returns the renames since the last list, in the list's order
   */
  see(members: readonly Member[], skip?: string): Renamed[] {
    const found: Renamed[] = [];
    const next = new Map<string, string>();
    for (const m of members) {
      const old = this.#names.get(m.id);
      if (old !== undefined && old !== m.name && m.id !== skip) found.push({ old, name: m.name });
      next.set(m.id, m.name);
    }
    this.#names = next;
    return found;
  }
}
