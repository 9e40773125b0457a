/**
 * Reads another host's `GET /api/info`, with a deadline and a size cap, and keeps only what
 * checks out: a LAN Chat host's name and its open rooms (direct-message rooms never).
 */
import { ROOM_ID_PATTERN } from '../../src-shared/protocol.ts';
import { isDmRoom } from '../../src-shared/dm.ts';
import type { NearbyRoom } from '../../src-shared/nearby.ts';
import { cleanName } from './sightings.ts';

const MAX_BYTES = 64 * 1024;
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

/** `http://` URL of a path on a `host:port` address (IPv6 in brackets already). */
export const urlOf = (address: string, path: string) => `http://${address}${path}`;

/**
 * Fetches and checks `/api/info` at `address` (`host:port`).
 * @throws an Error saying what failed (no answer in time, not a LAN Chat host, too large)
 */
export async function fetchPeerInfo(address: string, timeoutMs = 2500): Promise<PeerInfo> {
  const res = await fetch(urlOf(address, '/api/info'), {
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
    headers: { Accept: 'application/json' },
  });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > MAX_BYTES) throw new Error('answer too large');
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Error('not JSON');
  }
  const info = validatePeerInfo(body);
  if (!info) throw new Error('not a LAN Chat host');
  return info;
}
