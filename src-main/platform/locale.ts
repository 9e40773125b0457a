/**
 * The language of the terminal (host and chat CLI): what the POSIX locale variables say, the
 * way gettext reads them (`LANGUAGE` list first, then `LC_ALL`, `LC_MESSAGES`, `LANG`), with
 * `C` / `POSIX` meaning "no preference".
 */
import { pickLocale, translator, type Locale, type Translate } from '../../src-shared/i18n/index.ts';

/** The locale variables, most important first, as language tags. */
export function preferredLanguages(env: NodeJS.ProcessEnv = process.env): string[] {
  const set = (v: string | undefined): v is string => v !== undefined && v !== '' && !/^(C|POSIX)([.@]|$)/.test(v);
  const main = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find(set);
  // LANGUAGE is only honoured when a locale is set at all (gettext's rule).
  const list = main ? (env.LANGUAGE ?? '').split(':').filter(set) : [];
  return main ? [...list, main] : [];
}

/** The language of this process's messages. */
export function terminalLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  return pickLocale(preferredLanguages(env));
}

/** `t()` in the terminal's language. */
export function terminalTranslator(env: NodeJS.ProcessEnv = process.env): Translate {
  return translator(terminalLocale(env));
}
