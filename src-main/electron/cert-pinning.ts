/**
 * The Electron side of pinning, kept thin: Chromium asks `setCertificateVerifyProc` about every
 * certificate of the session; cert-decision.ts decides (tested under Node with real
 * certificates). Pinned host names get exactly their pinned keys; every other name keeps
 * Chromium's own verification (-3), so certificate checks are never turned off globally.
 * Electron's docs: 0 accepts, -2 refuses, -3 uses Chromium's result; results are cached by the
 * network service, which is why a key is checked (and pinned) by the main process first.
 */
import type { Session } from 'electron';
import type { CertRefusal } from '../../src-shared/host-key-check.ts';
import { decideCertificate, pinHostname, VERIFY_RESULT, type PinLookup } from '../tls/cert-decision.ts';

/** Installs the hook on `session`; `onRefused` hears of every refused certificate. */
export function installCertificatePinning(
  session: Pick<Session, 'setCertificateVerifyProc'>,
  pins: PinLookup,
  onRefused: (refusal: CertRefusal) => void,
): void {
  session.setCertificateVerifyProc((request, callback) => {
    const decision = decideCertificate(request.hostname, request.certificate.data, pins);
    if (decision.verdict === 'refuse') {
      const refusal: CertRefusal = { host: pinHostname(request.hostname), expected: [...decision.expected] };
      if (decision.fingerprint) refusal.actual = decision.fingerprint;
      onRefused(refusal);
    }
    callback(VERIFY_RESULT[decision.verdict]);
  });
}
