/**
 * What a screen reader hears about new messages in the room on screen: one polite sentence for
 * a quiet moment's worth of messages. A single message is read ("New message from Ana: hi");
 * a flood becomes one count ("12 new messages in # general") instead of a queue of a hundred
 * announcements that would drown everything else.
 */
import { t } from '../state/i18n.svelte.ts';

/** The longest message text read out; the rest is in the list. */
const MAX_TEXT = 140;

export interface Announced {
  from: { name: string };
  text: string;
}

export class Announcer {
  readonly #say: (text: string) => void;
  readonly #room: string;
  readonly #quietMs: number;
  readonly #maxWaitMs: number;
  #pending: Announced[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #firstAt = 0;

  /**
   * @param say sets the live region's text
   * @param room the room's name, for the count
   * @param quietMs announce once no message came for this long…
   * @param maxWaitMs …or once the first one has waited this long
   */
  constructor(say: (text: string) => void, room: string, quietMs = 1200, maxWaitMs = 4000) {
    this.#say = say;
    this.#room = room;
    this.#quietMs = quietMs;
    this.#maxWaitMs = maxWaitMs;
  }

  /** A new message from someone else. */
  add(message: Announced, now = Date.now()): void {
    if (this.#pending.length === 0) this.#firstAt = now;
    this.#pending.push(message);
    clearTimeout(this.#timer);
    const wait = Math.min(this.#quietMs, Math.max(0, this.#firstAt + this.#maxWaitMs - now));
    this.#timer = setTimeout(() => this.flush(), wait);
  }

  /** Announces what is pending now. */
  flush(): void {
    clearTimeout(this.#timer);
    const list = this.#pending;
    this.#pending = [];
    const [only] = list;
    if (!only) return;
    if (list.length === 1) {
      const text = only.text.replace(/\s+/g, ' ').trim();
      this.#say(
        t('room.newMessage', {
          name: only.from.name,
          text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text,
        }),
      );
    } else {
      this.#say(t('room.newMessages', { count: list.length, room: `# ${this.#room}` }));
    }
  }

  /** Stops (the room left the screen). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#pending = [];
  }
}
