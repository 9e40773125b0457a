/**
 * The room as a UI renders it: the messages of the current epoch by seq (no gap that could be
 * filled, no duplicate, always ordered), earlier epochs kept apart, and the gaps the host could
 * not fill (more than 1000 missed). Pure data: no sockets, no timers; ChatClient feeds it frames.
 */
import { LIMITS, type ChatMessage, type WelcomeFrame } from '../protocol.ts';
import { ChangeBuffer } from './change-buffer.ts';
import type { ArchivedTimeline, PendingMessage, TimelineGap, TimelineMessage } from './types.ts';

/** What applying a welcome did. */
export interface WelcomeMerge {
  /** The host's log is not the one this timeline followed: the old messages were archived. */
  epochChanged: boolean;
  /** Messages that were new to the timeline. */
  added: number;
}

export class Timeline {
  #messages: TimelineMessage[] = [];
  #archived: ArchivedTimeline[] = [];
  #gaps: TimelineGap[] = [];
  #epoch: string | undefined;
  /** The highest seq known to exist in this epoch (from messages or the welcome's `latestSeq`). */
  #latestSeq: number | undefined;
  #youId: string | undefined;
  /** Every entry from this seq up is held (but for `gaps`); undefined until a welcome. */
  #floor: number | undefined;
  /** The oldest entry of the room's log is held (nothing older exists). */
  #atStart = false;
  /** Change entries (1.1) whose target this timeline does not hold yet. */
  #changes = new ChangeBuffer();
  /** Counts every change to `messages`, also in place (an edit of an older message): for UIs. */
  #revision = 0;
  readonly #pending: () => readonly PendingMessage[];
  readonly #max: number;

  /**
   * @param options.resume a resume point saved from an earlier run (seq and epoch of the room's log)
   * @param options.pending where the unacknowledged sends live (the client's outbox)
   * @param options.maxMessages the oldest go beyond this (default: what a host keeps, 10,000)
   */
  constructor(
    options: {
      resume?: { seq: number; epoch: string };
      pending?: () => readonly PendingMessage[];
      maxMessages?: number;
    } = {},
  ) {
    const { resume, pending = () => [], maxMessages = LIMITS.messagesPerRoom } = options;
    this.#pending = pending;
    this.#max = maxMessages;
    if (resume) {
      this.#epoch = resume.epoch;
      this.#latestSeq = resume.seq;
    }
  }

  /** Rises whenever `messages` changed, also when a message was replaced in place. */
  get revision(): number {
    return this.#revision;
  }

  /** Messages of the current epoch, ascending by seq. */
  get messages(): readonly TimelineMessage[] {
    return this.#messages;
  }

  /**
   * This client's messages not yet acknowledged (`sending`) or refused (`failed`), in send order;
   * a UI shows them after `messages`. Pending changes (edit, delete, react) are not among them.
   */
  get pending(): readonly PendingMessage[] {
    const all = this.#pending();
    return all.some((p) => p.action !== undefined) ? all.filter((p) => p.action === undefined) : all;
  }

  /** Earlier epochs, oldest first. */
  get archived(): readonly ArchivedTimeline[] {
    return this.#archived;
  }

  /** Ranges of seqs that the host could not send (a resume over more than its limit). */
  get gaps(): readonly TimelineGap[] {
    return this.#gaps;
  }

  get epoch(): string | undefined {
    return this.#epoch;
  }

  /** The highest seq seen: what `hello.since` carries. */
  get lastSeq(): number | undefined {
    return this.#latestSeq;
  }

  /**
   * The `before` of the next older page (`client.history`), or undefined when the timeline holds
   * the room's first message already (see {@link atStart}) or has not been welcomed.
   */
  get olderBefore(): number | undefined {
    return this.#atStart ? undefined : this.#floor;
  }

  /** The timeline reaches back to the first message of the room's log: nothing older exists. */
  get atStart(): boolean {
    return this.#atStart;
  }

