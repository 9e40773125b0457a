/** Messages in English and Simplified Chinese: import from here (docs/i18n.md says how). */
export { errorText } from './errors.ts';
export {
  dayLabel,
  formatBytes,
  formatFull,
  formatList,
  formatNumber,
  formatPercent,
  formatTime,
  startOfDay,
} from './format.ts';
export type { Message, MessageKey, MessageParams, PlainKey, Translate } from './keys.ts';
export {
  DEFAULT_LOCALE,
  LANGUAGE_NAMES,
  LOCALES,
  isLocale,
  isLocaleSetting,
  pickLocale,
  resolveLocale,
  type Locale,
  type LocaleSetting,
} from './locale.ts';
export { message, say, translator } from './translate.ts';
