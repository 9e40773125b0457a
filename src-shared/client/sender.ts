/**
 * The send path of one client: texts are checked and queued in the {@link Outbox}, written one at
 * a time while the link is open, paused for a moment after a transient refusal (`rate_limited`,
 * `unavailable`) and written again with the same id after every new link, until their own
 * `message` comes back. Split from ChatClient, which owns the connection: this owns what to send.
 */
import { checkText } from '../codec.ts';
import { FILE_LIMITS } from '../files.ts';
import type { ChatMessage, ClientFrame } from '../protocol.ts';
import type { Outbox } from './outbox.ts';
import { frameOf } from './pending-frame.ts';
import { TimerSet } from './timer-set.ts';
import type { PendingAction, PendingMessage, Timers } from './types.ts';

/** What a queued entry may carry besides its text: a reply, a change (1.1), uploaded files. */
export interface QueueExtra {
  replyTo?: number;
  action?: PendingAction;
  files?: readonly string[];
}

/**
 * Why an entry cannot be sent, or null: a delete or react has no text; with files the text is
 * an optional caption; otherwise the text rules hold.
 */
function problem(text: string, extra: QueueExtra) {
  const kind = extra.action?.kind;
  if (kind === 'delete' || kind === 'react') return null;
  const files = extra.files ?? [];
  if (files.length > FILE_LIMITS.perMessage) {
    return { code: 'too_large' as const, message: `A message can carry at most ${FILE_LIMITS.perMessage} files.` };
  }
  return files.length > 0 && text.trim() === '' ? null : checkText(text);
}

/** What the sender needs of the connection. */
export interface SendLink {
  /** Whether sends may be written now (the room is open). */
  open(): boolean;
  write(frame: ClientFrame): void;
}

export class Sender {
  readonly outbox: Outbox;
  readonly #link: SendLink;
  readonly #timers: Timers;
  readonly #pause: TimerSet<'pause'>;
  readonly #retryMs: number;
  #drainWaiters: (() => void)[] = [];

  /** @param retryMs the pause after a transient refusal */
  constructor(outbox: Outbox, link: SendLink, timers: Timers, retryMs: number) {
    this.outbox = outbox;
    this.#link = link;
    this.#timers = timers;
    this.#pause = new TimerSet(timers);
    this.#retryMs = retryMs;
  }

  /** Queues a text; one that cannot be sent (empty, too long) is `failed` at once, with the reason. */
  send(text: string, extra: QueueExtra = {}): PendingMessage {
    const pending = this.outbox.add(text, extra);
    const bad = problem(text, extra);
    if (bad) this.outbox.refuse(pending.id, bad);
    this.flush();
    return pending;
  }

  /** Sends a failed message again. @returns false if there is no failed message with that id */
  retry(id: string): boolean {
    const pending = this.outbox.get(id);
    if (!pending || !this.outbox.retry(id)) return false;
    const bad = problem(pending.text, pending);
    if (bad) this.outbox.refuse(id, bad);
    this.flush();
    return true;
  }

  /** Forgets a pending message. @returns whether there was one */
  discard(id: string): boolean {
    const done = this.outbox.discard(id);
    this.flush();
    return done;
  }

  /** A message of the room arrived: when it is one of ours (`youId`), it acknowledges its send. */
  arrived(message: ChatMessage, youId: string | undefined): void {
    if (message.from.id !== youId) return;
    this.outbox.ack(message.id, message.seq);
    this.flush();
  }

  /** The host refused a send: a transient refusal pauses the queue, then the same send goes again. */
  refused(ref: string, error: { code: string; message: string }): void {
    const pending = this.outbox.refuse(ref, error);
    // A change refused for good (its message is gone, not ours) has nothing to retry: drop it.
    if (pending?.action && pending.state === 'failed') this.outbox.discard(pending.id);
    if (pending?.state === 'sending') this.#pause.schedule('pause', this.#retryMs, () => this.flush());
  }

  /** A new link (or none): what was in flight goes again on the next one, without waiting. */
  relaunch(): void {
    this.outbox.relaunch();
    this.#pause.clear('pause');
  }

  /** Writes the next pending send, one at a time, in order. */
  flush(): void {
    if (!this.#link.open() || this.#pause.has('pause')) return;
    const next = this.outbox.takeNext();
    if (next) this.#link.write(frameOf(next));
    else if (this.outbox.drained) for (const resolve of this.#drainWaiters.splice(0)) resolve();
  }

  /** Resolves true once nothing is left to send (failed messages do not count), false after `timeoutMs`. */
  flushed(timeoutMs: number): Promise<boolean> {
    if (this.outbox.drained) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = this.#timers.setTimeout(() => resolve(false), timeoutMs);
      this.#drainWaiters.push(() => {
        this.#timers.clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
