/**
 * The message keys and their parameters, derived from the English catalog at compile time, so
 * that `t('no.such.key')` or a missing `{{placeholder}}` value fails `tsc` and svelte-check.
 */
import type { en } from './catalogs.ts';

/** The English catalog's shape: the reference every other catalog must match. */
export type English = typeof en;
type RawKey = keyof English & string;

/** Keys of plural messages, without their `_one` / `_other` suffix. */
type PluralKey = RawKey extends infer R ? (R extends `${infer B}_other` ? B : never) : never;
/** Keys of messages without plural forms. */
type SingleKey = Exclude<RawKey, `${string}_one` | `${string}_other`>;

/** Every key `t()` accepts. */
export type MessageKey = SingleKey | PluralKey;

/** The English text (all forms) of a key. */
type TextOf<K extends MessageKey> = K extends SingleKey
  ? English[K]
  : K extends PluralKey
    ? English[`${K}_other` & RawKey] | English[`${K}_one` & RawKey]
    : never;

/** The `{{name}}` placeholders of a text. */
type Placeholders<S> = S extends `${string}{{${infer P}}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** A value for a placeholder: `count` chooses the plural form, so it is a number. */
type ValueOf<P extends string> = P extends 'count' ? number : string | number;

/** The values a key's placeholders need. */
export type MessageParams<K extends MessageKey> = { [P in Placeholders<TextOf<K>>]: ValueOf<P> };

/** `t(key)` for texts without placeholders, `t(key, {…})` with exactly the ones they have. */
export type ParamsArg<K extends MessageKey> = [Placeholders<TextOf<K>>] extends [never] ? [] : [MessageParams<K>];

/**
 * What the Chinese half of a message file must hold, given its English half: every key, plural
 * messages with only their `_other` form (Chinese has one form; i18next picks it through
 * `Intl.PluralRules`), and nothing else.
 */
export type ChineseOf<E> = { readonly [K in keyof E as K extends `${string}_one` ? never : K]: string };

/** The whole Chinese catalog. */
export type Catalog = ChineseOf<English>;

/** A function that turns a key (and its values) into the text of one language. */
export type Translate = <K extends MessageKey>(key: K, ...params: ParamsArg<K>) => string;

/** Keys whose texts have no placeholders: `t(key)` alone. */
export type PlainKey = { [K in MessageKey]: ParamsArg<K> extends [] ? K : never }[MessageKey];

/**
 * A message to be translated later, by whoever shows it: what pure code returns instead of a
 * sentence (e.g. why an address is invalid), so that each caller says it in its own language.
 */
export type Message = {
  [K in MessageKey]: ParamsArg<K> extends [] ? { key: K } : { key: K; params: MessageParams<K> };
}[MessageKey];
