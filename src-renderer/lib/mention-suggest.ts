/**
 * @mention suggestions in the composer: which query the caret is in, which names fit it, and the
 * draft with the chosen name put in.
 */

/** The `@query` just before the caret, if the caret is in one. */
export function mentionQuery(draft: string, caret: number): { start: number; query: string } | null {
  const m = /(?:^|\s)@([^\s@]{0,32})$/u.exec(draft.slice(0, caret));
  if (!m) return null;
  return { start: caret - m[1]!.length - 1, query: m[1]! };
}

/** The names that start with the query (case-insensitive), the local person left out, at most `max`. */
export function suggestNames(names: readonly string[], query: string, you: string | null, max = 6): string[] {
  const q = query.toLowerCase();
  const seen = new Set<string>();
  return names.filter((n) => n !== you && n.toLowerCase().startsWith(q) && !seen.has(n) && seen.add(n)).slice(0, max);
}

/** The draft with `@query` replaced by `@Name `, and where the caret goes. */
export function insertMention(
  draft: string,
  at: { start: number; query: string },
  name: string,
): { draft: string; caret: number } {
  const before = draft.slice(0, at.start);
  const after = draft.slice(at.start + 1 + at.query.length);
  const inserted = `@${name} `;
  return { draft: before + inserted + after.replace(/^ /, ''), caret: before.length + inserted.length };
}
