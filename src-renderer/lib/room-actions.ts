/**
 * The message actions of one room view (see MessageActions): they act on the RoomSession, and
 * the few that need the page (asking before a delete, copying, scrolling to a message) call back.
 */
import type { RoomSession } from '../state/room.svelte.ts';
import type { MentionContext } from './markdown.ts';
import type { MessageActions } from './message-actions.ts';

/** What the view provides. */
export interface RoomActionHooks {
  /** Asks the person to confirm a delete (once). */
  confirmDelete(seq: number): void;
  copy(text: string): void;
  /** Focuses the composer (after choosing to reply). */
  focusComposer(): void;
}

/** The names that can be mentioned in a room: who is here, and who wrote. */
export function mentionContext(room: RoomSession): MentionContext {
  const names = new Set<string>();
  for (const m of room.members) names.add(m.name);
  for (const m of room.messages) names.add(m.from.name);
  for (const r of room.reads) names.add(r.member.name);
  return { names: [...names], you: room.you?.name ?? null };
}

/**
 * Scrolls to a message and makes it flash.
 * @returns false when the message is not on the page (not loaded)
 */
export function showMessage(seq: number, doc: Document = document): boolean {
  const el = doc.getElementById(`msg-${seq}`);
  if (!el) return false;
  el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  el.classList.remove('flash');
  void el.offsetWidth; // restart the animation
  el.classList.add('flash');
  return true;
}

/**
 * The actions for a room's message list.
 * @param mentions the room's mention context, computed once per change of the room (not per message)
 */
export function roomActions(room: RoomSession, hooks: RoomActionHooks, mentions: () => MentionContext): MessageActions {
  return {
    get canAct() {
      return room.canAct;
    },
    get editing() {
      return room.acts.editing;
    },
    get mentions() {
      return mentions();
    },
    reply(seq) {
      room.acts.replyTo = seq;
      hooks.focusComposer();
    },
    react: (seq, emoji) => room.acts.react(seq, emoji),
    startEdit(seq) {
      room.acts.editing = seq;
    },
    saveEdit: (seq, text) => room.acts.edit(seq, text),
    cancelEdit() {
      room.acts.editing = null;
      hooks.focusComposer();
    },
    remove: (seq) => hooks.confirmDelete(seq),
    jump(seq) {
      // Not on the page: older than what is loaded. Show it with the messages around it.
      if (!showMessage(seq)) room.showMessage(seq).catch(() => {}); // offline: clicking again tries again
    },
    copy: (text) => hooks.copy(text),
  };
}
