/** The addresses people on the LAN can type to reach this machine. */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { isIP } from 'node:net';
import { hostForUrl } from '../../src-shared/address.ts';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** Whether a bind address listens on every interface (no `--bind`, `0.0.0.0`, `::`). */
export function bindsEverywhere(bind: string | undefined): boolean {
  return bind === undefined || bind === '' || bind === '0.0.0.0' || bind === '::';
}

/** Whether a bind address is reachable from this machine only (`127.x`, `::1`, `localhost`). */
export function bindsLoopback(bind: string | undefined): boolean {
  if (bind === undefined) return false;
  return bind === 'localhost' || bind === '::1' || (isIP(bind) === 4 && bind.startsWith('127.'));
}

/**
 * The interface addresses that others can reach: not internal, not an IPv6 link-local address
 * (it needs a zone id that means nothing on the other machine), and only the bound one when the
 * host listens on one address (none at all for loopback).
 */
export function reachableInterfaces(
  bind?: string,
  interfaces: Interfaces = networkInterfaces(),
): NetworkInterfaceInfo[] {
  if (bindsLoopback(bind)) return [];
  const everywhere = bindsEverywhere(bind);
  const out: NetworkInterfaceInfo[] = [];
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      if (a.internal || (a.family === 'IPv6' && /^fe[89ab]/i.test(a.address))) continue;
      if (everywhere || a.address === bind) out.push(a);
    }
  }
  return out;
}

/**
 * Every address of this machine that others can use, with the port, IPv4 first, as people
 * type them (`192.168.1.20:47800`, `[fd00::1]:47800`).
 */
export function lanAddresses(port: number, interfaces: Interfaces = networkInterfaces(), bind?: string): string[] {
  const found = reachableInterfaces(bind, interfaces);
  const v4 = found.filter((a) => a.family === 'IPv4');
  const v6 = found.filter((a) => a.family !== 'IPv4');
  return [...v4, ...v6].map((a) => `${hostForUrl(a.address)}:${port}`);
}
