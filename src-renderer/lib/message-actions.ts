/**
 * What a message row can do (protocol 1.1 room log), handed down from the room view as one
 * object, and the emoji offered for reactions.
 */
import type { MentionContext } from './markdown.ts';

/** The actions of the message list; `canAct` is false on a host that does not serve them. */
export interface MessageActions {
  canAct: boolean;
  /** The seq being edited in place, if any. */
  editing: number | null;
  mentions: MentionContext;
  reply(seq: number): void;
  react(seq: number, emoji: string): void;
  startEdit(seq: number): void;
  saveEdit(seq: number, text: string): void;
  cancelEdit(): void;
  /** Asks once, then erases. */
  remove(seq: number): void;
  /** Shows the message with that seq in context (loading it when it is not). */
  jump(seq: number): void;
  copy(text: string): void;
}

/** One entry of a message's context menu. */
export interface MenuItem {
  label: string;
  danger?: boolean;
  run: () => void;
}

/** The reactions one click away. */
export const QUICK_EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢'] as const;

/** The picker's emoji, by theme. */
// prettier-ignore
export const PICKER_EMOJI = [
  '👍', '👎', '👏', '🙌', '🙏', '💪', '👀', '🤝', '✅', '❌', '❓', '❗',
  '😀', '😄', '😂', '🤣', '😊', '😍', '😘', '😎', '🤔', '😮', '😢', '😭',
  '😡', '😱', '🥳', '😴', '🤯', '🙈', '❤️', '🧡', '💛', '💚', '💙', '💜',
  '🔥', '✨', '🎉', '🎂', '☕', '🍕', '🍻', '🚀', '💡', '📌', '⏰', '💯',
] as const;
