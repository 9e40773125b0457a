/**
 * Display names as people see them. A name is NFKC-normalised (full-width and styled letters
 * become plain ones), loses its invisible and format characters (zero-width spaces, bidi
 * controls, Hangul fillers, tags), has its runs of white space made one space, and must keep at
 * least one visible character: a name cannot be blank, or hide one name inside another.
 * Pure: used by the host's decoder and by clients before they send.
 */

/**
 * Characters that show nothing: format characters (Cf: zero-width, bidi controls, tags, soft
 * hyphen), line and paragraph separators, and letters that render blank (Hangul fillers,
 * the braille blank, the combining grapheme joiner, Khmer inherent vowels, Mongolian selectors).
 */
const INVISIBLE =
  /[\p{Cf}\p{Zl}\p{Zp}\u115f\u1160\u2800\u3164\uffa0]|\u034f|\u17b4|\u17b5|\u180b|\u180c|\u180d|\u180f/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
/** What may end the emoji before a joiner: the picture, a skin tone, or the emoji-style selector. */
const PICTOGRAPH_END = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f]/u;
/** Something one can see: a letter, digit, punctuation or symbol. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
/** C0 and C1 controls and DEL: never part of a name. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/**
 * Normalises a name: NFKC, invisible characters removed (a zero-width joiner inside an emoji
 * sequence stays: 👩‍💻 is one picture), white space collapsed and trimmed.
 * @returns the name, or null when it holds a control character
 */
export function normalizeName(raw: string): string | null {
  const nfkc = raw.normalize('NFKC');
  if (CONTROL.test(nfkc)) return null;
  const chars = [...nfkc];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\u200d' && PICTOGRAPH_END.test(chars[i - 1] ?? '') && PICTOGRAPH.test(chars[i + 1] ?? '')) out += c;
    else if (!INVISIBLE.test(c)) out += c;
  }
  return out.replace(/\s+/gu, ' ').trim();
}

/** Whether a (normalised) name has at least one character people can see. */
export function hasVisible(name: string): boolean {
  return VISIBLE.test(name);
}
