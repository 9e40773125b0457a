/**
 * Markdown-lite for message text: `**bold**`, `*italic*`, `` `code` ``, fenced code blocks,
 * web links and @mentions. The result is a tree of plain data that the view renders as text nodes
 * and a few fixed elements: the sender's text is never parsed as HTML, and only http(s) links
 * become anchors (see links.ts).
 */
import { linkify } from './links.ts';

/** A piece of a line. */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'bold'; children: Inline[] }
  | { kind: 'italic'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; text: string; you: boolean };

/** A paragraph (inline content, new lines kept) or a fenced code block. */
export type Block = { kind: 'para'; children: Inline[] } | { kind: 'code'; text: string; lang: string };

/** Who can be mentioned: the names in the room, and the local person's own. */
export interface MentionContext {
  names: readonly string[];
  you: string | null;
}

const FENCE = /^ {0,3}```\s*([\w+-]*)\s*$/;

/** Splits a message into paragraphs and fenced code blocks. */
export function parseMessage(text: string, mentions: MentionContext = { names: [], you: null }): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  let para: string[] = [];
  const flush = () => {
    if (para.length > 0) blocks.push({ kind: 'para', children: parseInline(para.join('\n'), mentions) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) {
      para.push(lines[i]!);
      continue;
    }
    const end = lines.findIndex((l, j) => j > i && /^ {0,3}```\s*$/.test(l));
    if (end < 0) {
      para.push(lines[i]!); // an unclosed fence is just text
      continue;
    }
    flush();
    blocks.push({ kind: 'code', text: lines.slice(i + 1, end).join('\n'), lang: open[1] ?? '' });
    i = end;
  }
  flush();
  return blocks;
}

/** Inline markup of one paragraph: code spans first (nothing inside them is markup). */
export function parseInline(text: string, mentions: MentionContext): Inline[] {
  return splitBy(
    text,
    /`([^`\n]+)`/g,
    (m) => ({ kind: 'code', text: m[1]! }),
    (t) => emphasis(t, mentions),
  );
}

function emphasis(text: string, mentions: MentionContext): Inline[] {
  return splitBy(
    text,
    /\*\*(?=\S)([^*]+?)\*\*|\*(?=[^\s*])([^*\n]+?)\*/g,
    (m) =>
      m[1] !== undefined
        ? { kind: 'bold', children: leaves(m[1], mentions) }
        : { kind: 'italic', children: leaves(m[2]!, mentions) },
    (t) => leaves(t, mentions),
  );
}

/** Links and mentions in plain text. */
function leaves(text: string, mentions: MentionContext): Inline[] {
  return linkify(text).flatMap((seg): Inline[] =>
    seg.kind === 'link' ? [{ kind: 'link', text: seg.text, href: seg.href }] : mentionsIn(seg.text, mentions),
  );
}

/** `@Name` for any known name (the longest that fits), case-insensitive. */
function mentionsIn(text: string, { names, you }: MentionContext): Inline[] {
  if (!text.includes('@') || names.length === 0) return [{ kind: 'text', text }];
  const sorted = [...new Set(names)].sort((a, b) => b.length - a.length);
  const out: Inline[] = [];
  let last = 0;
  for (let i = text.indexOf('@'); i >= 0; i = text.indexOf('@', i + 1)) {
    if (i < last || (i > 0 && /[\w@]/.test(text[i - 1]!))) continue;
    const rest = text.slice(i + 1).toLowerCase();
    const name = sorted.find((n) => rest.startsWith(n.toLowerCase()) && !/\w/.test(rest[n.length] ?? ''));
    if (!name) continue;
    if (i > last) out.push({ kind: 'text', text: text.slice(last, i) });
    out.push({ kind: 'mention', text: text.slice(i, i + 1 + name.length), you: name === you });
    last = i + 1 + name.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/** Whether a text mentions `name` (what notifies the local person). */
export function mentions(text: string, name: string): boolean {
  const found = (blocks: Inline[]): boolean =>
    blocks.some(
      (n) => (n.kind === 'mention' && n.you) || ((n.kind === 'bold' || n.kind === 'italic') && found(n.children)),
    );
  return parseMessage(text, { names: [name], you: name }).some((b) => b.kind === 'para' && found(b.children));
}

/** The first line of a text, for reply quotes and notifications, without its markup characters. */
export function firstLine(text: string, max = 120): string {
  const raw = text.split('\n').find((l) => l.trim() !== '' && !FENCE.test(l)) ?? '';
  const line = raw.replace(/\*\*(\S[^*]*?)\*\*|\*(\S[^*\n]*?)\*|`([^`]+)`/g, (_m, b, i, c) => b ?? i ?? c);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function splitBy(
  text: string,
  re: RegExp,
  match: (m: RegExpMatchArray) => Inline,
  between: (t: string) => Inline[],
): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push(...between(text.slice(last, m.index)));
    out.push(match(m));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(...between(text.slice(last)));
  return out;
}
