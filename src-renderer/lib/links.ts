/**
 * Finds web links in message text. The result is a list of plain segments that the view renders
 * as text nodes and anchors, so that message text is never parsed as HTML, and only `http(s)`
 * links ever become clickable (no `javascript:`, `data:` or `file:`).
 */

/** A piece of a message: plain text, or a link with the text shown and the URL it opens. */
export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// `http://…`, `https://…` or `www.…`, up to the next white space or angle bracket/quote.
const CANDIDATE = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
// Punctuation that usually ends a sentence rather than the link.
const TRAILING = /[.,;:!?)\]}'"’”»]+$/;

/** Drops trailing punctuation, but keeps a `)` that closes a `(` inside the link (Wikipedia). */
function trimTrailing(url: string): string {
  let end = url;
  for (;;) {
    const m = TRAILING.exec(end);
    if (!m) return end;
    let cut = m[0];
    if (cut.startsWith(')')) {
      const opens = (end.match(/\(/g) ?? []).length;
      const closes = (end.match(/\)/g) ?? []).length;
      if (opens >= closes) return end;
    }
    // Strip one character at a time so that a balanced `)` before `.` survives.
    cut = cut.slice(-1);
    end = end.slice(0, -cut.length);
  }
}

/** The URL a candidate opens, or null when it is not a safe web link. */
export function safeHref(candidate: string): string | null {
  const href = /^www\./i.test(candidate) ? `https://${candidate}` : candidate;
  if (!/^https?:\/\/[^/\s?#]+/i.test(href)) return null;
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Splits message text into text and link segments.
 * @param text the message as received (untrusted)
 */
export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(CANDIDATE)) {
    const start = m.index;
    const raw = trimTrailing(m[0]);
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
    out.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}
