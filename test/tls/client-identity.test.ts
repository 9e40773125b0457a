/** Per-host clientIds from one install secret, and the move of an existing install to them. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  addressScope,
  clientIdFor,
  clientIdForHost,
  fingerprintScope,
  isInstallSecret,
  newInstallSecret,
} from '../../src-shared/client-identity.ts';
import { CLIENT_ID_PATTERN } from '../../src-shared/protocol.ts';

const FP_A = 'A'.repeat(64);
const FP_B = 'B'.repeat(64);

describe('per-host clientIds', () => {
  it('differ per host, stay the same for one host, and fit the protocol', () => {
    const secret = newInstallSecret();
    expect(isInstallSecret(secret)).toBe(true);
    const a = clientIdFor(secret, fingerprintScope(FP_A));
    expect(a).toMatch(CLIENT_ID_PATTERN);
    expect(a).toHaveLength(32);
    expect(clientIdFor(secret, fingerprintScope(FP_A))).toBe(a);
    expect(clientIdFor(secret, fingerprintScope(FP_B))).not.toBe(a);
    expect(clientIdFor(newInstallSecret(), fingerprintScope(FP_A))).not.toBe(a);
  });

  it('are the known HMAC-SHA256 of the secret and the scope (the same in every runtime)', () => {
    // HMAC-SHA256(key "k", "lanchat client id v1\nfp:AAAA…") computed with Node's crypto.
    const expected = createHmac('sha256', 'k')
      .update(`lanchat client id v1\n${fingerprintScope(FP_A)}`)
      .digest('base64url');
    expect(clientIdFor('k', fingerprintScope(FP_A))).toBe(expected.slice(0, 32));
  });

  it('name several hosts of one room by their sorted addresses, so failing over keeps the id', () => {
    const one = addressScope([
      { host: '10.0.0.6', port: 47800 },
      { host: '10.0.0.5', port: 47800 },
    ]);
    expect(one).toBe('addr:10.0.0.5:47800,10.0.0.6:47800');
    expect(addressScope([{ host: 'FE80::1', port: 1 }])).toBe('addr:[fe80::1]:1');
  });

  it('keep the old id for the hosts it was already used on, and only there', () => {
    const identity = { secret: newInstallSecret(), legacyClientId: 'old-id-123', legacyHosts: ['10.0.0.5:47800'] };
    expect(clientIdForHost(identity, [{ host: '10.0.0.5', port: 47800 }], FP_A)).toBe('old-id-123');
    const elsewhere = clientIdForHost(identity, [{ host: '10.0.0.9', port: 47800 }], FP_A);
    expect(elsewhere).toBe(clientIdFor(identity.secret, fingerprintScope(FP_A)));
    expect(clientIdForHost(identity, [{ host: '10.0.0.9', port: 47800 }])).toBe(
      clientIdFor(identity.secret, 'addr:10.0.0.9:47800'),
    );
  });
});
