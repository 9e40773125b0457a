/**
 * The browser client's links: `http://HOST:PORT/#/room/ID` opens room ID on the host that served
 * the page. A hash route keeps the host's HTTP side to one static page.
 */
import { formatAddress, hostForUrl, type RoomAddress } from '../../src-shared/address.ts';
import { DEFAULT_PORT, DEFAULT_ROOM, ROOM_ID_PATTERN } from '../../src-shared/protocol.ts';

/** The room a `#/room/ID` hash names, or null. */
export function roomFromHash(hash: string): string | null {
  const m = /^#\/room\/([^/?#]+)\/?$/.exec(hash);
  if (!m) return null;
  let id: string;
  try {
    id = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  return ROOM_ID_PATTERN.test(id) ? id : null;
}

/** What the page's own location offers: the host that served it, when served over http(s). */
export interface PageOrigin {
  protocol: string;
  hostname: string;
  port: string;
  hash: string;
}

/** The host of a page served by a LAN Chat host, or null (file:// in the desktop app). */
function servingHost(loc: PageOrigin): { host: string; port: number; secure: boolean } | null {
  if (loc.protocol !== 'http:' && loc.protocol !== 'https:') return null;
  const secure = loc.protocol === 'https:';
  const port = loc.port === '' ? (secure ? 443 : 80) : Number(loc.port);
  const host = loc.hostname.replace(/^\[|\]$/g, '');
  return { host, port: port || DEFAULT_PORT, secure };
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1)$/i;

/**
 * Whether a page served by one host may open a socket to `target` (docs/security.md, "Which web
 * pages may connect"): hosts let in their own pages, and pages of this same machine when both
 * are reached over loopback; another machine's host refuses the page (403).
 * @returns true when the page is not a host's (the desktop app) or the host will let it in
 */
export function pageMayJoin(loc: PageOrigin, target: RoomAddress): boolean {
  const here = servingHost(loc);
  if (!here) return true;
  const there = target.host.replace(/^\[|\]$/g, '');
  if (there.toLowerCase() === here.host.toLowerCase() && target.port === here.port) return true;
  return LOOPBACK.test(here.host) && LOOPBACK.test(there);
}

/** The address to prefill in the join form: the serving host and the hash's room (or `general`). */
export function prefillAddress(loc: PageOrigin): string | null {
  const h = servingHost(loc);
  if (!h) return null;
  return formatAddress({ ...h, room: roomFromHash(loc.hash) ?? DEFAULT_ROOM });
}

/** The browser link of a room: every host serves the browser client, so any room has one. */
export function roomLink(a: RoomAddress): string {
  return `${a.secure ? 'https' : 'http'}://${hostForUrl(a.host)}:${a.port}/#/room/${encodeURIComponent(a.room)}`;
}
