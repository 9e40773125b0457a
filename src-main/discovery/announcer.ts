/**
 * Announces this host as `_lanchat._tcp` with DNS-SD over multicast DNS (bonjour-service), on
 * every LAN interface given, and sends goodbye packets (TTL 0) when it stops, so that browsers
 * drop it at once rather than when its records expire.
 */
import { randomBytes } from 'node:crypto';
import { Bonjour } from 'bonjour-service';
import type { EventEmitter } from 'node:events';

export interface AnnounceOptions {
  /** The name people see (TXT `name`). */
  name: string;
  port: number;
  /** The full SHA-256 fingerprint (TXT `fp`), once the host has one. */
  fingerprint?: string;
  /** The IPv4 addresses of the interfaces to announce on: one multicast socket each. */
  interfaces: string[];
  log: (line: string) => void;
}

/** DNS labels are at most 63 bytes; the instance name keeps a random tag so that two hosts of one name never clash. */
function instanceName(name: string, tag: string): string {
  let base = name.replace(/\./g, '-');
  while (Buffer.byteLength(`${base} [${tag}]`) > 63) base = [...base].slice(0, -1).join('');
  return `${base} [${tag}]`;
}

/** The announcement of one running host. */
export class Announcer {
  /** This host's own instance (`<name> [tag]._lanchat._tcp.local`), so a browser can skip itself. */
  readonly fqdn: string;
  readonly #options: AnnounceOptions;
  readonly #instance: string;
  readonly #target: string;
  #bonjours: Bonjour[] = [];

  constructor(options: AnnounceOptions) {
    this.#options = options;
    const tag = randomBytes(3).toString('hex');
    this.#instance = instanceName(options.name, tag);
    // Every host gets its own target name: two hosts called after one machine name must not
    // merge their address records in anyone's cache.
    this.#target = `lanchat-${tag}.local`;
    this.fqdn = `${this.#instance}._lanchat._tcp.local`;
  }

  /** Starts announcing on each interface (a failing interface is logged and skipped). */
  start(): void {
    const txt: Record<string, string> = { v: '1.1', name: this.#options.name };
    if (this.#options.fingerprint) txt.fp = this.#options.fingerprint;
    for (const address of this.#options.interfaces) {
      const log = (err: unknown) => this.#options.log(`discovery announce on ${address}: ${String(err)}`);
      // bind 0.0.0.0: a socket bound to the interface's own address would not receive the
      // multicast queries it must answer.
      const bonjour = new Bonjour({ interface: address, bind: '0.0.0.0' } as object, log);
      mdnsOf(bonjour)?.on('error', log); // a socket error must be logged, never crash the host
      bonjour.publish({
        name: this.#instance,
        type: 'lanchat',
        port: this.#options.port,
        host: this.#target,
        txt,
        probe: false, // the random tag makes the name unique; probing would race our own sockets
        disableIPv6: true,
      });
      this.#bonjours.push(bonjour);
    }
  }

  /** Sends the goodbye packets on every interface, then closes the sockets. */
  async stop(): Promise<void> {
    const all = this.#bonjours;
    this.#bonjours = [];
    await Promise.all(
      all.map(
        (b) =>
          new Promise<void>((resolve) => {
            const done = setTimeout(resolve, 1000); // a dead interface must not hold the stop
            b.unpublishAll(() => {
              clearTimeout(done);
              resolve();
            });
          }),
      ),
    );
    await Promise.all(all.map((b) => new Promise<void>((resolve) => b.destroy(() => resolve()))));
  }
}

/** bonjour-service keeps its multicast-dns socket private; its 'error' event must have a listener. */
function mdnsOf(bonjour: Bonjour): EventEmitter | undefined {
  return (bonjour as unknown as { server?: { mdns?: EventEmitter } }).server?.mdns;
}
