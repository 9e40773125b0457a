/**
 * Host fingerprints as people and programs write them. The fingerprint is the SHA-256 of the
 * host certificate's SubjectPublicKeyInfo: 64 hex digits in full (`/api/info`, discovery, the
 * client's store of known hosts), and its first 16 digits in groups of four for people
 * (`7F3A-91C2-0B5D-E844`), which an address may carry after `#`. Pure, like address.ts.
 */

/** The full form: 64 upper-case hex digits. */
export const FULL_FINGERPRINT = /^[0-9A-F]{64}$/;
/** The short form people read and type: 16 hex digits in four groups (case and dashes optional). */
const SHORT_INPUT = /^[0-9A-Fa-f]{4}(?:-?[0-9A-Fa-f]{4}){3}$/;
const FULL_INPUT = /^(?:[0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/;

/**
 * Reads a fingerprint as written anywhere: the short form (`7f3a-91c2-0b5d-e844`, dashes
 * optional) or the full one (64 hex digits, colons between bytes allowed).
 * @returns upper-case hex without separators (16 or 64 digits), or undefined when it is neither
 */
export function normalizeFingerprint(text: string): string | undefined {
  const t = text.trim();
  if (SHORT_INPUT.test(t) || FULL_INPUT.test(t)) return t.replace(/[-:]/g, '').toUpperCase();
  return undefined;
}

/** `7F3A-91C2-0B5D-E844`: the first 16 hex digits of a fingerprint, in groups of four. */
export function shortFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/[-:]/g, '').toUpperCase().slice(0, 16);
  return hex.match(/.{1,4}/g)?.join('-') ?? '';
}

/**
 * Whether a host's full fingerprint matches what the client expects: the full form must be
 * equal; the short form (from an address) must be its first 16 digits.
 */
export function fingerprintMatches(expected: string, actual: string): boolean {
  const e = normalizeFingerprint(expected);
  const a = normalizeFingerprint(actual);
  if (!e || !a || a.length !== 64) return false;
  return e.length === 64 ? e === a : a.startsWith(e);
}
