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

/** Bidi controls: in a link's text they could make `https://evil.example/moc.knab` read as a bank. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Letters of other scripts that look like Latin ones. A host name made only of them (with
 * digits, dots and hyphens), or that mixes them with Latin letters, is a look-alike of a Latin
 * name (`аpple.com` with a Cyrillic а): it is shown in its punycode form, as browsers do.
 */
const LATIN_LOOKALIKES = /[аеорсухіјѕԁԛԝһӏɑοαυνρτκιεχ]/u;
const NON_ASCII = /[^ -~]/u; // anything but printable ASCII

function isLookAlike(hostname: string): boolean {
  return hostname.split('.').some((label) => {
    if (!NON_ASCII.test(label)) return false;
    const letters = [...label].filter((c) => /\p{L}/u.test(c));
    const latin = letters.some((c) => /\p{Script=Latin}/u.test(c));
    const lookalike = letters.some((c) => LATIN_LOOKALIKES.test(c));
    const onlyLookalikes = letters.every((c) => LATIN_LOOKALIKES.test(c) || /[a-z]/i.test(c));
    return lookalike && (latin || onlyLookalikes);
  });
}

/** The URL a candidate opens, or null when it is not a safe web link. */
export function safeHref(candidate: string): string | null {
  const href = /^www\./i.test(candidate) ? `https://${candidate}` : candidate;
  if (!/^https?:\/\/[^/\s?#]+/i.test(href)) return null;
  try {
    const url = new URL(href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // `https://bank.example@evil.example` goes to evil.example: refused, as the desktop app does.
    if (url.username !== '' || url.password !== '') return null;
    return url.href;
  } catch {
    return null;
  }
}

/**
 * What a link shows: its text without bidi controls, or, when its host name is a look-alike
 * of a Latin one, the URL with that name in punycode (what it really opens).
 */
export function linkText(raw: string, href: string): string {
  const typedHost = /^(?:https?:\/\/)?([^/?#:]+)/i.exec(raw)?.[1] ?? '';
  if (isLookAlike(typedHost.replace(BIDI, ''))) return href;
  return raw.replace(BIDI, '');
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
    out.push({ kind: 'link', text: linkText(raw, href), href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}
