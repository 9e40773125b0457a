/**
 * The room log's change entries (protocol 1.1: `edit`, `delete`, `react`) and how one of them
 * changes the text entry it targets. Pure and shared: the host's stores use it to keep a text
 * entry in its current state, and the client's Timeline applies the same rules, so both agree.
 */
import type { ChatMessage, Reactions } from './protocol.ts';

/** Limits of the change entries (decisions of ours; see docs/protocol.md). */
export const LOG_LIMITS = Object.freeze({
  /** An emoji is 1–32 UTF-8 bytes. */
  maxEmojiBytes: 32,
  /** Distinct emoji on one message; a new one beyond is refused with `too_large`. */
  maxEmojiPerMessage: 20,
  /** (emoji, member) pairs on one message. */
  maxReactionsPerMessage: 1000,
});

/** An emoji: 1–32 UTF-8 bytes, no white space and no control characters. */
// eslint-disable-next-line no-control-regex
const EMOJI_FORBIDDEN = /[\s\u0000-\u001f\u007f-\u009f]/u;

/** Whether a value is an acceptable `emoji`. */
export function isEmoji(v: unknown): v is string {
  if (typeof v !== 'string' || v.length === 0 || v.length > LOG_LIMITS.maxEmojiBytes) return false;
  return utf8Length(v) <= LOG_LIMITS.maxEmojiBytes && !EMOJI_FORBIDDEN.test(v);
}

/** UTF-8 bytes of a string (this module runs where TextEncoder may not be declared). */
function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Whether an entry is a text entry (not a change). */
export const isTextEntry = (m: ChatMessage): boolean => m.kind === undefined;

/** Why a change cannot apply to its target, or null when it can. */
export type ChangeRefusal = { code: 'not_found' | 'forbidden' | 'too_large'; message: string } | null;

/**
 * Checks a change (not yet stored) against its target, as the host must before storing it.
 * @param target the target entry in its current state, undefined when the log has no such seq
 */
export function checkChange(
  change: { kind: 'edit' | 'delete' | 'react'; memberId: string; emoji?: string; on?: boolean },
  target: ChatMessage | undefined,
): ChangeRefusal {
  if (!target || !isTextEntry(target) || target.deleted) {
    return { code: 'not_found', message: 'That message does not exist or was deleted.' };
  }
  if (change.kind !== 'react' && target.from.id !== change.memberId) {
    return { code: 'forbidden', message: 'Only its author can change a message.' };
  }
  if (change.kind === 'react' && change.on && change.emoji !== undefined) {
    const r = target.reactions ?? {};
    if (!(change.emoji in r) && Object.keys(r).length >= LOG_LIMITS.maxEmojiPerMessage) {
      return {
        code: 'too_large',
        message: `A message can carry at most ${LOG_LIMITS.maxEmojiPerMessage} different reactions.`,
      };
    }
    const total = Object.values(r).reduce((n, ids) => n + ids.length, 0);
    if (total >= LOG_LIMITS.maxReactionsPerMessage) {
      return { code: 'too_large', message: 'This message has as many reactions as it can carry.' };
    }
  }
  return null;
}

/**
 * The target's current state after one change entry. A change whose seq is not above the target's
 * `rev` (the last change it reflects) is already in it: the target comes back as it is. So an entry
 * applied twice, or an older one applied after a newer state, changes nothing.
 * @returns a new object (or the target itself when nothing changes); the target is not modified
 */
export function applyChange(target: ChatMessage, change: ChatMessage): ChatMessage {
  if (change.seq <= (target.rev ?? 0) || change.target !== target.seq) return target;
  return { ...changed(target, change), rev: change.seq };
}

function changed(target: ChatMessage, change: ChatMessage): ChatMessage {
  switch (change.kind) {
    case 'edit':
      if (target.deleted) return target;
      return { ...target, text: change.text, edited: change.ts };
    case 'delete': {
      const { reactions: _r, edited: _e, files: _f, ...rest } = target;
      return { ...rest, text: '', deleted: true };
    }
    case 'react':
      if (target.deleted || change.emoji === undefined) return target;
      return withReactions(target, toggle(target.reactions, change.emoji, change.from.id, change.on === true));
    default:
      return target;
  }
}

function withReactions(target: ChatMessage, reactions: Reactions | undefined): ChatMessage {
  const { reactions: _old, ...rest } = target;
  return reactions ? { ...rest, reactions } : rest;
}

/** Adds or removes one member's emoji; undefined when no reaction is left. */
function toggle(reactions: Reactions | undefined, emoji: string, memberId: string, on: boolean): Reactions | undefined {
  const next: Reactions = { ...reactions };
  const ids = next[emoji] ?? [];
  if (on && !ids.includes(memberId)) next[emoji] = [...ids, memberId];
  else if (!on && ids.includes(memberId)) {
    const left = ids.filter((id) => id !== memberId);
    if (left.length > 0) next[emoji] = left;
    else delete next[emoji];
  }
  return Object.keys(next).length > 0 ? next : undefined;
}
