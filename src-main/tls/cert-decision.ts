/**
 * Whether the desktop app's Chromium may accept a host's certificate. LAN hosts have
 * self-signed certificates, which Chromium refuses; what counts for them is the key the person
 * pinned (from the address's `#FINGERPRINT`, discovery, or trust on first use, kept per host).
 * So for a host name with a pin, the certificate's SPKI fingerprint decides: the pinned key is
 * accepted, any other refused. For any other host name nothing changes: Chromium's own
 * verification decides, so certificate checks are never turned off globally.
 *
 * Pure (Node's crypto only, no Electron), so that it is tested under Node with real
 * certificates; src-main/electron/cert-pinning.ts is the thin adapter to Electron's hook.
 */
import { fingerprintMatches } from '../../src-shared/fingerprint.ts';
import { certFingerprint } from './fingerprint.ts';

/** Where the decision looks up the pins: every key pinned for a host name, whatever the port. */
export interface PinLookup {
  /** Full or short fingerprints pinned for `hostname` (lower case, IPv6 without brackets). */
  fingerprintsFor(hostname: string): readonly string[];
}

/** What to answer for one certificate. */
export type CertDecision =
  /** A pinned host showed a pinned key. */
  | { verdict: 'allow'; fingerprint: string }
  /** A pinned host showed another key (or a certificate that cannot be read): refuse it. */
  | { verdict: 'refuse'; reason: 'mismatch' | 'unreadable'; expected: readonly string[]; fingerprint?: string }
  /** No pin for this host name: Chromium's own verification decides. */
  | { verdict: 'chromium' };

/**
 * The codes Electron's `setCertificateVerifyProc` callback takes (Electron's session docs):
 * 0 accepts, -2 refuses, -3 keeps Chromium's own verification result.
 */
export const VERIFY_RESULT = Object.freeze({ allow: 0, refuse: -2, chromium: -3 } as const);

/** A host name as pins are looked up: lower case, an IPv6 literal without its brackets. */
export function pinHostname(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/**
 * Decides for one certificate.
 * @param hostname the host name the connection is for (as Chromium reports it)
 * @param certificate the leaf certificate, PEM (Electron's `certificate.data`) or DER
 */
export function decideCertificate(hostname: string, certificate: string | Uint8Array, pins: PinLookup): CertDecision {
  const expected = pins.fingerprintsFor(pinHostname(hostname));
  if (expected.length === 0) return { verdict: 'chromium' };
  let fingerprint: string;
  try {
    fingerprint = certFingerprint(certificate);
  } catch {
    return { verdict: 'refuse', reason: 'unreadable', expected };
  }
  if (expected.some((fp) => fingerprintMatches(fp, fingerprint))) return { verdict: 'allow', fingerprint };
  return { verdict: 'refuse', reason: 'mismatch', expected, fingerprint };
}
