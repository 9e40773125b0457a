/**
 * The languages LAN Chat speaks and how one is chosen from what the OS or browser prefers.
 */

/** The languages with a complete catalog. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language's name in itself, as a language menu shows it whatever the UI's language. */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', 'zh-CN': '简体中文' };

/** What people choose in the settings: a language, or whatever the system prefers. */
export type LocaleSetting = Locale | 'system';

/** The language of the UI when nothing else is known. */
export const DEFAULT_LOCALE: Locale = 'en';

/** Whether a value is one of {@link LOCALES}. */
export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** Whether a value is a valid {@link LocaleSetting}. */
export function isLocaleSetting(v: unknown): v is LocaleSetting {
  return v === 'system' || isLocale(v);
}

/**
 * Simplified Chinese: `zh`, `zh-CN`, `zh-Hans` (with any region, e.g. `zh-Hans-SG`) and the
 * regions that write it (`zh-SG`, `zh-MY`). Traditional (`zh-TW`, `zh-HK`, `zh-Hant`) gets
 * English, as the issue asks, until a Traditional catalog exists. POSIX forms such as
 * `zh_CN.UTF-8` are accepted too.
 */
function isSimplifiedChinese(tag: string): boolean {
  const parts = tag
    .replace(/[.@].*$/, '')
    .replace(/_/g, '-')
    .toLowerCase()
    .split('-');
  if (parts[0] !== 'zh') return false;
  const rest = parts.slice(1);
  if (rest.includes('hant')) return false;
  if (rest.includes('hans')) return true;
  const region = rest.find((p) => p.length === 2);
  return region === undefined || ['cn', 'sg', 'my'].includes(region);
}

/**
 * The first language of `preferred` (most wanted first, as `navigator.languages` or
 * `app.getPreferredSystemLanguages()` give them) that LAN Chat speaks.
 */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    if (isSimplifiedChinese(tag)) return 'zh-CN';
    if (/^en\b/i.test(tag)) return 'en';
  }
  return DEFAULT_LOCALE;
}

/** The language to use: the setting's, or the system's when the setting says `system`. */
export function resolveLocale(setting: LocaleSetting, preferred: readonly string[]): Locale {
  return setting === 'system' ? pickLocale(preferred) : setting;
}
