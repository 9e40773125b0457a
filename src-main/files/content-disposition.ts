/**
 * `Content-Disposition` with an RFC 6266 / RFC 8187 file name: an ASCII `filename` for old
 * clients and the exact UTF-8 name in `filename*` (Chinese names arrive intact).
 */

/** RFC 8187 attr-char: what may stay unescaped in `filename*`. */
const ATTR_CHAR = /[A-Za-z0-9!#$&+.^_`|~-]/;

function encodeExtValue(name: string): string {
  let out = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && ATTR_CHAR.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The header for `name` (already cleaned of paths and control characters). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  // The fallback keeps printable ASCII except the quote and backslash, which would need escaping.
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeExtValue(name)}`;
}
