/**
 * Which web pages may open a WebSocket to the host. Browsers let any page open a WebSocket to
 * any address and send its `Origin`; without this check, a page on the internet that someone on
 * the LAN visits could join rooms in their name. Allowed: no `Origin` (the desktop app's main
 * process, scripts, the terminal client), the desktop app's page (`app://lanchat`), and the
 * host's own pages: an origin naming the same host and port the request was sent to, when that
 * name is an IP address, `localhost` or this machine's name. A DNS name that points at the host
 * (DNS rebinding) is not its own unless the host is told so (`allowedOrigins`) or the request
 * comes through a trusted reverse proxy (which checked the name itself).
 *
 * Also allowed: the page of another LAN Chat host, i.e. an origin that is a private, link-local
 * or loopback IP address (one browser window may be in rooms on several hosts of the LAN). A
 * page from the internet cannot have such an origin, and whoever serves one is on the LAN and
 * could connect directly anyway.
 */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { hostname } from 'node:os';

/** The desktop app's page. */
export const APP_ORIGIN = 'app://lanchat';

export interface OriginPolicy {
  /** Further origins allowed, exactly as browsers send them (`https://chat.example.lan`). */
  allowedOrigins: ReadonlySet<string>;
  /** The request came through a trusted proxy. */
  viaTrustedProxy: boolean;
}

/** Addresses that only exist inside a LAN (or this machine). */
const LAN = new BlockList();
for (const [net, bits] of [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['169.254.0.0', 16],
  ['127.0.0.0', 8],
] as const)
  LAN.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['fc00::', 7],
  ['fe80::', 10],
  ['::1', 128],
] as const)
  LAN.addSubnet(net, bits, 'ipv6');

/** Whether an origin's host name is a LAN (or loopback) IP literal. */
function isLanAddress(hostname: string): boolean {
  const a = unbracket(hostname);
  const family = isIP(a);
  return family !== 0 && LAN.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

const unbracket = (h: string) => (h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h);

/** Names that always mean this machine: IP literals, localhost, its host name (and `.local`). */
function isOwnName(name: string): boolean {
  const n = unbracket(name.toLowerCase()).replace(/\.$/, '');
  const me = hostname().toLowerCase();
  return isIP(n) !== 0 || n === 'localhost' || n === me || n === `${me}.local`;
}

/** Whether the request's `Origin` may open a WebSocket. */
export function originAllowed(req: IncomingMessage, policy: OriginPolicy): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (origin === APP_ORIGIN || policy.allowedOrigins.has(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (isLanAddress(url.hostname)) return true;
  const host = req.headers.host;
  if (!host) return false;
  let target: URL;
  try {
    target = new URL(`${url.protocol}//${host}`);
  } catch {
    return false;
  }
  // A proxy passes `Host` on without the port it listens on (nginx's `$host`): names must agree.
  if (policy.viaTrustedProxy) return url.hostname === target.hostname;
  return url.host === target.host && isOwnName(url.hostname);
}

/** The origins, other than the page's own, that may read the host's API (CORS): never `*`. */
export function corsOrigin(req: IncomingMessage, allowedOrigins: ReadonlySet<string>): string | undefined {
  const origin = req.headers.origin;
  if (origin === APP_ORIGIN || (origin !== undefined && allowedOrigins.has(origin))) return origin;
  return undefined;
}
