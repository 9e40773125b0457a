/**
 * The renderer's language: one reactive locale, and `t()` plus the Intl formats bound to it.
 * Components import `t` and call it in their markup; since `t` reads `i18n.locale` (a `$state`),
 * every text on screen follows a change of language at once, without a reload.
 */
import {
  dayLabel,
  errorText,
  formatBytes,
  formatFull,
  formatList,
  formatNumber,
  formatPercent,
  formatTime,
  resolveLocale,
  translator,
  type Locale,
  type LocaleSetting,
  type Translate,
} from '../../src-shared/i18n/index.ts';

class I18n {
  /** The language of the UI. */
  locale = $state<Locale>('en');
}

/** The renderer's one language state. */
export const i18n = new I18n();

/** Translates a key into the language on screen (reactive in markup and `$derived`). */
export const t: Translate = (key, ...params) => translator(i18n.locale)(key, ...params);

/** What the page is told about languages: `navigator.languages`, the `<html>` element. */
export interface LanguageHost {
  languages: readonly string[];
  root: { lang: string } | null;
}

function pageHost(): LanguageHost {
  // Typed loosely: the component tests run this module under Node, without a page.
  const page = globalThis as {
    navigator?: { languages?: readonly string[] };
    document?: { documentElement: { lang: string } };
  };
  return { languages: page.navigator?.languages ?? [], root: page.document?.documentElement ?? null };
}

/**
 * Sets the language from a setting (`system` follows the browser / OS) and says it to the page
 * (`<html lang>`), so that screen readers, fonts and line breaking use the right language.
 */
export function applyLocale(setting: LocaleSetting, host: LanguageHost = pageHost()): Locale {
  i18n.locale = resolveLocale(setting, host.languages);
  if (host.root) host.root.lang = i18n.locale;
  return i18n.locale;
}

/** `14:05` / `下午2:05`. */
export const time = (ts: number): string => formatTime(i18n.locale, ts);
/** The full date and time, for tooltips. */
export const fullTime = (ts: number): string => formatFull(i18n.locale, ts);
/** `Today`, `昨天`, `Monday 20 November`. */
export const day = (ts: number, now: number): string => dayLabel(t, i18n.locale, ts, now);
/** `1,234`. */
export const number = (n: number): string => formatNumber(i18n.locale, n);
/** `1.5 MB`. */
export const bytes = (n: number): string => formatBytes(i18n.locale, n);
/** `42%` of a fraction (floored: 100% only when done). */
export const percent = (fraction: number): string => formatPercent(i18n.locale, fraction);
/** `Ana, Bo and Cy` / `Ana、Bo和Cy`. */
export const list = (items: readonly string[]): string => formatList(i18n.locale, items);
/** The sentence for a host error, by its code. */
export const hostError = (code: string, message: string, retryAfter?: number): string =>
  errorText(t, code, message, retryAfter);

/** Stands for a value that the markup shows itself (e.g. in `<strong>`): see {@link around}. */
export const MARK = '\u{E000}';

/**
 * A sentence with one value set apart: `around(t('join.invited', { room: MARK }))` gives the text
 * before and after the value, so the markup can wrap the value in its own element while the
 * language decides where it goes in the sentence.
 */
export function around(text: string): [string, string] {
  const i = text.indexOf(MARK);
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + MARK.length)];
}