  /** The resume point for the next hello, if this timeline has followed a room. */
  resumePoint(): { since: number; epoch: string } | undefined {
    return this.#epoch !== undefined && this.#latestSeq !== undefined
      ? { since: this.#latestSeq, epoch: this.#epoch }
      : undefined;
  }

  /** Merges a welcome: a new epoch archives the old messages first; then history by seq. */
  applyWelcome(welcome: WelcomeFrame): WelcomeMerge {
    this.#youId = welcome.you.id;
    const previous = this.#epoch;
    // A log that went backwards (restored from a backup, its last writes lost) would reuse seqs
    // this timeline holds: start afresh as for a new log, rather than drop its messages as duplicates.
    const regressed =
      previous === welcome.epoch && this.#latestSeq !== undefined && welcome.latestSeq < this.#latestSeq;
    const epochChanged = (previous !== undefined && previous !== welcome.epoch) || regressed;
    const since = epochChanged ? undefined : this.#latestSeq;
    if (epochChanged) {
      if (this.#messages.length > 0) this.#archived.push({ epoch: previous, messages: this.#messages });
      this.#messages = [];
      this.#gaps = [];
      this.#changes = new ChangeBuffer();
      this.#latestSeq = undefined;
      this.#floor = undefined;
      this.#revision++;
    }
    this.#epoch = welcome.epoch;
    // The host sends everything after `since` unless it had to truncate: then the rest is a gap.
    const first = welcome.history[0];
    if (welcome.truncated && since !== undefined && first && first.seq > since + 1) {
      this.#gaps.push({ from: since + 1, to: first.seq - 1 });
    }
    if (this.#floor === undefined || this.#messages.length === 0) {
      // Nothing held yet in this log: the history starts where the welcome's does.
      this.#floor = first?.seq ?? welcome.latestSeq + 1;
      this.#atStart = since === undefined && !welcome.truncated;
    }
    let added = 0;
    for (const m of welcome.history) if (this.add(m)) added++;
    this.#raiseLatest(welcome.latestSeq);
    return { epochChanged, added };
  }

  /**
   * Merges a page of older history (the reply to `history` with this `before`), by seq. A page
   * that reaches the timeline's oldest held entry extends it downwards; one that does not would
   * leave a hole, so it is not merged (show it apart, as a search result's context).
   * @returns how many entries were new to the timeline
   */
  addPage(before: number, messages: readonly ChatMessage[], more: boolean): number {
    if (this.#floor === undefined || before < this.#floor) return 0;
    let added = 0;
    for (const m of messages) if (this.add(m)) added++;
    const oldest = messages[0]?.seq;
    if (!more) this.#atStart = true;
    if (oldest !== undefined && oldest < this.#floor) this.#floor = oldest;
    else if (!more) this.#floor = Math.min(this.#floor, before);
    return added;
  }

  /**
   * Adds one entry by seq. A change entry (1.1 edit/delete/react) is applied to the text entry it
   * targets, now or when that arrives (a page loaded later); applying one twice changes nothing.
   * @returns false when the timeline already holds that seq (a duplicate), or already applied that change
   */
  add(message: ChatMessage): boolean {
    if (message.kind !== undefined) return this.#change(message);
    const list = this.#messages;
    const entry: TimelineMessage = this.#changes.applyTo({
      ...message,
      own: this.#youId !== undefined && message.from.id === this.#youId,
    });
    // Nearly always an append: check the end before searching.
    const last = list[list.length - 1];
    if (!last || last.seq < message.seq) {
      list.push(entry);
      // A long-running app must not grow without end; trimming in chunks keeps appends cheap.
      if (list.length > this.#max + Math.ceil(this.#max / 10)) {
        list.splice(0, list.length - this.#max);
        this.#floor = list[0]!.seq;
        this.#atStart = false;
      }
    } else {
      const i = lowerBound(list, message.seq);
      const held = list[i];
      if (held?.seq === message.seq) {
        // The same entry again; a copy in a newer state (a later page of history) replaces it.
        if ((message.rev ?? 0) <= (held.rev ?? 0)) return false;
        list[i] = entry;
        this.#revision++;
        return true;
      }
      list.splice(i, 0, entry);
    }
    this.#raiseLatest(message.seq);
    this.#revision++;
    return true;
  }

  /** The message with that seq, if held. */
  get(seq: number): TimelineMessage | undefined {
    const i = lowerBound(this.#messages, seq);
    const m = this.#messages[i];
    return m?.seq === seq ? m : undefined;
  }

  #change(change: ChatMessage): boolean {
    this.#raiseLatest(change.seq);
    const target = change.target!;
    const i = lowerBound(this.#messages, target);
    const held = this.#messages[i];
    if (held?.seq !== target) return this.#changes.hold(change);
    const next = this.#changes.apply(held, change);
    if (next === held) return false;
    this.#messages[i] = next;
    this.#revision++;
    return true;
  }

  #raiseLatest(seq: number): void {
    if (this.#latestSeq === undefined || seq > this.#latestSeq) this.#latestSeq = seq;
  }
}

/** The first index whose seq is ≥ `seq`. */
function lowerBound(list: readonly TimelineMessage[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
