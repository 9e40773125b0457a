/** The addresses people on the LAN can type to reach this machine. */
import { networkInterfaces } from 'node:os';
import { hostForUrl } from '../../src-shared/address.ts';

/**
 * Every non-internal IPv4 and IPv6 address of this machine with the port, IPv4 first, as people
 * type them (`192.168.1.20:47800`, `[fe80::1]:47800`).
 */
export function lanAddresses(port: number, interfaces = networkInterfaces()): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      (a.family === 'IPv4' ? v4 : v6).push(`${hostForUrl(a.address)}:${port}`);
    }
  }
  return [...v4, ...v6];
}
