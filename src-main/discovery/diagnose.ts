/**
 * "Why can't I see a host?": what this host can check about itself — the addresses others can
 * use, whether its port answers on each of them, whether it announces and browses — and the
 * firewall advice for its operating system. Served at `GET /api/nearby/why`.
 */
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { hostForUrl } from '../../src-shared/address.ts';
import type { Diagnosis } from '../../src-shared/nearby.ts';
import { bindsLoopback, reachableInterfaces } from '../platform/lan-addresses.ts';

/** Whether a TCP connection to `host:port` opens within `ms`. */
function portOpen(host: string, port: number, ms = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(ms, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The firewall advice for this operating system and port. */
export function firewallHint(platform: string, port: number): string {
  switch (platform) {
    case 'win32':
      return `Windows Defender Firewall: allow LAN Chat (or Node.js) on Private networks, and set this network to Private, not Public. It needs TCP port ${port} in and UDP port 5353 (mDNS).`;
    case 'darwin':
      return `System Settings → Network → Firewall: allow incoming connections for LAN Chat (or node). It needs TCP port ${port} in and UDP port 5353 (mDNS).`;
    default:
      return `If a firewall is on, open TCP port ${port} and UDP port 5353 (mDNS): with ufw, “sudo ufw allow ${port}/tcp” and “sudo ufw allow 5353/udp”; with firewalld, “sudo firewall-cmd --add-port=${port}/tcp --add-service=mdns”.`;
  }
}

export interface DiagnoseInput {
  /** The port this computer hosts on; 0 when it hosts nothing (the desktop app, browsing only). */
  port: number;
  bind: string | undefined;
  announcing: boolean;
  browsing: boolean;
  hostsSeen: number;
}

/** Runs the checks (each address's port at once, one second each at most). */
export async function diagnose(input: DiagnoseInput, interfaces = networkInterfaces()): Promise<Diagnosis> {
  const found = reachableInterfaces(input.bind, interfaces);
  const names = new Map<string, string>();
  for (const [name, list] of Object.entries(interfaces)) for (const a of list ?? []) names.set(a.address, name);
  const hosting = input.port > 0;
  const addresses = await Promise.all(
    found.map(async (a) => ({
      interface: names.get(a.address) ?? '?',
      // Nothing listens when nothing is hosted: the address alone, no port to check.
      address: hosting ? `${hostForUrl(a.address)}:${input.port}` : a.address,
      ...(hosting ? { portOpen: await portOpen(a.address, input.port) } : {}),
    })),
  );
  return {
    platform: process.platform,
    hosting,
    port: input.port,
    loopbackOnly: bindsLoopback(input.bind),
    addresses,
    announcing: input.announcing,
    browsing: input.browsing,
    hostsSeen: input.hostsSeen,
    firewall: firewallHint(process.platform, input.port),
  };
}
