/**
 * The host fingerprint computed from a certificate (Node side): SHA-256 of the DER-encoded
 * SubjectPublicKeyInfo. It names the key, not the certificate, so a certificate renewed with the
 * same key keeps it. The base64 of the same digest is what Chromium's
 * `--ignore-certificate-errors-spki-list` takes.
 */
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';

/** The DER SubjectPublicKeyInfo of a certificate (PEM text, DER bytes or a parsed certificate). */
export function spkiDer(cert: string | Uint8Array | X509Certificate): Buffer {
  const x509 = cert instanceof X509Certificate ? cert : new X509Certificate(cert);
  return publicKeyDer(x509.publicKey);
}

function publicKeyDer(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/** The full fingerprint: 64 upper-case hex digits. */
export function certFingerprint(cert: string | Uint8Array | X509Certificate): string {
  return createHash('sha256').update(spkiDer(cert)).digest('hex').toUpperCase();
}

/** The SPKI SHA-256 in base64, as Chromium's pinning flag and HPKP-style pins write it. */
export function certSpkiBase64(cert: string | Uint8Array | X509Certificate): string {
  return createHash('sha256').update(spkiDer(cert)).digest('base64');
}
