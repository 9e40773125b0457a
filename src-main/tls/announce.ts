/** What the host says about its key when it starts: the addresses with it, and one line on it. */
import { formatPinnedAddress, parseAddress } from '../../src-shared/address.ts';
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

/** One or two sentences on the key: made now, replaced, or the same as before, and what that means. */
export function describeIdentity(identity: HostIdentity, tlsOnly: boolean): string {
  const mode = tlsOnly
    ? 'Only encrypted connections are accepted.'
    : 'The apps always encrypt; plain browsers may still use http://.';
  const what = {
    created: `A new host key was made (${identity.file}).`,
    rotated: `A NEW host key replaces the old one: everyone who joined before will be warned that the key changed; tell them the new fingerprint.`,
    loaded: 'Host key as before.',
  }[identity.origin];
  return `${what} Fingerprint ${identity.short} (full: ${identity.fingerprint}). ${mode}`;
}
