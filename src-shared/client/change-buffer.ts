/**
 * Change entries (protocol 1.1 `edit`, `delete`, `react`) waiting for their target: a resume or a
 * live frame can bring a change before the page of history that holds the message it changes.
 * They are applied, in seq order, when the target arrives; a target that arrives in a state that
 * already includes some of them (its `rev`) skips those (see applyChange).
 */
import type { ChatMessage } from '../protocol.ts';
import { applyChange } from '../room-log.ts';
import type { TimelineMessage } from './types.ts';

/** Changes kept for targets not yet seen; beyond this the oldest are forgotten. */
export const MAX_HELD_CHANGES = 5000;

export class ChangeBuffer {
  /** target seq → its waiting changes, ascending by seq. */
  readonly #held = new Map<number, ChatMessage[]>();
  #count = 0;

  /**
   * Keeps a change until its target arrives.
   * @returns false when that change is already held
   */
  hold(change: ChatMessage): boolean {
    const list = this.#held.get(change.target!) ?? [];
    if (list.some((c) => c.seq === change.seq)) return false;
    list.push(change);
    list.sort((a, b) => a.seq - b.seq);
    this.#held.set(change.target!, list);
    if (++this.#count > MAX_HELD_CHANGES) this.#dropOldest();
    return true;
  }

  /** The target with every held change for it applied (they are then forgotten). */
  applyTo(target: TimelineMessage): TimelineMessage {
    const list = this.#held.get(target.seq);
    if (!list) return target;
    this.#held.delete(target.seq);
    this.#count -= list.length;
    return list.reduce<TimelineMessage>((t, c) => this.apply(t, c), target);
  }

  /** One change applied to a timeline message (keeping its `own` mark). */
  apply(target: TimelineMessage, change: ChatMessage): TimelineMessage {
    const next = applyChange(target, change);
    return next === target ? target : { ...next, own: target.own };
  }

  #dropOldest(): void {
    const oldest = Math.min(...this.#held.keys());
    this.#count -= this.#held.get(oldest)!.length;
    this.#held.delete(oldest);
  }
}
