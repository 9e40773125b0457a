/**
 * Reads another host's `GET /api/info`, with a deadline and a size cap, and keeps only what
 * checks out: a LAN Chat host's name and its open rooms (direct-message rooms never).
 */
import { ROOM_ID_PATTERN } from '../../src-shared/protocol.ts';
import { isDmRoom } from '../../src-shared/dm.ts';
import type { NearbyRoom } from '../../src-shared/nearby.ts';
import { fingerprintMatches } from '../../src-shared/fingerprint.ts';
import { peerRequest, type PeerResponse, type PeerTransport } from './peer-request.ts';
import { cleanName } from './sightings.ts';

const MAX_ROOMS = 200;

/** What is kept of another host's info. */
export interface PeerInfo {
  name: string;
  fingerprint: string | undefined;
  rooms: NearbyRoom[];
}

/** Checks a parsed `/api/info` body; undefined when it is not a LAN Chat host's. */
export function validatePeerInfo(body: unknown): PeerInfo | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (b.app !== 'lanchat' || !Array.isArray(b.rooms)) return undefined;
  const name = cleanName(typeof b.name === 'string' ? b.name : undefined) ?? 'LAN Chat host';
  const fp = typeof b.fingerprint === 'string' && /^[0-9A-Fa-f]{64}$/.test(b.fingerprint) ? b.fingerprint : undefined;
  const rooms: NearbyRoom[] = [];
  for (const r of b.rooms.slice(0, MAX_ROOMS) as unknown[]) {
    if (typeof r !== 'object' || r === null) continue;
    const { id, members, locked } = r as Record<string, unknown>;
    if (typeof id !== 'string' || !ROOM_ID_PATTERN.test(id) || isDmRoom(id)) continue;
    const count = typeof members === 'number' && Number.isSafeInteger(members) && members >= 0 ? members : 0;
    rooms.push({ id, members: count, locked: locked === true });
  }
  return { name, fingerprint: fp?.toUpperCase(), rooms };
}

/** Parses and checks an `/api/info` answer. @throws an Error saying what is wrong with it */
function infoOf(res: PeerResponse): PeerInfo {
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  let body: unknown;
  try {
    body = JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new Error('not JSON');
  }
  const info = validatePeerInfo(body);
  if (!info) throw new Error('not a LAN Chat host');
  return info;
}

/** A host that refuses plain HTTP (`--tls-only`) sends a browser's GET to its https twin. */
const sentToHttps = (res: PeerResponse) =>
  res.status >= 300 && res.status < 400 && /^https:/i.test(String(res.headers.location ?? ''));

/**
 * Fetches and checks `/api/info` at `address` (`host:port`).
 *
 * With a `fingerprint` (the TXT `fp` of its announcement) the host is asked over TLS, pinned to
 * that key. Without one it is asked over plain HTTP; a host that answers only TLS is then asked
 * over TLS and held to the key it presents. Either way, over TLS the info's own `fingerprint`
 * must be the key the connection saw: a host whose words and key disagree is not listed.
 * @throws an Error saying what failed (no answer in time, another key, not a LAN Chat host, too large)
 */
export async function fetchPeerInfo(address: string, fingerprint?: string, timeoutMs = 2500): Promise<PeerInfo> {
  const get = (transport: PeerTransport) => peerRequest(address, '/api/info', { transport, timeoutMs });
  let res = await get(fingerprint ? { tls: true, fingerprint } : { tls: false });
  if (!fingerprint && sentToHttps(res)) res = await get({ tls: true });
  const info = infoOf(res);
  if (res.fingerprint === undefined) return info;
  if (info.fingerprint !== undefined && !fingerprintMatches(info.fingerprint, res.fingerprint)) {
    throw new Error('its /api/info names another key than the one it presented');
  }
  return { ...info, fingerprint: res.fingerprint.toUpperCase() };
}
