/**
 * Browses for `_lanchat._tcp` with multicast-dns: one socket per LAN interface asks the
 * question at start and then every `queryEveryMs` (so live hosts keep answering and stay, and
 * a host that vanished without a goodbye expires with its TTL), and every response read feeds
 * the bounded {@link Sightings} table.
 */
import makeMdns from 'multicast-dns';
import { SERVICE_TYPE, Sightings, type Sighting } from './sightings.ts';

export interface BrowseOptions {
  /** IPv4 addresses of the interfaces to ask on. */
  interfaces: string[];
  queryEveryMs?: number;
  /** Called when an instance comes, goes or changes. */
  changed: () => void;
  log: (line: string) => void;
  sightings?: Sightings;
}

/** The browsing side of discovery. */
export class MdnsBrowser {
  readonly sightings: Sightings;
  readonly #options: BrowseOptions;
  #sockets: makeMdns.MulticastDNS[] = [];
  #timers: NodeJS.Timeout[] = [];

  constructor(options: BrowseOptions) {
    this.#options = options;
    this.sightings = options.sightings ?? new Sightings();
  }

  start(): void {
    for (const address of this.#options.interfaces) {
      const mdns = makeMdns({ interface: address, bind: '0.0.0.0' });
      mdns.on('error', (err: Error) => this.#options.log(`discovery browse on ${address}: ${err.message}`));
      mdns.on('warning', () => {}); // malformed packets from the LAN: ignored, never fatal
      mdns.on('response', (packet, rinfo) => {
        const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])].slice(0, 64);
        if (this.sightings.apply(records, rinfo.address)) this.#options.changed();
      });
      this.#sockets.push(mdns);
    }
    this.query();
    // RFC 6762 §5.2: ask again after 1 s, then spaced out; a steady pace after that.
    this.#timers.push(setTimeout(() => this.query(), 1000));
    this.#timers.push(setInterval(() => this.query(), this.#options.queryEveryMs ?? 20_000));
    this.#timers.push(setInterval(() => this.sightings.expire() && this.#options.changed(), 2000));
    for (const t of this.#timers) t.unref();
  }

  /** Asks every interface who serves `_lanchat._tcp`. */
  query(): void {
    for (const mdns of this.#sockets) mdns.query(SERVICE_TYPE, 'PTR');
  }

  /** The instances seen (minus this host's own). */
  list(self?: string): Sighting[] {
    return this.sightings.list(self);
  }

  async stop(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
    const all = this.#sockets;
    this.#sockets = [];
    await Promise.all(all.map((m) => new Promise<void>((resolve) => m.destroy(() => resolve()))));
  }
}
