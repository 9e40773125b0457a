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
}

/**
 * Enter sends, Shift+Enter adds a line. Enter while an input method is composing (Japanese,
 * Chinese…) confirms the composition and must never send.
 */
export function composerKeyAction(e: ComposerKey): ComposerKeyAction {
  if (e.key !== 'Enter' || e.isComposing) return 'none';
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
