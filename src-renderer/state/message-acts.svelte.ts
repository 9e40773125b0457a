/**
 * What the person does to the messages of one room (protocol 1.1 room log): the reply and the
 * edit in progress, and the changes they send. Split from RoomSession, which owns the connection.
 */
import type { TimelineMessage } from '../../src-shared/client/types.ts';
import type { ChatClientPort } from './client-port.ts';

/** What the acts need of their room. */
export interface ActsHost {
  client(): ChatClientPort;
  messages(): readonly TimelineMessage[];
  /** Takes fresh snapshots of the client (after a change was queued). */
  sync(): void;
}

export class MessageActs {
  /** The message the composer answers, if any. */
  replyTo = $state<number | null>(null);
  /** The message being edited in place, if any. */
  editing = $state<number | null>(null);
  readonly #host: ActsHost;

  constructor(host: ActsHost) {
    this.#host = host;
  }

  /** Replaces the text of one of the person's own messages (nothing when it did not change). */
  edit(seq: number, text: string): void {
    this.editing = null;
    const old = this.#host.messages().find((m) => m.seq === seq);
    if (old && old.text !== text && text.trim() !== '') this.#host.client().edit(seq, text);
    this.#host.sync();
  }

  /** Erases one of the person's own messages for everyone. */
  remove(seq: number): void {
    if (this.editing === seq) this.editing = null;
    if (this.replyTo === seq) this.replyTo = null;
    this.#host.client().delete(seq);
    this.#host.sync();
  }

  /** Adds the person's reaction, or takes it back when it is already there. */
  react(seq: number, emoji: string): void {
    const client = this.#host.client();
    const you = client.you?.id;
    const m = this.#host.messages().find((x) => x.seq === seq);
    const mine = you !== undefined && (m?.reactions?.[emoji] ?? []).includes(you);
    client.react(seq, emoji, !mine);
    this.#host.sync();
  }

  /** The person has seen the room up to `seq` on screen (tells the others: "seen by"). */
  seen(seq: number): void {
    this.#host.client().markRead(seq);
  }
}
