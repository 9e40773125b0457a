/** What the host says about its key when it starts: the addresses with it, and one line on it. */
import { formatPinnedAddress, parseAddress } from '../../src-shared/address.ts';
import type { Translate } from '../../src-shared/i18n/index.ts';
import { DEFAULT_ROOM } from '../../src-shared/protocol.ts';
import type { HostIdentity } from './host-identity.ts';

/**
 * `host:port` strings as people type them with the room and the key's short fingerprint:
 * `192.168.1.20/general#7F3A-91C2-0B5D-E844` (the port only when it is not 47800).
 */
export function pinnedAddresses(hostPorts: readonly string[], identity: HostIdentity, room = DEFAULT_ROOM): string[] {
  return hostPorts.map((hostPort) => {
    const parsed = parseAddress(`${hostPort}/${room}`);
    return parsed.ok ? formatPinnedAddress(parsed, identity.fingerprint) : `${hostPort}/${room}`;
  });
}

/** A few sentences on the key: made now, replaced, or the same as before, and what that means. */
export function describeIdentity(identity: HostIdentity, tlsOnly: boolean, t: Translate): string {
  const what = {
    created: t('tls.keyCreated', { file: identity.file }),
    rotated: t('tls.keyRotated'),
    loaded: t('tls.keyLoaded'),
  }[identity.origin];
  const fingerprint = t('tls.fingerprint', { short: identity.short, full: identity.fingerprint });
  return `${what} ${fingerprint} ${t(tlsOnly ? 'tls.onlyEncrypted' : 'tls.plainToo')}`;
}
