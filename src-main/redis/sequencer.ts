/**
 * Puts one room's messages back in seq order when they arrive from several sources (this host's
 * own appends, other hosts' through Redis, gap-filling reads): seq n is delivered only after n-1,
 * each exactly once. Without it, a socket could get 6 before 5, and a client that resumed with
 * `since=6` would never see 5.
 */
import type { ChatMessage } from '../../src-shared/protocol.ts';

export class Sequencer {
  #next: number;
  readonly #ahead = new Map<number, ChatMessage>();
  readonly #deliver: (messages: ChatMessage[]) => void;

  /**
   * @param latestSeq the last seq already accounted for (delivery starts after it)
   * @param deliver receives each run of consecutive messages, ascending
   */
  constructor(latestSeq: number, deliver: (messages: ChatMessage[]) => void) {
    this.#next = latestSeq + 1;
    this.#deliver = deliver;
  }

  /** The seq delivered next. */
  get next(): number {
    return this.#next;
  }

  /** The lowest seq waiting for an earlier one, if any: a gap runs from `next` to just below it. */
  get firstAhead(): number | undefined {
    let min: number | undefined;
    for (const seq of this.#ahead.keys()) if (min === undefined || seq < min) min = seq;
    return min;
  }

  /** Takes messages in any order, duplicates included; delivers whatever is now consecutive. */
  push(messages: readonly ChatMessage[]): void {
    for (const m of messages) if (m.seq >= this.#next) this.#ahead.set(m.seq, m);
    const run: ChatMessage[] = [];
    for (let m = this.#ahead.get(this.#next); m; m = this.#ahead.get(this.#next)) {
      this.#ahead.delete(this.#next++);
      run.push(m);
    }
    if (run.length > 0) this.#deliver(run);
  }

  /** Gives up on the seqs below `seq` (they left the log before this host could read them). */
  skipTo(seq: number): void {
    if (seq <= this.#next) return;
    this.#next = seq;
    for (const s of this.#ahead.keys()) if (s < seq) this.#ahead.delete(s);
    this.push([]);
  }
}
