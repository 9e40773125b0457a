/** The composer's decisions, kept out of the markup so that they can be tested alone. */
import { charLength } from '../../src-shared/codec.ts';
import { LIMITS } from '../../src-shared/protocol.ts';
import { t } from '../state/i18n.svelte.ts';

/** What a key press in the composer does. */
export type ComposerKeyAction = 'send' | 'newline' | 'none';

/** The parts of a KeyboardEvent the composer looks at. */
export interface ComposerKey {
  key: string;
  shiftKey: boolean;
  isComposing: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  /** 229: the key went to an input method (Safari reports the confirming Enter so). */
  keyCode?: number;
}

/** Which key sends: Enter (Shift+Enter adds a line) or Ctrl/⌘+Enter (Enter adds a line). */
export type SendKey = 'enter' | 'ctrl-enter';

/**
 * What a key does in the composer. Enter while an input method is composing (Chinese pinyin,
 * Japanese…) confirms the composition and must never send.
 */
export function composerKeyAction(e: ComposerKey, sendKey: SendKey = 'enter'): ComposerKeyAction {
  if (e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return 'none';
  if (e.ctrlKey || e.metaKey) return 'send';
  if (sendKey === 'ctrl-enter') return 'none'; // the textarea adds the line itself
  return e.shiftKey ? 'newline' : 'send';
}

/** Whether a draft may be sent: not empty, not only white space, not over the limit. */
export function canSend(draft: string): boolean {
  return draft.trim() !== '' && charLength(draft) <= LIMITS.maxTextChars;
}

/** A short hint under the composer when the draft is too long, else null. */
export function draftProblem(draft: string): string | null {
  const n = charLength(draft);
  return n > LIMITS.maxTextChars
    ? t('room.tooLong', { count: n - LIMITS.maxTextChars, max: LIMITS.maxTextChars })
    : null;
}
