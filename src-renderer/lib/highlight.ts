/**
 * Splits a text into the parts that match a search query and the parts that do not, ignoring
 * case the way the host does (Unicode lower case), so that a result shows what it was found by.
 */

/** A piece of a text: matched by the query or not. */
export interface Part {
  text: string;
  match: boolean;
}

/**
 * The text in parts, matches marked. Lower-casing can change a character's length (`İ`), so the
 * text is folded one character at a time, remembering where each folded unit came from.
 */
export function highlightParts(text: string, query: string): Part[] {
  const needle = query.toLowerCase();
  if (needle === '') return [{ text, match: false }];
  let folded = '';
  const origin: number[] = []; // folded index → index in `text`
  let i = 0;
  for (const ch of text) {
    const low = ch.toLowerCase();
    for (let k = 0; k < low.length; k++) origin.push(i);
    folded += low;
    i += ch.length;
  }
  origin.push(text.length);
  const parts: Part[] = [];
  let done = 0;
  for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + needle.length)) {
    const start = origin[at]!;
    const end = origin[at + needle.length]!;
    if (start > done) parts.push({ text: text.slice(done, start), match: false });
    if (end > start) parts.push({ text: text.slice(start, end), match: true });
    done = Math.max(done, end);
  }
  if (done < text.length) parts.push({ text: text.slice(done), match: false });
  return parts;
}
