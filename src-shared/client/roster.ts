/**
 * Who is in the room now, and who is typing: the welcome's member list, then presence and typing
 * frames. Pure data with an injected "now"; the client runs the timer that expires typing.
 */
import { TIMINGS, type Member } from '../protocol.ts';
import type { MemberView } from './types.ts';

export class Roster {
  #you: Member | undefined;
  readonly #others = new Map<string, Member>();
  /** Member id → the time its typing indicator goes out. */
  readonly #typingUntil = new Map<string, number>();

  get you(): Member | undefined {
    return this.#you;
  }

  /** Present members, you first, then in order of arrival. */
  get members(): MemberView[] {
    const list: MemberView[] = [];
    if (this.#you) list.push({ ...this.#you, you: true, typing: false });
    for (const m of this.#others.values()) list.push({ ...m, you: false, typing: this.#typingUntil.has(m.id) });
    return list;
  }

  /** Members typing now (never you). */
  get typing(): Member[] {
    return [...this.#typingUntil.keys()].flatMap((id) => this.#others.get(id) ?? []);
  }

  /** The welcome's view of the room replaces whatever was known. */
  reset(you: Member, others: readonly Member[]): void {
    this.#you = you;
    this.#others.clear();
    this.#typingUntil.clear();
    for (const m of others) if (m.id !== you.id) this.#others.set(m.id, m);
  }

  join(member: Member): void {
    if (member.id !== this.#you?.id) this.#others.set(member.id, member);
  }

  /** A present member's new name (extension `rename`); you too, when it is you (another window renamed you). */
  rename(member: Member): void {
    if (member.id === this.#you?.id) this.#you = member;
    else if (this.#others.has(member.id)) this.#others.set(member.id, member);
  }

  leave(member: Member): void {
    this.#others.delete(member.id);
    this.#typingUntil.delete(member.id);
  }

  /** A typing frame: shown for 5 s unless another comes. */
  typed(member: Member, now: number): void {
    if (member.id === this.#you?.id) return;
    if (!this.#others.has(member.id)) this.#others.set(member.id, member);
    this.#typingUntil.set(member.id, now + TIMINGS.typingHideAfterMs);
  }

  /** A member's message ends its typing indicator. @returns whether it was shown */
  spoke(memberId: string): boolean {
    return this.#typingUntil.delete(memberId);
  }

  /** Drops typing indicators that ran out. @returns whether any did */
  expire(now: number): boolean {
    let changed = false;
    for (const [id, until] of this.#typingUntil) {
      if (until <= now) changed = this.#typingUntil.delete(id) || changed;
    }
    return changed;
  }

  /** When the next typing indicator runs out, if any is shown. */
  nextExpiry(): number | undefined {
    let next: number | undefined;
    for (const until of this.#typingUntil.values()) if (next === undefined || until < next) next = until;
    return next;
  }

  /** Typing indicators mean nothing once disconnected. */
  clearTyping(): void {
    this.#typingUntil.clear();
  }
}
