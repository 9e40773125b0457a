/**
 * `GET /api/nearby`: the LAN Chat hosts this host has seen on the network (DNS-SD) or been told
 * about (remembered peers), with the rooms each one lists. Browser guests, who cannot send
 * multicast themselves, see the network through it.
 */

/** A room as another host lists it in its `/api/info`. */
export interface NearbyRoom {
  id: string;
  members: number;
  locked: boolean;
}

/** One host seen on the network. */
export interface NearbyHost {
  /** The host's name (its TXT `name`, or its `/api/info` name). */
  name: string;
  /** The full SHA-256 fingerprint, when the host gives one (TXT `fp`). */
  fingerprint?: string;
  /** `host:port` addresses that answered `/api/info` from here, best first; empty when none did. */
  addresses: string[];
  /** Its open rooms (never a direct-message room), from its `/api/info`. */
  rooms: NearbyRoom[];
  /** How this host learned of it. */
  via: 'mdns' | 'remembered';
  /** When it was last heard of (ms since the epoch). */
  seen: number;
}

/** The body of `GET /api/nearby`. */
export interface NearbyReply {
  /** Whether this host browses the network (false: the list holds only remembered peers). */
  browsing: boolean;
  /** Whether this host announces itself. */
  announcing: boolean;
  hosts: NearbyHost[];
}

/** The body of `GET /api/nearby/why`: what the host checked about itself. */
export interface Diagnosis {
  /** `linux`, `win32`, `darwin`… */
  platform: string;
  /**
   * Whether this computer hosts a room (false: the desktop app browsing without hosting; then
   * `port` is 0, `announcing` false and the addresses carry no port and no `portOpen`).
   */
  hosting: boolean;
  port: number;
  /** Listening on loopback only: nobody else can join. */
  loopbackOnly: boolean;
  /** Each address others could use, and whether the port answered there from this machine. */
  addresses: { interface: string; address: string; portOpen?: boolean }[];
  announcing: boolean;
  browsing: boolean;
  hostsSeen: number;
  /** Firewall advice for the host's operating system. */
  firewall: string;
}
