/** The typing indicator's words: `Bob is typing…`, `Bob and Carol are typing…`, … */
import { list, t } from '../state/i18n.svelte.ts';

/** What the indicator says for these names (at most three are named). */
export function typingText(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return t('room.typingOne', { name: names[0] ?? '' });
  if (names.length <= 3) return t('room.typingSome', { names: list(names) });
  return t('room.typingMany');
}
