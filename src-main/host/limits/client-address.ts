/**
 * Which address a request comes from, for the per-address limits. It is the socket's own
 * address, except behind a reverse proxy the host was told to trust (`--trust-proxy`): then the
 * last `X-Forwarded-For` entry that is not a trusted proxy itself. A header from anyone else is
 * ignored, or any peer could pick the address its limits are counted against.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** `::ffff:10.0.0.5` and `10.0.0.5` are one peer. */
export function normalizeAddress(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

/** The host's own machine: 127.0.0.0/8 and ::1. */
export function isLoopback(address: string): boolean {
  const a = normalizeAddress(address);
  return a === '::1' || (isIP(a) === 4 && a.startsWith('127.'));
}

/**
 * The address of the peer a request stands for.
 * @param trustProxy addresses of reverse proxies whose `X-Forwarded-For` is believed
 */
export function clientAddress(req: IncomingMessage, trustProxy: ReadonlySet<string>): string {
  const direct = normalizeAddress(req.socket.remoteAddress ?? '?');
  if (!trustProxy.has(direct)) return direct;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map(normalizeAddress);
  // Walk back from the proxy: each trusted hop vouches for the one before it.
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return direct; // a garbled header: count the proxy itself
    if (!trustProxy.has(hop)) return hop;
  }
  return direct;
}

/** Checks `--trust-proxy` values. @returns the normalized set, or throws TypeError */
export function trustedProxies(list: readonly string[]): ReadonlySet<string> {
  for (const a of list) if (isIP(a) === 0) throw new TypeError(`trustProxy: "${a}" is not an IP address`);
  return new Set(list.map(normalizeAddress));
}
