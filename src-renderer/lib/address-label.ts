/**
 * How an address is shown: its host part and its room, read with the shared parser (never split
 * by hand), so that `[fe80::1]:47801/dev` and `host/dev` come apart the same way everywhere.
 */
import { formatHost, parseAddress } from '../../src-shared/address.ts';
import { shortFingerprint } from '../../src-shared/fingerprint.ts';
import type { RecentRoom } from '../../src-shared/bridge.ts';

/** The host part (`192.168.1.20`, `[fe80::1]:47801`) and the room of an address. */
export interface AddressParts {
  host: string;
  room: string;
  /** The host's key the address carries (`7F3A-91C2-0B5D-E844`), if any. */
  key?: string;
}

/** Splits an address for display; text the parser refuses is shown whole, as the host part. */
export function addressParts(text: string): AddressParts {
  const parsed = parseAddress(text);
  if (!parsed.ok) return { host: text, room: '' };
  const key = parsed.fingerprints?.map(shortFingerprint).join(',');
  return { host: formatHost(parsed), room: parsed.room, ...(key && { key }) };
}

/** The label of a recent room: its room, and the host's name when known (else its address). */
export function recentLabel(r: RecentRoom): AddressParts {
  const parts = addressParts(r.address);
  return { room: parts.room, host: r.title ?? parts.host };
}
