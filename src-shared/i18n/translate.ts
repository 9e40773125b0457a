/**
 * Translation through i18next: one instance holding both catalogs, loaded synchronously (no
 * backend, no fetch), so `t()` works from the first line of the renderer, the host, the terminal
 * client and the desktop main process alike. i18next does the interpolation (`{{name}}`), the
 * plural forms (`key_one` / `key_other`, chosen by `Intl.PluralRules`) and the fallback to
 * English; keys.ts makes every call type-checked.
 */
import { createInstance } from 'i18next';
import { en, zhCN } from './catalogs.ts';
import type { Message, MessageKey, ParamsArg, Translate } from './keys.ts';
import { DEFAULT_LOCALE, type Locale } from './locale.ts';

const i18n = createInstance();
void i18n.init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  // Flat keys with dots in them ("room.members"), not nested objects.
  keySeparator: false,
  nsSeparator: false,
  // Every text is rendered as text (Svelte, the terminal, Electron's menus), never as HTML:
  // escaping here would show "&amp;" to people.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

const fixed = new Map<Locale, Translate>();

/** The translate function of one language (one per language, made once). */
export function translator(locale: Locale): Translate {
  let t = fixed.get(locale);
  if (!t) {
    // i18next's own types know nothing of our keys; keys.ts types the calls instead.
    const tf = i18n.getFixedT(locale) as unknown as (key: string, params?: object) => string;
    t = <K extends MessageKey>(key: K, ...params: ParamsArg<K>) => tf(key, params[0]);
    fixed.set(locale, t);
  }
  return t;
}

/** Builds a {@link Message}: `message('address.badPort', { port })`. */
export function message<K extends MessageKey>(key: K, ...params: ParamsArg<K>): Message {
  return (params[0] === undefined ? { key } : { key, params: params[0] }) as Message;
}

/** Says a {@link Message} in the language of `t`. */
export function say(t: Translate, m: Message): string {
  const tf = t as unknown as (key: string, params?: object) => string;
  return tf(m.key, 'params' in m ? m.params : undefined);
}
