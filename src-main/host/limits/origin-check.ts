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
 * Not allowed: the page of another machine, even another LAN Chat host's. A page served from a
 * LAN address (a guest's laptop, a compromised printer, another host) that someone here opens
 * would otherwise use their browser to join rooms and knock from their address (docs/security.md,
 * "Which web pages may connect"). The one exception is this machine itself: a page served from
 * loopback may connect to a host reached over loopback (several hosts on one computer), which no
 * other machine's page can do. Deployments that want pages of their other hosts to connect name
 * them with `--allow-origin`.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

/** The desktop app's page. */
export const APP_ORIGIN = 'app://lanchat';

export interface OriginPolicy {
  /** Further origins allowed, exactly as browsers send them (`https://chat.example.lan`). */
  allowedOrigins: ReadonlySet<string>;
  /** The request came through a trusted proxy. */
  viaTrustedProxy: boolean;
}

/** Names of this machine's loopback: 127.0.0.0/8, ::1 and localhost. */
function isLoopbackName(name: string): boolean {
  const n = unbracket(name.toLowerCase()).replace(/\.$/, '');
  if (n === 'localhost' || n === '::1') return true;
  return isIP(n) === 4 && n.startsWith('127.');
}

const unbracket = (h: string) => (h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h);

/** An `Origin` header of a web page (http or https), parsed; undefined for anything else. */
function webOrigin(origin: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

/**
 * Names that mean this machine when the request itself was sent to that name (the WebSocket
 * check compares the page's host with the request's `Host`): any IP literal, localhost, its host
 * name (and `.local`). Without a request to compare with, {@link ownOrigins} needs the stricter
 * list of this machine's actual names and addresses.
 */
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
  const url = webOrigin(origin);
  if (!url) return false;
  const host = req.headers.host;
  if (!host) return false;
  let target: URL;
  try {
    target = new URL(`${url.protocol}//${host}`);
  } catch {
    return false;
  }
  // This machine's page to this machine's host, both over loopback: no other machine can be that.
  if (!policy.viaTrustedProxy && isLoopbackName(url.hostname) && isLoopbackName(target.hostname)) return true;
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

const NAMES_TTL_MS = 30_000;

/**
 * The CORS check of a host listening on `port()`: the desktop app, and pages served by this
 * host itself under any of its names (localhost, its host name, each interface address).
 */
export function ownOrigins(port: () => number): (origin: string) => boolean {
  let names = new Set<string>();
  let at = -Infinity;
  return (origin) => {
    if (origin === APP_ORIGIN) return true;
    const url = webOrigin(origin);
    if (!url) return false;
    const p = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    if (p !== port()) return false;
    if (Date.now() - at > NAMES_TTL_MS) {
      names = machineNames();
      at = Date.now();
    }
    return names.has(url.hostname.replace(/^\[|\]$/g, '').toLowerCase());
  };
}

function machineNames(): Set<string> {
  const host = hostname().toLowerCase();
  const names = new Set(['localhost', host, `${host}.local`]);
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) names.add(a.address.toLowerCase().split('%')[0]!);
  }
  return names;
}
